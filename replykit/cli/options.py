"""Every option more than one command takes, declared once, and the error handling they share."""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from replykit.errors import ReplykitError

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
    eml = "eml"


class ListFormat(str, Enum):
    table = "table"
    json = "json"


class SeverityName(str, Enum):
    error = "error"
    warning = "warning"
    suggestion = "suggestion"


class ColumnUnit(str, Enum):
    """How ``--format line`` counts columns: the unit the reading editor uses."""

    character = "character"
    byte = "byte"
    utf16 = "utf-16"


class Tone(str, Enum):
    casual = "casual"
    formal = "formal"


class GrammarEngine(str, Enum):
    harper = "harper"
    languagetool = "languagetool"
    off = "off"


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
LintFormatOpt = Annotated[
    LintFormat | None,
    typer.Option("--format", "-f", help="rich on a terminal, else line.", show_default=False),
]
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]
FailOnOpt = Annotated[
    SeverityName | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a finding is at least this severe [default: error].",
        show_default=False,
    ),
]
MinSeverityOpt = Annotated[
    SeverityName | None,
    typer.Option("--min-severity", help="Hide findings below this severity.", show_default=False),
]
DisableOpt = Annotated[
    list[str] | None,
    typer.Option("--disable", help="Turn a rule off (repeatable).", show_default=False),
]
EnableOpt = Annotated[
    list[str] | None,
    typer.Option("--enable", help="Turn a rule on (repeatable).", show_default=False),
]
GrammarOpt = Annotated[
    GrammarEngine | None,
    typer.Option(
        "--grammar",
        help="Grammar and spelling engine: harper (built in, offline), languagetool "
        "(a server) or off [default: [grammar] engine, else harper for a batch, a draft "
        "and check, off for one reply].",
        show_default=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def value_of(option: Enum | None) -> str | None:
    return option.value if option is not None else None


# A write to stdout that the system refused: a full disk, a quota, a file size limit, I/O.
OUTPUT_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EROFS", "EBADF")
    if hasattr(errno, name)
)


def output_failed(exc: OSError) -> str:
    """The one line for a failed write to stdout: the output is incomplete, say so."""
    return f"cannot write the output: {exc.strerror}; what was written is incomplete"


def fail(message: str, code: int = 2) -> typer.Exit:
    from replykit.reporters import message as line

    sys.stderr.write(line("error", message))
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
        except OSError as exc:
            if exc.filename is not None or exc.errno not in OUTPUT_ERRNOS:
                raise
            raise fail(output_failed(exc)) from None

    return wrapper  # type: ignore[return-value]


def complete_snippet_id(incomplete: str) -> list[str]:
    """Shell completion for snippet ids from the configured libraries."""
    try:
        from replykit.service import load_settings, open_library

        ids = open_library(None, load_settings(None)).ids
    except ReplykitError:
        return []
    bases = {i.rsplit("/", 1)[-1] for i in ids}
    return sorted(c for c in {*ids, *bases} if c.startswith(incomplete))


SnippetArg = Annotated[
    str,
    typer.Argument(
        help="Snippet id, e.g. billing/refund-issued.", autocompletion=complete_snippet_id
    ),
]
