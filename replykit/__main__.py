"""The ``replykit`` console script and ``python -m replykit``.

Start-up is tuned for an editor key: the garbage collector stays off while the modules
load (they are long-lived; collecting them is wasted work), then the loaded objects are
frozen out of every later collection and the collector is switched back on.
"""

import gc

gc.disable()


def _collect_from_now_on() -> None:
    gc.freeze()
    gc.enable()


def main() -> None:
    import sys

    if sys.argv[1:2] == ["lsp"]:  # the language server needs no command-line parser
        from replykit.lsp import run as serve
        from replykit.lsp import wants_server

        if wants_server(sys.argv[1:]):
            raise SystemExit(serve(before_serving=_collect_from_now_on))
    from replykit.cli import main as run

    _collect_from_now_on()
    run()


if __name__ == "__main__":
    main()
