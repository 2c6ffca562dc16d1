"""Reading user files with one-line errors, and atomic writes that never lose a word."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path
from typing import Any

from replykit.errors import InputError, OutputError

STDIN = "-"
STDIN_LABEL = "<stdin>"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_text(path: str | Path, *, what: str = "file") -> str:
    """Read UTF-8 text, or raise an InputError that says which file and what to do.

    Invalid UTF-8 is an error naming the line and column of the first bad byte: a reply
    decoded with replacement characters would be linted (and sent) wrong.
    """
    if str(path) == STDIN:
        data = (
            sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        )
        label = STDIN_LABEL
    else:
        label = str(path)
        p = Path(path)
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise InputError(f"no such {what}", path=label, hint="check the path") from None
        except IsADirectoryError:
            raise InputError(f"is a directory, expected a {what}", path=label) from None
        except PermissionError:
            raise InputError(
                f"cannot read this {what}: permission denied",
                path=label,
                hint="check the file's permissions",
            ) from None
        except OSError as exc:
            raise InputError(f"cannot read this {what}: {exc.strerror}", path=label) from None
    return decode(data, label, what=what)


def decode(data: bytes, label: str, *, what: str = "file") -> str:
    """Decode UTF-8 (a BOM is dropped); binary data and bad bytes are one-line errors."""
    if b"\x00" in data[:8192]:
        raise InputError(
            f"looks like a binary file, not a text {what}",
            path=label,
            hint="give a plain-text reply",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if what == "reply":
            from replykit.text.mail import looks_like_message

            if looks_like_message(data):  # declares its charsets: decoded part by part
                return data.decode("utf-8", "surrogateescape")
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            "is not valid UTF-8",
            path=label,
            line=line,
            column=column,
            hint="save the file as UTF-8",
        ) from None
    return text


def parse_toml(text: str, label: str, *, line_offset: int = 0) -> dict[str, Any]:
    """Parse TOML; a syntax error names the file, line and column."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = column = None
        if match:
            line, column = int(match.group(1)) + line_offset, int(match.group(2))
            message = message[: match.start()].strip()
        elif "(at end of document)" in message:
            last = text.rsplit("\n", 1)[-1]
            line, column = text.count("\n") + 1 + line_offset, len(last) + 1
            message = message.replace("(at end of document)", "").strip()
        raise InputError(
            f"invalid TOML: {message[:1].lower()}{message[1:]}",
            path=label,
            line=line,
            column=column,
            hint="fix the TOML syntax",
        ) from None


def load_toml(path: str | Path, *, what: str = "TOML file") -> dict[str, Any]:
    """Read and parse a TOML file (config, word lists): always from the file itself.

    A parse kept in the cache folder would be trusted as settings (which library to
    read, which rules to run), so settings are never cached.
    """
    text = read_text(path, what=what)
    return parse_toml(text, STDIN_LABEL if str(path) == STDIN else str(path))


def atomic_write(
    path: str | Path, text: str, *, force: bool = False, must_be_new: bool = True
) -> None:
    """Write through a temporary file in the same folder, then rename.

    Refuses to replace an existing file unless ``force`` (where the command creates a
    file), keeps an existing file's permissions, and leaves no partial file behind on an
    error or Ctrl-C.
    """
    target = Path(path)
    if must_be_new and target.exists() and not force:
        raise OutputError(
            "already exists; nothing was written", path=target, hint="pass --force to replace it"
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("the folder does not exist", path=target, hint="create it first")
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = target.stat().st_mode & 0o7777
    import tempfile

    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror}", path=target) from None
        raise
