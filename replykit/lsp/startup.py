"""Two costs of importing pygls and lsprotocol that the server never uses, left out.

Both apply only while ``replykit lsp`` imports its server (``replykit.lsp.run``); the
figures are the server's resident size once imported (python -X importtime and
/proc/self/status, 2 cores), before any reply is linted.

- **attrs' copies of lsprotocol's namespace.** For every class it builds, attrs copies
  the whole namespace of the class's module into the globals of the generated
  ``__init__``, only so that ``typing.get_type_hints(Class.__init__)`` can resolve string
  annotations. lsprotocol.types defines ~550 classes in one module, so that is ~550
  copies of a namespace growing to ~700 names: 48.8 -> 38.6 MiB without them. Nothing
  in pygls, cattrs or replykit reads the hints of an lsprotocol ``__init__`` (cattrs
  and attrs resolve a *class's* annotations, from its module, which is unchanged).
- **ssl.** asyncio imports ssl (and OpenSSL's libraries) for TLS connections, and
  carries on without it when it is missing; a server on stdin and stdout has no TLS:
  44.4 instead of 48.8 MiB, and ~10 ms. ssl stays importable: only asyncio, imported
  here, goes without it (LanguageTool's HTTP client, imported later, gets it).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

NOT_COPIED = "lsprotocol.types"


class _ModulesWithout(Mapping[str, ModuleType]):
    """``sys.modules`` as attrs sees it: without lsprotocol.types, so attrs does not
    copy that module's namespace into each generated ``__init__``."""

    def __getitem__(self, name: str) -> ModuleType:
        if name == NOT_COPIED:
            raise KeyError(name)
        return sys.modules[name]

    def __iter__(self) -> Iterator[str]:
        return (name for name in list(sys.modules) if name != NOT_COPIED)

    def __len__(self) -> int:
        return len(sys.modules) - (NOT_COPIED in sys.modules)


class _SysForAttrs(ModuleType):
    """The ``sys`` module attrs' ``_make`` sees: the real one, but for ``modules``."""

    modules = _ModulesWithout()

    def __getattr__(self, name: str) -> Any:
        return getattr(sys, name)


@contextlib.contextmanager
def lean_imports() -> Iterator[None]:
    """Import the server within this block (see the module's docstring)."""
    block_ssl = "ssl" not in sys.modules and "asyncio" not in sys.modules
    if block_ssl:
        sys.modules["ssl"] = None  # type: ignore[assignment]  # import ssl: ImportError
    make: Any = None
    with contextlib.suppress(ImportError):
        import attr._make as make
    if make is not None and getattr(make, "sys", None) is sys:
        make.sys = _SysForAttrs("sys")
    else:  # another attrs: nothing to change
        make = None
    try:
        yield
    finally:
        if make is not None:
            make.sys = sys
        if block_ssl and sys.modules.get("ssl", 0) is None:
            del sys.modules["ssl"]
