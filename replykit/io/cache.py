"""The one disk cache: tables derived from other packages' data, kept between runs.

A cache may only ever save time, never change a result, even when someone else can
write the cache folder (a shared ``REPLYKIT_CACHE_DIR``, or one restored in CI):

- an entry is found by a digest of everything it was derived from: replykit's and
  Python's versions and the caller's key (for example the source package's version and
  its data file's size and modification time);
- an entry is signed with HMAC-SHA256 under a per-user key kept outside the cache
  folder (in the user's state folder, readable by the user alone), so an entry written
  by anyone else, damaged or truncated, fails the check and is rebuilt silently;
- entries are plain bytes: callers decode them as data (JSON, fixed-width records),
  never as code, and check their shape;
- files are read whole (never memory-mapped, so a truncation during a run cannot
  crash it), written to an exclusive temporary file (``mkstemp``: no symlink followed),
  then renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from replykit.io.paths import user_cache_dir, user_state_dir

FORMAT = b"replykit-cache-2\n"
DIGEST = 32
MAX_ENTRY = 64 * 1024 * 1024  # no table we make is near this: anything larger is not ours
_secret: bytes | None = None


def _key_file() -> Path:
    return user_state_dir() / "cache-key"


def secret() -> bytes | None:
    """The per-user signing key, created on first use; None when it cannot be kept."""
    global _secret
    if _secret is not None:
        return _secret
    path = _key_file()
    with contextlib.suppress(OSError):
        if _valid_key(path):
            _secret = path.read_bytes()
            return _secret
        if path.is_symlink() or path.exists():  # damaged, foreign or a link: make a new one
            path.unlink()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = os.urandom(DIGEST)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except FileExistsError:  # another run made it first: use theirs
        with contextlib.suppress(OSError):
            if _valid_key(path):
                _secret = path.read_bytes()
        return _secret
    except OSError:
        return None
    _secret = data
    return _secret


def _valid_key(path: Path) -> bool:
    """The key is this user's own regular file of the right size, private to them."""
    info = path.lstat()
    import stat

    return (
        stat.S_ISREG(info.st_mode)
        and info.st_size == DIGEST
        and info.st_uid == os.getuid()
        and not info.st_mode & 0o077
    )


def entry_key(kind: str, *parts: str) -> str:
    """The digest that names an entry: its kind, replykit's and Python's versions, ``parts``."""
    import hashlib

    from replykit import __version__

    material = "\0".join([FORMAT.decode(), kind, __version__, sys.version, *parts])
    return hashlib.sha256(material.encode("utf-8", "surrogateescape")).hexdigest()


def _path(kind: str, key: str) -> Path:
    return user_cache_dir() / kind / f"{key}.bin"


def _signature(key_secret: bytes, key: str, payload: bytes) -> bytes:
    """HMAC-SHA256 of the entry's name and payload (hashlib and OpenSSL load only here)."""
    import hashlib
    import hmac

    mac = hmac.new(key_secret, key.encode() + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def load(kind: str, *parts: str) -> bytes | None:
    """The payload stored under ``kind`` and ``parts``, if present and signed by this user."""
    key_secret = secret()
    if key_secret is None:
        return None
    key = entry_key(kind, *parts)
    try:
        with _path(kind, key).open("rb") as handle:
            data = handle.read(MAX_ENTRY + 1)
    except OSError:
        return None
    head = len(FORMAT) + DIGEST
    if len(data) > MAX_ENTRY or len(data) < head or not data.startswith(FORMAT):
        return None
    payload = data[head:]
    from hmac import compare_digest

    if not compare_digest(data[len(FORMAT) : head], _signature(key_secret, key, payload)):
        return None
    return payload


def store(kind: str, payload: bytes, *parts: str) -> None:
    """Keep ``payload`` for the next run, or quietly do nothing (a cache only saves time)."""
    key_secret = secret()
    if key_secret is None or len(payload) > MAX_ENTRY:
        return
    key = entry_key(kind, *parts)
    target = _path(kind, key)
    data = FORMAT + _signature(key_secret, key, payload) + payload
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def package_data_version(package: str, relative: str) -> tuple[Path, str] | None:
    """A package's data file and a version string for it, without importing the package.

    The string names the installed distribution (from its dist-info folder) and the file's
    size and modification time, so an upgrade, or an edit in place, gives a new key.
    """
    from importlib.util import find_spec

    with contextlib.suppress(ImportError, ValueError, OSError):
        spec = find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
        source = folder / relative
        info = source.stat()
        dist = sorted(
            p.name
            for p in folder.parent.glob(f"{package}-*.dist-info")
            if p.name.lower().startswith(f"{package.lower()}-")
        )
        return source, f"{'|'.join(dist)}|{info.st_size}|{info.st_mtime_ns}"
    return None
