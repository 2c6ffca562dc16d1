"""What replykit does, as functions that return outcomes: the CLI, the tests and an editor
server call these. Nothing here prints, reads the terminal or exits.

Each command's outcome carries the reports to show, one-line notices for stderr, the
per-file input errors and the exit code the command should end with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from replykit.config import Config, deep_merge, load_config
from replykit.errors import ReplykitError
from replykit.models import FileReport, Severity

if TYPE_CHECKING:
    from replykit.library.snippets import Library
    from replykit.lint.settings import LintSettings
    from replykit.models import Draft

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def load_settings(config_path: Path | str | None = None, *, near: str | None = None) -> Config:
    """The merged, validated config (user < project < ``--config``).

    ``near`` is the file being worked on (an editor's buffer sent on stdin): the project
    config is the one nearest to it rather than to the working directory.
    """
    return load_config(config_path, cwd=Path(near).parent if near else None)


def open_library(extra: list[Path] | None, config: Config, *, builtin: bool = True) -> Library:
    """``--library`` folders first, then config's ``library``, then the built-in one."""
    from replykit.library.snippets import Library, builtin_library

    folders = [*(extra or []), *config.libraries]
    if builtin:
        folders.append(builtin_library())
    return Library(folders)


class LintOutcome:
    """Reports to show (findings below ``min_severity`` already hidden) and the exit code.

    The outcomes here are plain classes and NamedTuples, not dataclasses: see
    replykit/__main__.py.
    """

    __slots__ = ("errors", "exit_code", "notices", "reports")

    def __init__(
        self,
        reports: list[FileReport] | None = None,
        errors: list[ReplykitError] | None = None,
        notices: list[str] | None = None,
        exit_code: int = EXIT_CLEAN,
    ) -> None:
        self.reports = [] if reports is None else reports
        self.errors = [] if errors is None else errors
        self.notices = [] if notices is None else notices
        self.exit_code = exit_code


def finish(
    reports: list[FileReport],
    settings: LintSettings,
    *,
    errors: list[ReplykitError] | None = None,
    notices: list[str] | None = None,
) -> LintOutcome:
    """Exit code from ``fail_on`` (before hiding), then hide findings below ``min_severity``."""
    failing = any(f.severity >= settings.fail_on for r in reports for f in r.findings)
    for report in reports:
        report.findings = [f for f in report.findings if f.severity >= settings.min_severity]
    code = EXIT_INPUT if errors else EXIT_FINDINGS if failing else EXIT_CLEAN
    return LintOutcome(reports, list(errors or []), list(notices or []), code)


def customer_names_from(
    names: list[str] | None, context_files: list[str] | None
) -> tuple[str, ...]:
    """``--name`` values plus the customer's names from ``--context`` files."""
    found = tuple(names or ())
    if context_files:
        from replykit.library.context import build_context
        from replykit.lint.engine import customer_names

        found += customer_names(build_context(context_files, []).values)
    return found


class GrammarRequest(NamedTuple):
    """How to check grammar this run: flags that override ``[grammar]``."""

    url: str | None = None
    require: bool | None = None
    no_cache: bool = False
    engine: str | None = None  # --grammar: harper, languagetool or off


def add_grammar(
    reports: list[FileReport],
    config: Config,
    request: GrammarRequest,
    *,
    default: str = "off",
    names: tuple[str, ...] = (),
    tone: str = "casual",
    subject: str | None = None,
    jobs: int | None = None,
) -> list[str]:
    """Add grammar and spelling findings with the engine chosen; else the notice saying how."""
    add_findings, notices = prepare_grammar(
        config, request, default=default, names=names, tone=tone, subject=subject, jobs=jobs
    )
    if add_findings is not None:
        add_findings(reports)
    return notices


def prepare_grammar(
    config: Config, request: GrammarRequest, **options: Any
) -> tuple[Callable[[list[FileReport]], None] | None, list[str]]:
    """The engine set up once for the run (see ``replykit.grammar.engine.prepare``)."""
    from replykit.grammar.engine import prepare

    return prepare(
        config,
        engine=request.engine,
        url=request.url,
        require=request.require,
        no_cache=request.no_cache,
        **options,
    )


def is_batch(targets: list[str], files: list[str]) -> bool:
    """A folder or several files: grammar's one-second load is paid once for all of them."""
    return len(files) > 1 or any(t != "-" and Path(t).is_dir() for t in targets)


def lint(
    targets: list[str],
    config: Config,
    settings: LintSettings,
    *,
    subject: str | None = None,
    names: tuple[str, ...] = (),
    jobs: int | None = None,
    grammar: GrammarRequest | None = None,
    stdin_name: str | None = None,
) -> LintOutcome:
    """Lint files, folders or ``-``, every report kept (``lint_stream`` keeps none);
    per-file input errors make the exit code 2."""
    stream = lint_stream(
        targets,
        config,
        settings,
        subject=subject,
        names=names,
        jobs=jobs,
        grammar=grammar,
        stdin_name=stdin_name,
    )
    outcome = LintOutcome()
    for item in stream:
        if isinstance(item, FileReport):
            outcome.reports.append(item)
        else:
            outcome.errors.append(item)
    outcome.notices = stream.notices
    outcome.exit_code = stream.exit_code
    return outcome


class LintStream:
    """A batch's reports one at a time, in input order, findings below ``min_severity``
    hidden; only the counts stay behind, so 100,000 replies need no more memory than one.

    Iterate it once (per-file input errors come through as ReplykitError items); then
    ``counts``, ``files`` and ``exit_code`` describe the whole batch.
    """

    def __init__(
        self,
        items: Iterator[FileReport | ReplykitError],
        settings: LintSettings,
        *,
        notices: list[str] | None = None,
        stdin_name: str | None = None,  # the name stdin's text is reported under
    ) -> None:
        self.items, self.settings, self.stdin_name = items, settings, stdin_name
        self.notices = [] if notices is None else notices
        self.files = self.errors = 0
        self.failing = False
        self.counts = dict.fromkeys((Severity.ERROR, Severity.WARNING, Severity.SUGGESTION), 0)

    def __iter__(self) -> Iterator[FileReport | ReplykitError]:
        fail_on, floor = self.settings.fail_on, self.settings.min_severity
        from replykit.io.files import STDIN_LABEL

        for item in self.items:
            if self.stdin_name and item.path == STDIN_LABEL:
                item.path = self.stdin_name
            if isinstance(item, ReplykitError):
                self.errors += 1
                yield item
                continue
            self.files += 1
            if not self.failing and any(f.severity >= fail_on for f in item.findings):
                self.failing = True
            item.findings = [f for f in item.findings if f.severity >= floor]
            for finding in item.findings:
                self.counts[finding.severity] += 1
            yield item

    @property
    def exit_code(self) -> int:
        return EXIT_INPUT if self.errors else EXIT_FINDINGS if self.failing else EXIT_CLEAN


def lint_stream(
    targets: list[str],
    config: Config,
    settings: LintSettings,
    *,
    subject: str | None = None,
    names: tuple[str, ...] = (),
    jobs: int | None = None,
    grammar: GrammarRequest | None = None,
    stdin_name: str | None = None,
) -> LintStream:
    """Reports streamed as they finish, in input order. With grammar on, the batch is
    checked whole first (LanguageTool answers many replies per request).

    ``stdin_name`` names the text read from stdin (an editor's unsaved buffer) in reports.
    """
    from replykit.grammar import OFF_NOTICE
    from replykit.lint.batch import collect_files, iter_lint

    if jobs is not None and jobs < 1:
        raise ReplykitError(f"--jobs must be 1 or more, not {jobs}")
    request = grammar or GrammarRequest()
    files = collect_files(targets or ["-"])
    default = "harper" if is_batch(targets or ["-"], files) else "off"
    engine = grammar_engine(config, request, default)
    items = iter_lint(files, settings, subject=subject, names=names, jobs=jobs)
    if engine == "off":
        notices = [] if request.engine or config.grammar.get("engine") else [OFF_NOTICE]
        return LintStream(items, settings, notices=notices, stdin_name=stdin_name)
    add_findings, notices = prepare_grammar(
        config,
        request,
        default=default,
        names=names,
        tone=settings.tone,
        subject=subject,
        jobs=jobs if engine == "languagetool" else 1,
    )
    assert add_findings is not None  # the engine is on
    if engine == "languagetool":  # the whole batch at once: the server answers many
        results = list(items)
        add_findings([r for r in results if isinstance(r, FileReport)])
        return LintStream(iter(results), settings, notices=notices, stdin_name=stdin_name)

    def with_grammar() -> Iterator[FileReport | ReplykitError]:
        """Harper on each report as it arrives: set up once, the batch still streamed.
        An engine that cannot load says so once, on the first report."""
        unavailable = False
        for item in items:
            if isinstance(item, FileReport) and not unavailable:
                add_findings([item])
                unavailable = any(f.rule == "grammar-unavailable" for f in item.findings)
            yield item

    return LintStream(with_grammar(), settings, notices=notices, stdin_name=stdin_name)


def grammar_engine(config: Config, request: GrammarRequest, default: str) -> str:
    """The engine this run uses: ``harper``, ``languagetool`` or ``off``."""
    import os

    from replykit.grammar import ENV_SERVER

    if request.engine == "off":
        return "off"  # nothing to read: the engines' settings stay unloaded
    nothing_set = request.engine is None and request.url is None and not config.grammar
    if nothing_set and not os.environ.get(ENV_SERVER):
        return default  # no settings to read: the engines' modules stay unloaded
    from replykit.grammar.engine import settings_for

    chosen = settings_for(
        config,
        engine=request.engine,
        url=request.url,
        require=request.require,
        no_cache=request.no_cache,
    )
    return chosen.choose(default)


class FixedFile(NamedTuple):
    label: str  # the path as given, or <stdin>
    original: str
    fixed: str
    count: int
    encoded: int = 0  # MIME-encoded messages, left as they are


def fix(
    targets: list[str],
    settings: LintSettings,
    *,
    subject: str | None = None,
    names: tuple[str, ...] = (),
    write: bool = True,
    config: Config | None = None,
    grammar_engine: str | None = None,
) -> list[FixedFile]:
    """Apply certain fixes to each file; with ``write``, files that changed are rewritten.

    Harper's certain grammar fixes are applied where lint would run Harper (a batch,
    ``--grammar harper`` or ``[grammar] engine = "harper"``)."""
    from replykit.io.files import STDIN, STDIN_LABEL, atomic_write, decode, read_bytes
    from replykit.lint.batch import collect_files
    from replykit.lint.fix import encoded_messages, fix_text

    files = collect_files(targets or ["-"])
    grammar_fixes = None
    if config is not None:
        from replykit.grammar.engine import certain_fixes

        default = "harper" if is_batch(targets or ["-"], files) else "off"
        grammar_fixes = certain_fixes(config, default=default, engine=grammar_engine, names=names)
    done: list[FixedFile] = []
    for path in files:
        raw = read_bytes(path, what="reply")
        original = decode(raw, STDIN_LABEL if path == STDIN else path, what="reply")
        fixed, count = fix_text(
            original, settings, subject=subject, names=names, extra=grammar_fixes
        )
        if write and count and path != STDIN:
            bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
            atomic_write(path, bom + fixed, must_be_new=False)
        label = STDIN_LABEL if path == STDIN else path
        done.append(FixedFile(label, original, fixed, count, encoded_messages(original)))
    return done


def project_libraries(config: Config, root: Path | None = None) -> list[Path]:
    """The snippet libraries inside ``root`` (default: cwd): configured ones, else ``snippets/``.

    What a repository's pre-commit hook checks: the team's own snippets, not the built-in
    library or an agent's personal folders elsewhere.
    """
    here = (root or Path.cwd()).resolve()
    inside = [p for p in config.libraries if p.resolve().is_relative_to(here)]
    if not inside and (here / "snippets").is_dir():
        inside = [here / "snippets"]
    if not inside:
        raise ReplykitError(
            "no snippet library in this repository",
            path=here,
            hint='add library = ["FOLDER"] to its replykit.toml, or keep snippets in snippets/',
        )
    return inside


def check_library(
    folders: list[Path] | None,
    config: Config,
    settings: LintSettings,
    *,
    grammar_engine: str | None = None,
) -> LintOutcome:
    """``replykit check``: the given library folders, or the configured ones and the built-in.

    The built-in library is checked with sample agent and company values, never with the
    user's config: a team's missing ``[company]`` key is not a fault of the shipped library.
    """
    from replykit.library.check import check_libraries
    from replykit.library.snippets import builtin_library

    configured = [*config.libraries, builtin_library()]
    chosen = list(folders or configured)
    for folder in chosen:
        if not folder.is_dir():
            raise ReplykitError(
                "snippet library folder not found", path=folder, hint="give a folder of snippets"
            )
        if not any(folder.rglob("*.txt")):  # a wrong folder would otherwise pass as clean
            raise ReplykitError(
                "no snippets (*.txt) in this folder", path=folder, hint="give a snippet library"
            )
    from replykit.grammar.engine import library_checker

    grammar = library_checker(config, default="harper", engine=grammar_engine)
    errors: list[ReplykitError] = []
    reports = check_libraries(
        chosen, config, settings, layers=configured, grammar=grammar, errors=errors
    )
    return finish(reports, settings, errors=errors)


def rules_catalogue() -> list[dict[str, str]]:
    """Every rule: name, code, default severity, what it checks, a bad and a good example."""
    from replykit.rules import all_rules

    return [
        {
            "name": r.name,
            "code": r.code,
            "severity": r.severity.label,
            "summary": r.summary,
            "bad": r.bad,
            "good": r.good,
        }
        for r in sorted(all_rules().values(), key=lambda r: r.code)
    ]


# ----------------------------------------------------------------------------- draft


class DraftRequest(NamedTuple):
    snippet: str
    context_files: Sequence[str] = ()
    assignments: Sequence[str] = ()
    use_example: bool = False
    body_only: bool = False
    as_json: bool = False
    as_eml: bool = False  # a reply message with In-Reply-To/References
    reply_to: str | None = None  # the customer's message (.eml, mbox, or - for stdin)
    lint: bool = True
    grammar: GrammarRequest = GrammarRequest()


class DraftOutcome:
    """The reply as it will be handed over, what linting it found, and the exit code."""

    __slots__ = (
        "body",
        "draft",
        "exit_code",
        "output",
        "reply_text",
        "report",
        "subject",
        "warnings",
    )

    def __init__(
        self,
        *,
        draft: Draft,
        subject: str,
        body: str,
        output: str,  # what goes to stdout or --out: the reply, or its JSON
        reply_text: str,  # what goes on the clipboard: subject and body, or the body only
        warnings: list[str],
    ) -> None:
        self.draft, self.subject, self.body, self.output = draft, subject, body, output
        self.reply_text, self.warnings = reply_text, warnings
        self.report: FileReport | None = None
        self.exit_code = EXIT_CLEAN

    @property
    def has_errors(self) -> bool:
        return self.report is not None and any(
            f.severity >= Severity.ERROR for f in self.report.findings
        )


def draft(
    request: DraftRequest,
    config: Config,
    library: Library,
    *,
    ask: Callable[[list[Any]], dict[str, Any]] | None = None,
    edit: Callable[[str], str] | None = None,
) -> DraftOutcome:
    """Render a snippet for one customer (config < example < context < --set), let the
    agent edit it, and lint exactly the text that will be handed over."""
    from replykit.library.context import build_context
    from replykit.library.render import render_snippet

    snippet = library.load(request.snippet)
    base: dict[str, Any] = {"agent": config.agent, "company": config.company}
    if request.use_example:  # self-contained: the library's example agent and company fill gaps
        base = deep_merge(deep_merge(library.example_values, base), snippet.example)
    subject_template = None
    if request.reply_to:
        from replykit.library.replyto import message_values, read_message_bytes, reply_subject

        if request.reply_to == "-" and "-" in request.context_files:
            raise ReplykitError(
                "--reply-to - and --context - cannot both read stdin", hint="save one to a file"
            )
        replied = message_values(*read_message_bytes(request.reply_to))
        their = replied["message"].get("subject")
        if their:
            replied["message"]["reply_subject"] = reply_subject(their)
        if snippet.reply_subject or their:  # "Re: <their subject>" unless the snippet says
            subject_template = snippet.reply_subject or "{{ message.reply_subject }}"
        base = deep_merge(base, replied)
    context = build_context(
        request.context_files, request.assignments, base=base, mapping=config.context_map
    )
    sources = [*context.sources, "config" if config.files else "a config file", "--set"]
    if request.use_example:
        sources.insert(0, "the snippet's example")
    if request.reply_to:
        sources.insert(0, "the message replied to")
    sources_text = ", ".join(sources[:-1]) + " or " + sources[-1]
    variables = {**context.values, "tone": snippet.tone}
    rendered = render_snippet(
        snippet, variables, library, sources=sources_text, ask=ask, subject=subject_template
    )
    subject, body = rendered.subject, rendered.body
    reply_text = body if request.body_only else f"Subject: {subject}\n\n{body}"
    if edit is not None:
        reply_text = edit(reply_text)
        subject, body = _split_edited(reply_text, subject, body_only=request.body_only)
    output = reply_text
    if request.as_json:
        import json

        data = {"snippet": rendered.snippet_id, "subject": subject, "body": body}
        output = json.dumps(data, ensure_ascii=True, indent=2) + "\n"
    elif request.as_eml:
        from replykit.library.replyto import reply_eml

        output = reply_eml(subject, body, context.values)
    outcome = DraftOutcome(
        draft=rendered,
        subject=subject,
        body=body,
        output=output,
        reply_text=reply_text,
        warnings=list(context.warnings),
    )
    if request.lint:
        from replykit.lint.engine import customer_names, lint_text
        from replykit.lint.settings import make_settings

        names = customer_names(context.values)
        outcome.report = lint_text(
            f"Subject: {subject}\n\n{body}",
            f"draft:{rendered.snippet_id}",
            make_settings(config),
            names=names,
            tone=rendered.tone,
        )
        people = [context.values.get(k, {}) for k in ("agent", "company")]
        names += tuple(str(p["name"]) for p in people if isinstance(p, dict) and p.get("name"))
        add_grammar(
            [outcome.report],
            config,
            request.grammar,
            default="harper",
            names=names,
            tone=rendered.tone,
        )
        outcome.exit_code = EXIT_FINDINGS if outcome.has_errors else EXIT_CLEAN
    return outcome


def _split_edited(text: str, subject: str, *, body_only: bool) -> tuple[str, str]:
    """Subject and body of the edited reply (a removed Subject line keeps the old one)."""
    if body_only:
        return subject, text
    from replykit.text.reply import parse_reply

    parsed = parse_reply(text)
    if not parsed.has_headers:
        return subject, text
    return parsed.subject or subject, text[parsed.body_start :]


def context_fields(snippet_id: str, library: Library) -> list[Any]:
    """The fields a context file for this snippet fills: every value its subject, body and
    partials read, except what config (agent, company), a reply (message) or replykit gives."""
    from replykit.library.check import CONFIG_TABLES, snippet_uses
    from replykit.library.fields import BUILTIN_FIELDS, Field

    snippet = library.load(snippet_id)
    known = {f.path: f for f in snippet.fields}
    wanted = []
    for use in snippet_uses(snippet, library):
        root = use.path.split(".")[0]
        if root in CONFIG_TABLES or root in BUILTIN_FIELDS or root == "tone":
            continue
        wanted.append(known.get(use.path) or Field(use.path))
    greeting = ("customer.first_name", "customer.last_name", "customer.title")
    order = {f.path: i for i, f in enumerate(wanted)}  # customer first, as people read it
    return sorted(
        wanted,
        key=lambda f: (
            not f.path.startswith("customer."),
            greeting.index(f.path) if f.path in greeting else len(greeting),
            order[f.path],
        ),
    )
