"""``replykit draft``: options in, the service renders and lints, the reply out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from replykit.cli.options import (
    Color,
    ColorOpt,
    ConfigOpt,
    ContextOpt,
    DraftFormat,
    GrammarOpt,
    LibraryOpt,
    LintFormat,
    QuietOpt,
    SnippetArg,
    handle_errors,
    value_of,
)
from replykit.errors import ReplykitError


def ask_on_terminal(variable: str) -> str:
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


@handle_errors
def draft(
    snippet: SnippetArg,
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
    grammar: GrammarOpt = None,
    color: ColorOpt = Color.auto,
    quiet: QuietOpt = False,
) -> None:
    """Render a reply from a snippet and a customer context."""
    from replykit import service

    settings = service.load_settings(config)
    lib = service.open_library(library, settings)
    if interactive and not sys.stdin.isatty():
        raise ReplykitError("--interactive needs a terminal on stdin")
    editor = None
    if edit:
        from replykit.io.editor import edit_text as editor
    outcome = service.draft(
        service.DraftRequest(
            snippet=snippet,
            context_files=context or [],
            assignments=set_ or [],
            use_example=example,
            body_only=body_only,
            as_json=fmt is DraftFormat.json,
            lint=not no_lint,
            grammar=service.GrammarRequest(engine=value_of(grammar)),
        ),
        settings,
        lib,
        ask=ask_on_terminal if interactive else None,
        edit=editor,
    )
    from replykit.reporters import safe

    if not quiet:
        for warning in outcome.warnings:
            sys.stderr.write(f"warning: {safe(warning)}\n")
    if out is not None:
        from replykit.io.files import atomic_write

        atomic_write(out, outcome.output, force=force)
    else:
        sys.stdout.write(outcome.output)
        sys.stdout.flush()
    if copy:
        from replykit.io.clipboard import copy as copy_text

        try:
            how = copy_text(outcome.reply_text)
            if not quiet:
                sys.stderr.write(f"copied to the clipboard ({how})\n")
        except ReplykitError as exc:
            sys.stderr.write(f"warning: {safe(exc.render())}\n")
    report = outcome.report
    if report is not None and report.findings and not quiet:
        from replykit.cli.output import print_reports

        fmt_err = LintFormat.rich if sys.stderr.isatty() else LintFormat.line
        print_reports([report], fmt_err, color, stderr=True, show_stats=False)
    raise typer.Exit(outcome.exit_code)
