"""The command line: a typer app whose commands live one group to a module.

Command modules only parse options, call replykit.service and print; every user-caused
failure is a ReplykitError printed as one ``error:`` line with exit code 2; Ctrl-C exits
quietly with 130. Heavy modules are imported inside the commands that need them, so
``replykit lint`` never pays for jinja2, rich or LanguageTool.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Annotated, Any

import typer

# Each command's module, imported only when that command runs (or the full list is
# shown): ``lint`` from an editor key need not import the draft command's modules.
COMMANDS: dict[str, tuple[str, str]] = {
    "draft": ("replykit.cli.draft", "draft"),
    "lint": ("replykit.cli.lint", "lint"),
    "check": ("replykit.cli.lint", "check"),
    "rules": ("replykit.cli.library", "rules"),
    "init": ("replykit.cli.setup", "init"),
    "lsp": ("replykit.cli.lsp", "lsp"),
}
GROUPS: dict[str, tuple[str, str]] = {
    "snippets": ("replykit.cli.library", "snippets_app"),
    "context": ("replykit.cli.setup", "context_app"),
}


def _new_app() -> typer.Typer:
    app = typer.Typer(
        name="replykit",
        help="Draft and lint customer-support email replies.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    return app


def _show_version(value: bool) -> None:
    if value:
        from replykit import __version__

        sys.stdout.write(f"replykit {__version__}\n")
        raise typer.Exit(0)


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Draft and lint customer-support email replies."""


def _attribute(where: tuple[str, str]) -> Any:
    from importlib import import_module

    module, name = where
    return getattr(import_module(module), name)


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command about to run.

    typer builds a parser for every command before it dispatches, and each command's
    module imports what that command needs; an editor key runs one command, so building
    or importing the others would be start-up time spent for nothing. Help, an unknown
    command and shell completion get every command.
    """
    app = _new_app()
    wanted = args[0] if args else ""
    completing = any(k.startswith("_REPLYKIT") for k in os.environ)
    if not completing and (wanted in COMMANDS or wanted in GROUPS):
        commands = {wanted: COMMANDS[wanted]} if wanted in COMMANDS else {}
        groups = {wanted: GROUPS[wanted]} if wanted in GROUPS else {}
    else:  # let typer list every command, or report the unknown one with the full list
        commands, groups = COMMANDS, GROUPS
    for name, where in commands.items():
        app.command(name)(_attribute(where))
    for name, where in groups.items():
        app.add_typer(_attribute(where), name=name)
    return app


def main() -> None:
    """Run the command, then leave without the interpreter's teardown.

    Freeing every loaded module at exit costs an editor key 15-20 ms and does nothing
    useful here: files are closed, pools joined and output flushed before ``os._exit``.
    """
    code = _run()
    try:
        sys.stdout.flush()  # output still buffered must reach its file, or we fail
    except BrokenPipeError:
        pass  # the reader left (``| head``): nothing more to say
    except OSError as exc:
        from replykit.cli.options import output_failed
        from replykit.reporters import message

        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(message("error", output_failed(exc)))
        code = code or 2
    except ValueError:  # stdout closed
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def _click() -> Any:
    """The click typer runs on: its own copy from typer 0.28, the click package before."""
    import typer.core

    vendored = getattr(typer.core, "_click", None)
    if vendored is not None:
        return vendored
    import click

    return click


class _Never(Exception):
    """Stands in for an exception class this click does not have."""


def _run() -> int:
    click = _click()
    shows_help = getattr(click.exceptions, "NoArgsIsHelpError", _Never)
    aborted = (getattr(click.exceptions, "Abort", _Never), typer.Abort)
    try:
        from replykit.cli import completion

        if completion.wants_completion(sys.argv[1:]):
            return completion.run(sys.argv[1:])
        code = app_for(sys.argv[1:])(prog_name="replykit", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except shows_help as exc:
        exc.show()  # the help text itself, as a bare command asks for
        return exc.exit_code
    except click.ClickException as exc:  # a usage error: one line, like every other error
        return _usage_error(exc)
    except aborted:  # end of input at a prompt
        return 1
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        from replykit.reporters import one_line

        sys.stderr.write(f"{one_line(str(exc.code))}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # stdout on a full disk, outside any command (--version)
        from replykit.cli.options import OUTPUT_ERRNOS, output_failed
        from replykit.reporters import message

        if exc.filename is not None or exc.errno not in OUTPUT_ERRNOS:
            return _internal(exc)
        sys.stderr.write(message("error", output_failed(exc)))
        return 2
    except Exception as exc:  # a bug in replykit: still one line, never a traceback
        return _internal(exc)
    return 0


def _usage_error(exc: Any) -> int:
    """``error: no such option: --bogus (see 'replykit lint -h')``, exit 2."""
    from replykit.reporters import message

    text = exc.format_message().rstrip(".")
    text = text[:1].lower() + text[1:]
    context = getattr(exc, "ctx", None)
    command = context.command_path if context is not None else "replykit"
    sys.stderr.write(message("error", f"{text} (see '{command} -h')"))
    return exc.exit_code


def _internal(exc: Exception) -> int:
    if os.environ.get("REPLYKIT_DEBUG"):
        raise exc
    from replykit.reporters import message

    sys.stderr.write(
        message(
            "error",
            f"internal error: {type(exc).__name__}: {exc} "
            "(set REPLYKIT_DEBUG=1 for details and please report it)",
        )
    )
    return 2
