"""The command line: parse, call the library, pick a reporter, exit.

Every user-caused failure is a ReplykitError, printed as one ``error:`` line with exit
code 2; Ctrl-C exits quietly with 130. Heavy modules are imported inside the commands
that need them, so ``replykit lint`` never pays for jinja2 or LanguageTool.
"""

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from replykit.errors import ReplykitError

if TYPE_CHECKING:
    from rich.console import Console

    from replykit.config import Config
    from replykit.models import FileReport


def _new_app() -> typer.Typer:
    return typer.Typer(
        name="replykit",
        help="Draft and lint customer-support email replies.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _new_app()
snippets_app = typer.Typer(help="List, show and search the snippet library.", no_args_is_help=True)
context_app = typer.Typer(help="Customer context files.", no_args_is_help=True)
app.add_typer(snippets_app, name="snippets")
app.add_typer(context_app, name="context")

F = TypeVar("F", bound=Callable[..., Any])


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class LintFormat(str, Enum):
    rich = "rich"
    line = "line"
    json = "json"


class DraftFormat(str, Enum):
    text = "text"
    json = "json"


class ListFormat(str, Enum):
    table = "table"
    json = "json"


class SeverityName(str, Enum):
    error = "error"
    warning = "warning"
    suggestion = "suggestion"


class Tone(str, Enum):
    casual = "casual"
    formal = "formal"


def fail(message: str, code: int = 2) -> typer.Exit:
    from replykit.reporters import safe

    sys.stderr.write(f"error: {safe(message)}\n")
    return typer.Exit(code)


def handle_errors(command: F) -> F:
    """One place that turns ReplykitError into a line and exit 2, Ctrl-C into 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ReplykitError as exc:
            raise fail(exc.render(), exc.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def use_color(color: Color, stream: Any) -> bool:
    if color is Color.always:
        return True
    if color is Color.never or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def make_console(color: Color, *, stderr: bool = False) -> "Console":
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    styled = use_color(color, stream)
    return Console(
        file=stream,
        force_terminal=styled,
        no_color=not styled,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        color_system="auto" if styled else None,
    )


def load_settings(config_path: Path | None) -> "Config":
    from replykit.config import load_config

    return load_config(config_path)


# Options shared by several commands.
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Config file to use.", show_default=False)
]
ColorOpt = Annotated[Color, typer.Option("--color", help="Colour and styling.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
LibraryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--library",
        "-L",
        help="Extra snippet library (repeatable; earlier wins).",
        show_default=False,
    ),
]
ContextOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--context",
        "-c",
        help="Customer context file, TOML or JSON ('-' for stdin; later wins).",
        show_default=False,
    ),
]


def complete_snippet_id(incomplete: str) -> list[str]:
    """Shell completion for snippet ids from the configured libraries."""
    try:
        from replykit.service import open_library

        library = open_library(None, load_settings(None))
        ids = library.ids
    except ReplykitError:
        return []
    bases = {i.rsplit("/", 1)[-1] for i in ids}
    return sorted(c for c in {*ids, *bases} if c.startswith(incomplete))


# ----------------------------------------------------------------------------- draft


def _ask_on_terminal(variable: str) -> str:
    """Ask for one missing value (``-i``), like a fill-in field."""
    sys.stderr.write(f"{variable}: ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer:
        raise ReplykitError(f"no value given for {variable}")
    answer = answer.rstrip("\n")
    if not answer.strip():
        raise ReplykitError(f"{variable} cannot be empty")
    return answer


@app.command()
@handle_errors
def draft(
    snippet: Annotated[
        str,
        typer.Argument(
            help="Snippet id, e.g. billing/refund-issued.", autocompletion=complete_snippet_id
        ),
    ],
    context: ContextOpt = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", "-s", help="Override a value: key.path=value (repeatable).", show_default=False
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Use the snippet's example values.")
    ] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask for each missing value.")
    ] = False,
    library: LibraryOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[
        DraftFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DraftFormat.text,
    body_only: Annotated[bool, typer.Option("--body-only", help="Print the body only.")] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the reply to a file.", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --out replace a file.")] = False,
    copy: Annotated[bool, typer.Option("--copy", help="Copy the reply to the clipboard.")] = False,
    edit: Annotated[bool, typer.Option("--edit", "-e", help="Open $EDITOR on the draft.")] = False,
    no_lint: Annotated[bool, typer.Option("--no-lint", help="Do not lint the draft.")] = False,
    color: ColorOpt = Color.auto,
    quiet: QuietOpt = False,
) -> None:
    """Render a reply from a snippet and a customer context."""
    from replykit.service import draft_reply, open_library

    settings = load_settings(config)
    lib = open_library(library, settings)
    if interactive and not sys.stdin.isatty():
        raise ReplykitError("--interactive needs a terminal on stdin")
    result = draft_reply(
        lib,
        snippet,
        settings,
        context_files=context or [],
        assignments=set_ or [],
        use_example=example,
        ask=_ask_on_terminal if interactive else None,
    )
    for warning in result.warnings:
        if not quiet:
            sys.stderr.write(f"warning: {warning}\n")
    reply = result.draft
    text = reply.body if body_only else reply.as_text()
    if edit:
        from replykit.io.editor import edit_text

        text = edit_text(text)
    if fmt is DraftFormat.json:
        import json

        subject, body = reply.subject, reply.body
        if edit:
            from replykit.text.reply import parse_reply

            parsed = parse_reply(text)
            subject = parsed.subject or subject
            body = text[parsed.body_start :] if parsed.has_headers else text
        output = (
            json.dumps(
                {"snippet": reply.snippet_id, "subject": subject, "body": body},
                ensure_ascii=True,
                indent=2,
            )
            + "\n"
        )
    else:
        output = text
    if out is not None:
        from replykit.io.files import atomic_write

        atomic_write(out, output, force=force)
    else:
        sys.stdout.write(output)
        sys.stdout.flush()
    if copy:
        from replykit.io.clipboard import copy as copy_text

        try:
            how = copy_text(text)
            if not quiet:
                sys.stderr.write(f"copied to the clipboard ({how})\n")
        except ReplykitError as exc:
            sys.stderr.write(f"warning: {exc.render()}\n")
    if not no_lint:
        from replykit.lint import customer_names, fails, lint_text, make_settings
        from replykit.models import Severity

        lint_settings = make_settings(settings)
        report = lint_text(
            text if not body_only else reply.as_text(),
            f"draft:{reply.snippet_id}",
            lint_settings,
            names=customer_names(result.variables),
            tone=reply.tone,
        )
        if report.findings and not quiet:
            _report(
                [report],
                LintFormat.rich if sys.stderr.isatty() else LintFormat.line,
                color,
                stderr=True,
                show_stats=False,
            )
        if fails([report], Severity.ERROR):
            raise typer.Exit(1)


# ----------------------------------------------------------------------------- lint


def _report(
    reports: "list[FileReport]",
    fmt: LintFormat,
    color: Color,
    *,
    stderr: bool = False,
    notices: list[str] | None = None,
    show_stats: bool = True,
) -> None:
    stream = sys.stderr if stderr else sys.stdout
    if fmt is LintFormat.line:
        from replykit.reporters.line import render

        stream.write(render(reports))
    elif fmt is LintFormat.json:
        from replykit.reporters.json import render as render_json

        stream.write(render_json(reports))
    else:
        from replykit.reporters.human import render as render_human

        render_human(
            reports, make_console(color, stderr=stderr), notices=notices, show_stats=show_stats
        )
    stream.flush()


@app.command()
@handle_errors
def lint(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Reply files, folders (every *.txt, *.eml), or - for stdin.", show_default=False
        ),
    ] = None,
    fmt: Annotated[
        LintFormat | None,
        typer.Option("--format", "-f", help="rich on a terminal, else line.", show_default=False),
    ] = None,
    fail_on: Annotated[
        SeverityName | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding is at least this severe [default: error].",
            show_default=False,
        ),
    ] = None,
    min_severity: Annotated[
        SeverityName | None,
        typer.Option(
            "--min-severity", help="Hide findings below this severity.", show_default=False
        ),
    ] = None,
    disable: Annotated[
        list[str] | None,
        typer.Option("--disable", help="Turn a rule off (repeatable).", show_default=False),
    ] = None,
    enable: Annotated[
        list[str] | None,
        typer.Option("--enable", help="Turn a rule on (repeatable).", show_default=False),
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject", help="Subject for a reply with no header block.", show_default=False
        ),
    ] = None,
    name: Annotated[
        list[str] | None,
        typer.Option("--name", help="The customer's name (repeatable).", show_default=False),
    ] = None,
    context: ContextOpt = None,
    tone: Annotated[
        Tone | None, typer.Option("--tone", help="The intended tone.", show_default=False)
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Processes for a batch.", show_default=False)
    ] = None,
    languagetool: Annotated[
        str | None,
        typer.Option(
            "--languagetool",
            help="LanguageTool server URL for grammar and spelling.",
            show_default=False,
        ),
    ] = None,
    require_grammar: Annotated[
        bool, typer.Option("--require-grammar", help="Fail when LanguageTool does not answer.")
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ask LanguageTool again.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the fixes that are certain.")] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="With --fix: show a diff, change nothing.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Fix a MIME-encoded file anyway.")] = False,
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
    quiet: QuietOpt = False,
) -> None:
    """Check replies before they are sent. Exit 0 clean, 1 findings, 2 bad input."""
    from replykit.errors import InputError
    from replykit.lint import collect_files, customer_names, lint_files, make_settings
    from replykit.models import FileReport

    settings = load_settings(config)
    lint_settings = make_settings(settings, disable=disable or [], enable=enable or [])
    names = tuple(name or ())
    if context:
        from replykit.library.context import build_context

        names += customer_names(build_context(context, []).values)
    reply_tone = tone.value if tone else settings.lint.get("tone", "casual")
    targets = collect_files(files or ["-"])
    if fix or diff:
        _fix_files(
            targets,
            lint_settings,
            subject=subject,
            names=names,
            tone=reply_tone,
            show_diff=diff,
            quiet=quiet,
        )
        if diff or "-" in targets:
            raise typer.Exit(0)
    results = lint_files(
        targets, lint_settings, subject=subject, names=names, tone=reply_tone, jobs=jobs
    )
    errors = [r for r in results if isinstance(r, InputError)]
    reports = [r for r in results if isinstance(r, FileReport)]
    for error in errors:
        sys.stderr.write(f"error: {error.render()}\n")
    notices = _grammar(
        reports,
        settings,
        url=languagetool,
        require=require_grammar or None,
        no_cache=no_cache,
        names=names,
        tone=reply_tone,
        subject=subject,
    )
    if errors:
        if not quiet and reports:
            _report(reports, fmt or LintFormat.line, color)
        raise typer.Exit(2)
    _finish(reports, fmt, fail_on, min_severity, settings, color, quiet, notices)


def _fix_files(
    targets: list[str],
    lint_settings: Any,
    *,
    subject: str | None,
    names: tuple[str, ...],
    tone: str,
    show_diff: bool,
    quiet: bool,
) -> None:
    """--fix: rewrite each file atomically (or print stdin's fixed text); --diff: show only."""
    import difflib

    from replykit.io.files import atomic_write, read_text
    from replykit.lint import fix_text

    for path in targets:
        original = read_text(path, what="reply")
        fixed, count = fix_text(original, lint_settings, subject=subject, names=names, tone=tone)
        label = "<stdin>" if path == "-" else path
        if show_diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    original.splitlines(keepends=True),
                    fixed.splitlines(keepends=True),
                    f"a/{label}",
                    f"b/{label}",
                )
            )
            continue
        if path == "-":
            sys.stdout.write(fixed)
            continue
        if count:
            raw = Path(path).read_bytes()
            bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
            atomic_write(path, bom + fixed, must_be_new=False)
        if not quiet:
            sys.stderr.write(f"fixed {count} problem{'s' if count != 1 else ''} in {label}\n")


def _grammar(
    reports: "list[FileReport]",
    settings: "Config",
    *,
    url: str | None = None,
    require: bool | None = None,
    no_cache: bool = False,
    names: tuple[str, ...] = (),
    tone: str = "casual",
    subject: str | None = None,
) -> list[str]:
    """Add LanguageTool findings when configured; else return the notice saying how."""
    from replykit.grammar.settings import OFF_NOTICE, grammar_settings

    grammar = grammar_settings(settings, url=url, require=require, no_cache=no_cache)
    if not grammar.enabled:
        return [OFF_NOTICE]
    if reports:
        from replykit.grammar.languagetool import add_grammar_findings

        add_grammar_findings(reports, grammar, names=names, tone=tone, subject=subject)
    return []


# ----------------------------------------------------------------------------- check


@app.command()
@handle_errors
def check(
    libraries: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Library folders [default: the configured ones and the built-in one].",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        LintFormat | None,
        typer.Option("--format", "-f", help="rich on a terminal, else line.", show_default=False),
    ] = None,
    fail_on: Annotated[
        SeverityName | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding is at least this severe [default: error].",
            show_default=False,
        ),
    ] = None,
    min_severity: Annotated[
        SeverityName | None,
        typer.Option(
            "--min-severity", help="Hide findings below this severity.", show_default=False
        ),
    ] = None,
    disable: Annotated[
        list[str] | None,
        typer.Option("--disable", help="Turn a rule off (repeatable).", show_default=False),
    ] = None,
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
    quiet: QuietOpt = False,
) -> None:
    """Check a snippet library: front matter, templates, example values, and lint."""
    from replykit.library.check import check_libraries
    from replykit.library.snippets import builtin_library
    from replykit.lint import make_settings

    settings = load_settings(config)
    lint_settings = make_settings(settings, disable=disable or [])
    configured = [*settings.libraries, builtin_library()]
    folders = list(libraries or configured)
    for folder in folders:
        if not folder.is_dir():
            raise ReplykitError(
                "snippet library folder not found", path=folder, hint="give a folder of snippets"
            )
    reports = check_libraries(folders, settings, lint_settings, layers=configured)
    _finish(reports, fmt, fail_on, min_severity, settings, color, quiet)


def _finish(
    reports: "list[FileReport]",
    fmt: LintFormat | None,
    fail_on: SeverityName | None,
    min_severity: SeverityName | None,
    settings: "Config",
    color: Color,
    quiet: bool,
    notices: list[str] | None = None,
) -> None:
    """Filter, print and exit: shared by lint and check so their contract is one."""
    from replykit.models import Severity

    threshold = Severity.parse(fail_on.value if fail_on else settings.lint.get("fail_on", "error"))
    failing = any(f.severity >= threshold for r in reports for f in r.findings)
    hide_below = min_severity.value if min_severity else settings.lint.get("min_severity")
    if hide_below:
        floor = Severity.parse(hide_below)
        for report in reports:
            report.findings = [f for f in report.findings if f.severity >= floor]
    if not quiet:
        chosen = fmt or (LintFormat.rich if sys.stdout.isatty() else LintFormat.line)
        _report(reports, chosen, color, notices=notices)
    raise typer.Exit(1 if failing else 0)


# ----------------------------------------------------------------------------- rules


@app.command()
@handle_errors
def rules(
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.table,
    color: ColorOpt = Color.auto,
) -> None:
    """List every lint rule: name, code, default severity, what it checks, examples."""
    from replykit.rules import all_rules

    items = sorted(all_rules().values(), key=lambda r: r.code)
    if fmt is ListFormat.json:
        import json

        data = [
            {
                "name": r.name,
                "code": r.code,
                "severity": r.severity.label,
                "summary": r.summary,
                "bad": r.bad,
                "good": r.good,
            }
            for r in items
        ]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table(show_lines=True)
    for column in ("code", "rule", "severity", "checks", "bad", "good"):
        table.add_column(column, overflow="fold")
    for r in items:
        table.add_row(r.code, r.name, r.severity.label, r.summary, r.bad, r.good)
    make_console(color).print(table)


# ----------------------------------------------------------------------------- snippets


@snippets_app.command("list")
@handle_errors
def snippets_list(
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="Only with this tag.", show_default=False),
    ] = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.table,
    library: LibraryOpt = None,
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """List snippets: id, title, tags, tone."""
    from replykit.service import open_library

    items = open_library(library, load_settings(config)).all()
    if tag:
        items = [s for s in items if set(tag) <= set(s.tags)]
    _print_snippets(items, fmt, color)


def _print_snippets(items: list, fmt: ListFormat, color: Color) -> None:
    if fmt is ListFormat.json:
        import json

        sys.stdout.write(
            json.dumps([s.to_dict() for s in items], indent=2, ensure_ascii=True) + "\n"
        )
        return
    if not sys.stdout.isatty() and color is not Color.always:
        from replykit.reporters import one_line

        for s in items:
            sys.stdout.write("\t".join([s.id, one_line(s.title), ",".join(s.tags), s.tone]) + "\n")
        return
    from rich.table import Table

    table = Table()
    for column in ("id", "title", "tags", "tone"):
        table.add_column(column)
    from replykit.reporters import safe

    for s in items:
        table.add_row(safe(s.id), safe(s.title), safe(", ".join(s.tags)), s.tone)
    make_console(color).print(table)


@snippets_app.command("show")
@handle_errors
def snippets_show(
    snippet: Annotated[str, typer.Argument(help="Snippet id.", autocompletion=complete_snippet_id)],
    library: LibraryOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print a snippet's file: front matter and body."""
    from replykit.reporters import safe
    from replykit.service import open_library

    lib = open_library(library, load_settings(config))
    item = lib.load(snippet)
    sys.stdout.write(f"# {item.id} ({item.path})\n")
    sys.stdout.write(safe(item.path.read_text(encoding="utf-8")))


@snippets_app.command("search")
@handle_errors
def snippets_search(
    words: Annotated[list[str], typer.Argument(help="Words to look for.")],
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.table,
    library: LibraryOpt = None,
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Ranked fuzzy search over id, title, tags and description."""
    from replykit.library.snippets import search
    from replykit.service import open_library

    items = open_library(library, load_settings(config)).all()
    ranked = search(items, words)
    if not ranked:
        raise ReplykitError(
            f"no snippet matches {' '.join(words)!r}",
            hint="try fewer words, or 'replykit snippets list'",
        )
    _print_snippets([s for _, s in ranked], fmt, color)


# ----------------------------------------------------------------------------- init, context


@app.command()
@handle_errors
def init(
    path: Annotated[
        Path | None,
        typer.Option(
            "--path", help="Where to write [default: the user config file].", show_default=False
        ),
    ] = None,
    agent_name: Annotated[str | None, typer.Option("--agent-name", show_default=False)] = None,
    agent_role: Annotated[str | None, typer.Option("--agent-role", show_default=False)] = None,
    agent_email: Annotated[str | None, typer.Option("--agent-email", show_default=False)] = None,
    company_name: Annotated[str | None, typer.Option("--company-name", show_default=False)] = None,
    support_url: Annotated[str | None, typer.Option("--support-url", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a starter config with your agent and company details."""
    import tomli_w

    from replykit.config import user_config_path
    from replykit.io.files import atomic_write

    target = path or user_config_path()
    if target.exists() and not force:
        raise ReplykitError(
            "already exists; nothing was written",
            path=target,
            hint="edit it, or pass --force to replace it",
        )
    asking = sys.stdin.isatty()

    def value(given: str | None, label: str, default: str) -> str:
        if given is not None:
            return given
        if asking:
            sys.stderr.write(f"{label} [{default}]: ")
            sys.stderr.flush()
            answer = sys.stdin.readline().strip()
            return answer or default
        return default

    data = {
        "agent": {
            "name": value(agent_name, "Your name", "Your Name"),
            "role": value(agent_role, "Your role", "Customer Support"),
            "email": value(agent_email, "Your email", "support@example.com"),
        },
        "company": {
            "name": value(company_name, "Company name", "Example Inc."),
            "support_url": value(support_url, "Help centre URL", "https://help.example.com"),
        },
        "lint": {"disable": [], "fail_on": "error"},
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, tomli_w.dumps(data), force=force)
    sys.stderr.write(f"wrote {target}\n")


@context_app.command("new")
@handle_errors
def context_new(
    path: Annotated[Path, typer.Argument(help="The context file to create (.toml or .json).")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a customer context skeleton to fill in."""
    from replykit.io.files import atomic_write
    from replykit.library.context import skeleton

    if path.suffix == ".json":
        import json

        text = json.dumps(skeleton(), indent=2) + "\n"
    else:
        import tomli_w

        text = tomli_w.dumps(skeleton())
    atomic_write(path, text, force=force)
    sys.stderr.write(f"wrote {path}\n")


def _show_version(value: bool) -> None:
    if value:
        from replykit import __version__

        sys.stdout.write(f"replykit {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Draft and lint customer-support email replies."""


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command about to run.

    typer builds a parser for every command before it dispatches; an editor key runs one
    command, so building the other eight would be start-up time spent for nothing.
    """
    if not args or args[0].startswith("-") or any(k.startswith("_REPLYKIT") for k in os.environ):
        return app
    wanted = args[0]
    commands = [
        c
        for c in app.registered_commands
        if (c.name or c.callback.__name__.replace("_", "-")) == wanted  # type: ignore[union-attr]
    ]
    groups = [g for g in app.registered_groups if g.name == wanted]
    if not commands and not groups:
        return app  # let typer report the unknown command with the full list
    pruned = _new_app()
    pruned.registered_callback = app.registered_callback
    pruned.registered_commands = commands
    pruned.registered_groups = groups
    return pruned


def main() -> None:
    """Run the command, then leave without the interpreter's teardown.

    Freeing every loaded module at exit costs an editor key 15-20 ms and does nothing
    useful here: files are closed, pools joined and output flushed before ``os._exit``.
    """
    code = _run()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def _run() -> int:
    try:
        app_for(sys.argv[1:])(prog_name="replykit")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        sys.stderr.write(f"{exc.code}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in replykit: still one line, never a traceback
        if os.environ.get("REPLYKIT_DEBUG"):
            raise
        sys.stderr.write(
            f"error: internal error: {type(exc).__name__}: {exc} "
            "(set REPLYKIT_DEBUG=1 for details and please report it)\n"
        )
        return 2
    return 0
