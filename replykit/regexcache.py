"""``re.compile`` whose work survives the process: for an editor key, not a server.

Python compiles a regex in pure Python (parse, then assemble the matcher's code) and keeps
the result for the life of one process. replykit's rules compile about 35 patterns, which
cost an editor key ~10 ms per keypress, more than checking the reply. This module keeps
the assembled code in the cache folder, keyed by the pattern, the flags, the Python build
and the regex engine's version, and hands it straight to the engine the next time.

Anything unexpected (another Python, a damaged cache, an engine that takes other
arguments) falls back to ``re.compile``: the cache can only save time, never change a
match.
"""

import contextlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

from replykit.paths import user_cache_dir, write_cache

try:  # the engine and compiler behind ``re``, as used by ``re._compiler.compile``
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

CACHE_VERSION = 1
MAX_ENTRIES = 256  # the rules need ~35; a bound keeps a stray dynamic pattern from growing it
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_table: dict[tuple[str, int], _Entry] | None = None


def _cache_file() -> Path:
    engine = getattr(_sre, "MAGIC", 0)
    return user_cache_dir() / f"regex-v{CACHE_VERSION}-{sys.hexversion:x}-{engine}.marshal"


def _load() -> dict[tuple[str, int], _Entry]:
    global _table
    if _table is None:
        _table = {}
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            loaded = marshal.loads(_cache_file().read_bytes())
            if isinstance(loaded, dict):
                _table = loaded
    return _table


def _save(table: dict[tuple[str, int], _Entry]) -> None:
    with contextlib.suppress(ValueError):  # something that does not marshal: no cache
        write_cache(_cache_file(), marshal.dumps(table))


def assemble(pattern: str, flags: int) -> _Entry:
    """What ``re._compiler.compile`` passes to the engine, without calling it."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the cache when this pattern was seen before."""
    flags = int(flags)
    if _sre is None or os.environ.get("REPLYKIT_NO_REGEX_CACHE"):
        return re.compile(pattern, flags)
    table = _load()
    entry = table.get((pattern, flags))
    try:
        if entry is None:
            entry = assemble(pattern, flags)
            if len(table) < MAX_ENTRIES:
                table[pattern, flags] = entry
                _save(table)
        return _sre.compile(pattern, *entry)
    except Exception:
        return re.compile(pattern, flags)


def cached_entries() -> dict[tuple[str, int], Any]:
    """The patterns in the cache (for the tests)."""
    return dict(_load())
