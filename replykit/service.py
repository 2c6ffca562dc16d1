"""What replykit does, as functions that return outcomes: the CLI, the tests and an editor
server call these. Nothing here prints, reads the terminal or exits.

Each command's outcome carries the reports to show, one-line notices for stderr, the
per-file input errors and the exit code the command should end with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replykit.config import Config, deep_merge, load_config
from replykit.errors import ReplykitError
from replykit.models import FileReport, Severity

if TYPE_CHECKING:
    from replykit.library.snippets import Library
    from replykit.lint.settings import LintSettings
    from replykit.models import Draft

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def load_settings(config_path: Path | str | None = None) -> Config:
    """The merged, validated config (user < project < ``--config``)."""
    return load_config(config_path)


def open_library(extra: list[Path] | None, config: Config, *, builtin: bool = True) -> Library:
    """``--library`` folders first, then config's ``library``, then the built-in one."""
    from replykit.library.snippets import Library, builtin_library

    folders = [*(extra or []), *config.libraries]
    if builtin:
        folders.append(builtin_library())
    return Library(folders)


@dataclass(slots=True)
class LintOutcome:
    """Reports to show (findings below ``min_severity`` already hidden) and the exit code."""

    reports: list[FileReport] = field(default_factory=list)
    errors: list[ReplykitError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    exit_code: int = EXIT_CLEAN


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


@dataclass(slots=True)
class GrammarRequest:
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
    from replykit.grammar.engine import add_grammar as add

    return add(
        reports,
        config,
        default=default,
        engine=request.engine,
        url=request.url,
        require=request.require,
        no_cache=request.no_cache,
        names=names,
        tone=tone,
        subject=subject,
        jobs=jobs,
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
) -> LintOutcome:
    """Lint files, folders or ``-``; per-file input errors make the exit code 2."""
    from replykit.errors import InputError
    from replykit.lint.batch import collect_files, lint_files

    if jobs is not None and jobs < 1:
        raise ReplykitError(f"--jobs must be 1 or more, not {jobs}")
    files = collect_files(targets or ["-"])
    results = lint_files(files, settings, subject=subject, names=names, jobs=jobs)
    errors = [r for r in results if isinstance(r, InputError)]
    reports = [r for r in results if isinstance(r, FileReport)]
    notices = add_grammar(
        reports,
        config,
        grammar or GrammarRequest(),
        default="harper" if is_batch(targets or ["-"], files) else "off",
        names=names,
        tone=settings.tone,
        subject=subject,
        jobs=jobs,
    )
    return finish(reports, settings, errors=errors, notices=notices)


@dataclass(slots=True)
class FixedFile:
    label: str  # the path as given, or <stdin>
    original: str
    fixed: str
    count: int


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
    from replykit.io.files import STDIN, STDIN_LABEL, atomic_write, read_text
    from replykit.lint.batch import collect_files
    from replykit.lint.fix import fix_text

    files = collect_files(targets or ["-"])
    grammar_fixes = None
    if config is not None:
        from replykit.grammar.engine import certain_fixes

        default = "harper" if is_batch(targets or ["-"], files) else "off"
        grammar_fixes = certain_fixes(config, default=default, engine=grammar_engine, names=names)
    done: list[FixedFile] = []
    for path in files:
        original = read_text(path, what="reply")
        fixed, count = fix_text(
            original, settings, subject=subject, names=names, extra=grammar_fixes
        )
        if write and count and path != STDIN:
            bom = "\ufeff" if Path(path).read_bytes().startswith(b"\xef\xbb\xbf") else ""
            atomic_write(path, bom + fixed, must_be_new=False)
        done.append(FixedFile(STDIN_LABEL if path == STDIN else path, original, fixed, count))
    return done


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
    from replykit.grammar.engine import library_checker

    grammar = library_checker(config, default="harper", engine=grammar_engine)
    reports = check_libraries(chosen, config, settings, layers=configured, grammar=grammar)
    return finish(reports, settings)


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


@dataclass(slots=True)
class DraftRequest:
    snippet: str
    context_files: list[str] = field(default_factory=list)
    assignments: list[str] = field(default_factory=list)
    use_example: bool = False
    body_only: bool = False
    as_json: bool = False
    lint: bool = True
    grammar: GrammarRequest = field(default_factory=GrammarRequest)


@dataclass(slots=True)
class DraftOutcome:
    """The reply as it will be handed over, what linting it found, and the exit code."""

    draft: Draft
    subject: str
    body: str
    output: str  # what goes to stdout or --out: the reply, or its JSON
    reply_text: str  # what goes on the clipboard: subject and body, or the body only
    warnings: list[str] = field(default_factory=list)
    report: FileReport | None = None
    exit_code: int = EXIT_CLEAN

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
    ask: Callable[[str], str] | None = None,
    edit: Callable[[str], str] | None = None,
) -> DraftOutcome:
    """Render a snippet for one customer (config < example < context < --set), let the
    agent edit it, and lint exactly the text that will be handed over."""
    from replykit.library.context import build_context
    from replykit.library.render import render_snippet

    snippet = library.load(request.snippet)
    base: dict[str, Any] = {"agent": config.agent, "company": config.company}
    if request.use_example:
        base = deep_merge(base, snippet.example)
    context = build_context(request.context_files, request.assignments, base=base)
    sources = [*context.sources, "config" if config.files else "a config file", "--set"]
    if request.use_example:
        sources.insert(0, "the snippet's example")
    sources_text = ", ".join(sources[:-1]) + " or " + sources[-1]
    variables = {**context.values, "tone": snippet.tone}
    rendered = render_snippet(snippet, variables, library, sources=sources_text, ask=ask)
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
