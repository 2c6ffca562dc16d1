"""The language server behind ``replykit lsp`` (pygls, in the ``lsp`` extra).

``replykit lsp`` starts here without building the typer app: an editor waits for the
server's first answer, and the command line has nothing to parse but ``--stdio``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

MISSING = (
    "error: the language server needs pygls and lsprotocol ({name} is missing): "
    "pip install 'replykit[lsp]'\n"
)


def wants_server(argv: list[str]) -> bool:
    """``replykit lsp`` with nothing but ``--stdio``, the flag many editors pass."""
    return argv[:1] == ["lsp"] and all(arg == "--stdio" for arg in argv[1:])


def run(before_serving: Callable[[], None] | None = None) -> int:
    """Serve until the editor says exit; 2 with one ``error:`` line when pygls is missing."""
    from replykit.lsp.precompiled import precompiled
    from replykit.lsp.startup import lean_imports

    try:
        # lsprotocol's attrs methods from the wheel, and two costs the server has no use
        # for left out: see precompiled.py and startup.py
        with precompiled(), lean_imports():
            from replykit.lsp.server import serve
    except ImportError as exc:
        sys.stderr.write(MISSING.format(name=exc.name))
        return 2
    if before_serving is not None:
        before_serving()
    serve()
    return 0
