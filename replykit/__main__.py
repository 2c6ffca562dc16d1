"""The ``replykit`` console script and ``python -m replykit``.

Start-up is tuned for an editor key: the garbage collector stays off while the modules
load (they are long-lived; collecting them is wasted work), then the loaded objects are
frozen out of every later collection and the collector is switched back on.
"""

import gc

gc.disable()


def main() -> None:
    from replykit.cli import main as run

    gc.freeze()
    gc.enable()
    run()


if __name__ == "__main__":
    main()
