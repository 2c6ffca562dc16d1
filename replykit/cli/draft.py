"""``replykit draft``: options in, the service renders and lints, the reply out."""

import os
import sys
from pathlib import Path
from typing import Annotated, Any

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
from replykit.library.fields import Field  # drafting loads it anyway
from replykit.models import Severity


def ask_on_terminal(fields: list[Field]) -> dict[str, Any]:
    """``-i``: ask for every missing field in one pass, on stderr and stdin.

    Each question shows the field's prompt, type and example. An empty answer is asked
    again; a list takes one item per line up to an empty line. Ctrl-D or Ctrl-C stops,
    and what was typed is kept in a context file that the error names.
    """
    from replykit.reporters import safe

    answers: dict[str, Any] = {}
    plural = "s" if len(fields) != 1 else ""
    sys.stderr.write(f"{len(fields)} value{plural} to fill in (Ctrl-D stops and keeps them):\n")
    try:
        for field in fields:
            sys.stderr.write(safe(_question(field)) + "\n")
            answers[field.path] = _answer(field)
    except (KeyboardInterrupt, EOFError):
        sys.stderr.write("\n")
        if not answers:
            raise ReplykitError("stopped; nothing was typed") from None
        kept = _keep(answers)
        raise ReplykitError(
            f"stopped; your answers are kept in {kept}",
            hint=f"pass --context {kept} to start from them",
        ) from None
    return answers


def _question(field: Field) -> str:
    label = field.prompt or field.description or field.path
    kind = field.type + (", one per line, an empty line ends" if field.type == "list" else "")
    text = f"{label} [{field.path}, {kind}]" if label != field.path else f"{label} [{kind}]"
    if field.example is not None:
        example = field.example
        if isinstance(example, list):
            example = " / ".join(str(item) for item in example)
        text += f"\n  e.g. {example}"
    return text


def _read_line(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def _answer(field: Field) -> Any:
    """One field's answer, asked again until it is not empty and fits the type."""
    from replykit.library.fields import FieldTypeError, Typed, coerce

    while True:
        if field.type == "list":
            items: list[str] = []
            while line := _read_line(f"  {len(items) + 1}. ").strip():
                items.append(line)
            if items:
                return items
            sys.stderr.write("  give at least one item\n")
            continue
        answer = _read_line("> ")
        if not answer.strip():
            sys.stderr.write("  this cannot be empty; type a value\n")
            continue
        try:
            coerce(field, Typed(answer))
        except FieldTypeError as exc:
            sys.stderr.write(f"  {exc.render()}\n")
            continue
        return answer


def _keep(answers: dict[str, Any]) -> str:
    """Save typed answers as a TOML context file, so an interrupted -i loses nothing."""
    import tempfile

    import tomli_w

    from replykit.library.fields import set_path

    data: dict[str, Any] = {}
    for path, value in answers.items():
        data = set_path(data, path, value)
    fd, name = tempfile.mkstemp(prefix="replykit-answers-", suffix=".toml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(tomli_w.dumps(data))
    return name


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
    reply_to: Annotated[
        str | None,
        typer.Option(
            "--reply-to",
            "-r",
            help="The customer's email (.eml, mbox, or - for stdin): fills customer.* and "
            "message.*, and the subject becomes Re: <their subject>.",
            show_default=False,
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Use the snippet's example values.")
    ] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask for every missing value, in one pass.")
    ] = False,
    library: LibraryOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[
        DraftFormat,
        typer.Option(
            "--format", "-f", help="text, json, or eml (a reply message a mail client can send)."
        ),
    ] = DraftFormat.text,
    body_only: Annotated[bool, typer.Option("--body-only", help="Print the body only.")] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the reply to a file.", show_default=False),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Let --out replace a file; copy or write a reply that has errors anyway.",
        ),
    ] = False,
    copy: Annotated[bool, typer.Option("--copy", help="Copy the reply to the clipboard.")] = False,
    edit: Annotated[bool, typer.Option("--edit", "-e", help="Open $EDITOR on the draft.")] = False,
    no_lint: Annotated[bool, typer.Option("--no-lint", help="Do not lint the draft.")] = False,
    grammar: GrammarOpt = None,
    color: ColorOpt = Color.auto,
    quiet: QuietOpt = False,
) -> None:
    """Render a reply from a snippet and a customer context."""
    from replykit import service

    if out is not None and not out.name:  # --out "" (typer makes it ".") or --out .
        raise ReplykitError(f"--out needs a file name, not '{out}'", hint="e.g. --out reply.txt")
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
            as_eml=fmt is DraftFormat.eml,
            reply_to=reply_to,
            lint=not no_lint or copy or out is not None,  # the guard needs the findings
            grammar=service.GrammarRequest(engine=value_of(grammar)),
        ),
        settings,
        lib,
        ask=ask_on_terminal if interactive else None,
        edit=editor,
    )
    from replykit.reporters import message, one_line

    if not quiet:
        for warning in outcome.warnings:
            sys.stderr.write(message("warning", warning))
    report = outcome.report
    # Never hand over a broken reply: a file or the clipboard gets nothing without --force.
    refused = outcome.has_errors and not force and (copy or out is not None)
    if report is not None and report.findings and (refused or not (quiet or no_lint)):
        from replykit.cli.output import print_reports

        fmt_err = LintFormat.rich if sys.stderr.isatty() else LintFormat.line
        print_reports([report], fmt_err, color, stderr=True, show_stats=False)
    if out is not None and not refused:
        from replykit.io.files import atomic_write

        atomic_write(out, outcome.output, force=force)
    elif out is None:
        sys.stdout.write(outcome.output)
        sys.stdout.flush()
    if refused:
        count = sum(f.severity >= Severity.ERROR for f in report.findings)  # type: ignore[union-attr]
        what = " and ".join(
            w for w, on in (("copied", copy), (f"written to {one_line(str(out))}", out)) if on
        )
        sys.stderr.write(
            f"error: nothing was {what}: the reply has {count} error"
            f"{'s' if count != 1 else ''} (fix {'it' if count == 1 else 'them'}, "
            "or pass --force to hand it over anyway)\n"
        )
        raise typer.Exit(1)
    if copy:
        from replykit.io.clipboard import copy as copy_text

        try:
            said = copy_text(outcome.reply_text)  # "copied ..." only when confirmed
            if not quiet:
                sys.stderr.write(f"{said}\n")
        except ReplykitError as exc:
            sys.stderr.write(message("warning", exc.render()))
    raise typer.Exit(outcome.exit_code)
