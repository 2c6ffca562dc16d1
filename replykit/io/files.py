"""Reading user files with one-line errors, and atomic writes that never lose a word."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import Any

from replykit.errors import InputError, OutputError
from replykit.text.gate import Lazy

STDIN = "-"
STDIN_LABEL = "<stdin>"
_TOML_POSITION = Lazy(r"\(at line (\d+), column (\d+)\)")


MB = 1_000_000
# The most replykit reads of each kind of input: a reply is 10 MB (a long thread with
# its quotes is under 1 MB), everything else (config, context, word lists, snippets) 1 MB.
LIMITS = {"reply": 10 * MB}
DEFAULT_LIMIT = 1 * MB


def limit_for(what: str) -> int:
    """The size cap for one kind of input, in bytes."""
    return LIMITS.get(what, DEFAULT_LIMIT)


def _too_large(label: str, what: str, limit: int) -> InputError:
    return InputError(
        f"is larger than {limit // MB} MB, the limit for a {what}",
        path=label,
        hint=f"a {what} is at most {limit // MB} MB",
    )


def _kind(mode: int) -> str:
    """What a file is, in a message's words, for reading and writing alike."""
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _readable(mode: int) -> bool:
    """Files, and pipes (read as streams up to the cap, like stdin)."""
    return stat.S_ISREG(mode) or stat.S_ISFIFO(mode)


def read_bytes(path: str | Path, *, what: str = "file", streams: bool = True) -> bytes:
    """Read at most the cap for ``what``; devices and sockets are refused without opening.

    Pipes (stdin, ``<(...)``) are streams like stdin and are read up to the same cap, so
    ``/dev/zero`` or an endless pipe is an error, never a hang or a MemoryError. A file a
    config or a folder names (``streams=False``) must be a regular file: a pipe there has
    no writer, and reading it would wait for good (the language server with it).
    """
    limit = limit_for(what)
    readable = _readable if streams else stat.S_ISREG
    if str(path) == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1).encode()
        if len(data) > limit:
            raise _too_large(STDIN_LABEL, what, limit)
        return data
    label = str(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"is a folder, expected a {what}", path=label)
        if not readable(mode):
            raise InputError(
                f"is {_kind(mode)}, not a {what}",
                path=label,
                hint="give a regular file, or - for stdin" if streams else "give a regular file",
            )
        with open(path, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode  # the file opened, not a swapped one
            if not readable(mode):
                raise InputError(f"is {_kind(mode)}, not a {what}", path=label)
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"no such {what}", path=label, hint="check the path") from None
    except IsADirectoryError:
        raise InputError(f"is a folder, expected a {what}", path=label) from None
    except PermissionError:
        raise InputError(
            f"cannot read this {what}: permission denied",
            path=label,
            hint="check the file's permissions",
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read this {what}: {exc.strerror}", path=label) from None
    except ValueError:  # a NUL in the path: no file can have it
        raise InputError(f"no such {what}: the path has a NUL character", path=label) from None
    if len(data) > limit:
        raise _too_large(label, what, limit)
    return data


def read_text(path: str | Path, *, what: str = "file", streams: bool = True) -> str:
    """Read UTF-8 text, or raise an InputError that says which file and what to do.

    Invalid UTF-8 is an error naming the line and column of the first bad byte: a reply
    decoded with replacement characters would be linted (and sent) wrong.
    """
    label = STDIN_LABEL if str(path) == STDIN else str(path)
    return decode(read_bytes(path, what=what, streams=streams), label, what=what)


def decode(data: bytes, label: str, *, what: str = "file") -> str:
    """Decode UTF-8 (a BOM is dropped); binary data and bad bytes are one-line errors."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data[2:64]:  # a BOM, then
        # the zero bytes of Latin text in two-byte units: UTF-16, as Windows tools save it
        raise InputError(
            "is UTF-16 text, not UTF-8",
            path=label,
            hint="save the file as UTF-8",
        )
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
    except RecursionError:
        raise InputError(
            "invalid TOML: nested too deeply", path=label, hint="flatten the tables and arrays"
        ) from None
    except ValueError as exc:
        if not isinstance(exc, tomllib.TOMLDecodeError):  # a number too long to convert
            raise InputError(
                "invalid TOML: a number with more than 4300 digits",
                path=label,
                hint="write it as a string",
            ) from None
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


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=path) from None


def _resolve_target(target: Path) -> tuple[Path, os.stat_result | None]:
    """The file a write would really change, and its status (None when it is new).

    A symbolic link is written through to the file it points to (the link stays a
    link); a link to nothing is refused, since following it could create a file
    anywhere the link names.
    """
    st = _lstat(target)
    if st is not None and stat.S_ISLNK(st.st_mode):
        real = Path(os.path.realpath(target))
        st = _lstat(real)
        if st is None:
            raise OutputError(
                f"is a symbolic link to {real}, which does not exist; nothing was written",
                path=target,
                hint="remove the link or point it at a file",
            )
        target = real
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"is {_kind(st.st_mode)}, not a regular file; nothing was written",
            path=target,
            hint="give the path of a file",
        )
    return target, st


def atomic_write(
    path: str | Path, text: str, *, force: bool = False, must_be_new: bool = True
) -> Path:
    """Write through a temporary file in the same folder, then link or rename it into place.

    Without ``force`` a new file is created exclusively (the temporary file is hard-linked
    to the name, which fails if anything appeared there meanwhile), so concurrent writers
    never replace each other. Only regular files are replaced; a symbolic link is written
    through to its target; a file with several hard links is refused rather than split
    from its twins; mode and (where permitted) owner and group are kept. Nothing partial
    is left behind on an error or Ctrl-C. Returns the file that was written.
    """
    requested = Path(path)
    target, st = _resolve_target(requested)
    if st is not None and must_be_new and not force:
        raise OutputError(
            "already exists; nothing was written", path=requested, hint="pass --force to replace it"
        )
    if st is not None and st.st_nlink > 1:
        raise OutputError(
            f"has {st.st_nlink} hard links, which replacing it would break; nothing was written",
            path=requested,
            hint="write to another file, or copy it first to break the links yourself",
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("the folder does not exist", path=requested, hint="create it first")
    import tempfile

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"cannot write in this folder: {exc.strerror}",
            path=requested,
            hint="check the folder's permissions, or write somewhere else",
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if st is not None:
            os.chmod(tmp_name, stat.S_IMODE(st.st_mode))
            _keep_owner(tmp_name, st)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        if st is None and not force:
            _link_new(tmp_name, target, requested)
        else:
            os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror}", path=requested) from None
        raise
    return target


def _keep_owner(tmp_name: str, st: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as we are allowed to."""
    mine = os.stat(tmp_name)
    if (mine.st_uid, mine.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.chown(tmp_name, st.st_uid, st.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(tmp_name, -1, st.st_gid)  # a member of the group may still keep it
        os.chmod(tmp_name, stat.S_IMODE(st.st_mode))  # chown can clear set-id bits


def _link_new(tmp_name: str, target: Path, requested: Path) -> None:
    """Put the finished temporary file at ``target`` only if nothing is there."""
    try:
        os.link(tmp_name, target, follow_symlinks=False)
    except FileExistsError:
        raise OutputError(
            "already exists; nothing was written", path=requested, hint="pass --force to replace it"
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK):
            raise
        # a file system without hard links: claim the name exclusively, then fill it
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
        except FileExistsError:
            raise OutputError(
                "already exists; nothing was written",
                path=requested,
                hint="pass --force to replace it",
            ) from None
        os.replace(tmp_name, target)
        return
    os.unlink(tmp_name)
