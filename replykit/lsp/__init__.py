"""The language server behind ``replykit lsp``.

``replykit lsp`` starts here without building the typer app: an editor waits for the
server's first answer, and the command line has nothing to parse but ``--stdio``.
"""

from __future__ import annotations

from collections.abc import Callable


def wants_server(argv: list[str]) -> bool:
    """``replykit lsp`` with nothing but ``--stdio``, the flag many editors pass."""
    return argv[:1] == ["lsp"] and all(arg == "--stdio" for arg in argv[1:])


def run(before_serving: Callable[[], None] | None = None) -> int:
    """Serve until the editor says exit; the exit code the protocol asks for."""
    from replykit.lsp.server import serve

    if before_serving is not None:
        before_serving()
    return serve()
