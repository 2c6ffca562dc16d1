"""``replykit lint`` and ``replykit check``: parse options, call the service, print, exit."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from replykit.cli.options import (
    Color,
    ColorOpt,
    ColumnUnit,
    ConfigOpt,
    ContextOpt,
    DisableOpt,
    EnableOpt,
    FailOnOpt,
    GrammarOpt,
    LintFormatOpt,
    MinSeverityOpt,
    QuietOpt,
    Tone,
    handle_errors,
    value_of,
)
from replykit.errors import ReplykitError


@handle_errors
def lint(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Reply files, folders (every *.txt, *.eml, *.mbox), or - for stdin.",
            show_default=False,
        ),
    ] = None,
    fmt: LintFormatOpt = None,
    fail_on: FailOnOpt = None,
    min_severity: MinSeverityOpt = None,
    disable: DisableOpt = None,
    enable: EnableOpt = None,
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
    grammar: GrammarOpt = None,
    require_grammar: Annotated[
        bool,
        typer.Option("--require-grammar", help="Fail when the grammar engine cannot check."),
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ask LanguageTool again.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the fixes that are certain.")] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="With --fix: show a diff, change nothing.")
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            help="Name the reply read from stdin: findings carry it, config is found from it.",
            show_default=False,
        ),
    ] = None,
    columns: Annotated[
        ColumnUnit,
        typer.Option(
            "--columns",
            help="Column unit of --format line: character, byte (vim, neovim), utf-16 (VS Code).",
        ),
    ] = ColumnUnit.character,
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
    quiet: QuietOpt = False,
) -> None:
    """Check replies before they are sent. Exit 0 clean, 1 findings, 2 bad input."""
    from replykit import service
    from replykit.cli.output import print_stream
    from replykit.lint.settings import make_settings

    settings = service.load_settings(config, near=stdin_filename or None)
    lint_settings = make_settings(
        settings,
        disable=disable or [],
        enable=enable or [],
        fail_on=value_of(fail_on),
        min_severity=value_of(min_severity),
        tone=value_of(tone),
    )
    names = service.customer_names_from(name, context)
    targets = files or ["-"]
    if stdin_filename and "-" not in targets:
        raise ReplykitError(
            "--stdin-filename names the reply read from stdin, and no file is '-'",
            hint="pass - as the file: an editor sends its buffer on stdin",
        )
    if fix or diff:
        _fix(
            targets,
            lint_settings,
            subject=subject,
            names=names,
            show_diff=diff,
            quiet=quiet,
            config=settings,
            grammar=value_of(grammar),
        )
        if diff or "-" in targets:
            raise typer.Exit(0)
    stream = service.lint_stream(
        targets,
        settings,
        lint_settings,
        subject=subject,
        names=names,
        jobs=jobs,
        grammar=service.GrammarRequest(
            url=languagetool,
            require=require_grammar or None,
            no_cache=no_cache,
            engine=value_of(grammar),
        ),
        stdin_name=stdin_filename or None,
    )
    print_stream(stream, fmt, color, quiet=quiet, columns=columns.value)
    raise typer.Exit(stream.exit_code)


def _fix(
    targets: list[str],
    lint_settings: object,
    *,
    subject: str | None,
    names: tuple[str, ...],
    show_diff: bool,
    quiet: bool,
    config: object = None,
    grammar: str | None = None,
) -> None:
    """--fix: rewrite each file (or print stdin's fixed text); --diff: show only."""
    import difflib

    from replykit import service
    from replykit.reporters import message, one_line, safe

    for done in service.fix(
        targets,
        lint_settings,
        subject=subject,
        names=names,
        write=not show_diff,
        config=config,  # type: ignore[arg-type]
        grammar_engine=grammar,
    ):
        if show_diff:
            sys.stdout.writelines(
                safe(line)  # a reply's own control characters are shown, never obeyed
                for line in difflib.unified_diff(
                    done.original.splitlines(keepends=True),
                    done.fixed.splitlines(keepends=True),
                    f"a/{one_line(done.label)}",
                    f"b/{one_line(done.label)}",
                )
            )
        elif done.label == "<stdin>":
            sys.stdout.write(done.fixed)
        if done.encoded and not quiet:  # said, never counted as fixed
            sys.stderr.write(
                message(
                    "warning",
                    f"{done.label}: {done.encoded} MIME-encoded message(s) left as they are: "
                    "--fix changes plain text only (edit its text in your mail client)",
                )
            )
        if not show_diff and done.label != "<stdin>" and not quiet:
            plural = "s" if done.count != 1 else ""
            sys.stderr.write(f"fixed {done.count} problem{plural} in {one_line(done.label)}\n")


@handle_errors
def check(
    libraries: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Library folders [default: the configured ones and the built-in one].",
            show_default=False,
        ),
    ] = None,
    fmt: LintFormatOpt = None,
    fail_on: FailOnOpt = None,
    min_severity: MinSeverityOpt = None,
    disable: DisableOpt = None,
    project: Annotated[
        bool,
        typer.Option(
            "--project",
            help="Check this repository's own libraries: those configured inside it, "
            "else snippets/ (for pre-commit).",
        ),
    ] = False,
    grammar: GrammarOpt = None,
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
    quiet: QuietOpt = False,
) -> None:
    """Check a snippet library: front matter, templates, example values, and lint."""
    from replykit import service
    from replykit.cli.output import print_outcome
    from replykit.lint.settings import make_settings

    settings = service.load_settings(config)
    lint_settings = make_settings(
        settings,
        disable=disable or [],
        fail_on=value_of(fail_on),
        min_severity=value_of(min_severity),
    )
    if project and not libraries:
        libraries = service.project_libraries(settings)
    outcome = service.check_library(
        libraries, settings, lint_settings, grammar_engine=value_of(grammar)
    )
    print_outcome(outcome, fmt, color, quiet=quiet)
    raise typer.Exit(outcome.exit_code)
