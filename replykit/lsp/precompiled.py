"""lsprotocol's attrs methods compiled when the wheel is built, not at every server start.

``import lsprotocol.types`` defines about 550 attrs classes, and attrs writes each one's
``__init__``, ``__repr__``, ``__eq__``... as Python source and ``compile()``\\s it while
the module loads: about a third of the import, which is itself most of the time before
the server can answer ``initialize`` (measured on 2 cores: 0.25 s of compile in a 0.7 s
profile of the import; the import's CPU time fell from 0.55-0.65 s to 0.35-0.45 s with
the code objects loaded instead, and loading them takes 3-4 ms).

``hatch_build.py`` imports lsprotocol once, records every script attrs compiles with the
code object it compiled to, and ships them as ``_tables/attrs_code.marshal`` (package
data, as trusted as the package's own ``.pyc`` files; never written at run time). At run
time ``compile`` is answered from the table only for the identical script and file name
under the identical Python bytecode version: anything else (another lsprotocol or attrs
release, another Python) is compiled as usual, so the table can only save time.
"""

from __future__ import annotations

import contextlib
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from replykit.io.paths import PACKAGE_DIR

TABLE = PACKAGE_DIR / "_tables" / "attrs_code.marshal"
MODULES = ("lsprotocol.types", "lsprotocol.converters")  # pygls adds 3 scripts: not worth it


def _magic() -> bytes:
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER


@contextlib.contextmanager
def _compile_hook(hook: Any) -> Iterator[None]:
    """attrs calls the ``compile`` builtin by name from ``attr._make``: shadow it there
    for the duration (with another attrs the hook is simply never called)."""
    try:
        import attr._make as make
    except ImportError:
        yield
        return
    make.compile = hook  # type: ignore[attr-defined]
    try:
        yield
    finally:
        with contextlib.suppress(AttributeError):
            del make.compile  # type: ignore[attr-defined]


def build(out: Path) -> Path | None:
    """Import the server's protocol modules, keeping each compiled attrs script; write
    the table into ``out``. None when lsprotocol is not importable here."""
    import builtins

    codes: dict[tuple[str, str], Any] = {}

    def recording(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        code = builtins.compile(source, filename, mode, *args, **kwargs)
        if isinstance(source, str) and isinstance(filename, str) and not args and not kwargs:
            codes[(filename, source)] = code
        return code

    import importlib

    with _compile_hook(recording):
        try:
            for name in MODULES:
                importlib.import_module(name)
        except ImportError:
            return None
    path = out / TABLE.name
    path.write_bytes(marshal.dumps((_magic(), codes)))
    return path


@contextlib.contextmanager
def precompiled() -> Iterator[None]:
    """Within this block attrs takes its code objects from the shipped table, when there
    is one for this Python; the table is dropped at the end of the block."""
    try:
        magic, codes = marshal.loads(TABLE.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        magic, codes = None, None
    if magic != _magic() or not isinstance(codes, dict):
        yield
        return
    import builtins

    def cached(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        if mode == "exec" and not args and not kwargs:
            with contextlib.suppress(TypeError):  # an unhashable source: compile it
                code = codes.get((filename, source))
                if code is not None:
                    return code
        return builtins.compile(source, filename, mode, *args, **kwargs)

    with _compile_hook(cached):
        yield
