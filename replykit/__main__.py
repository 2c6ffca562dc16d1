"""The ``replykit`` console script and ``python -m replykit``.

Start-up is tuned for an editor key, and this is where its rules are written down (each
measured on the 2-core CI machine against an editor key's cold ``lint``):

- the garbage collector stays off while the modules load (they are long-lived;
  collecting them is wasted work), then the loaded objects are frozen out of every later
  collection and the collector is switched back on;
- only the invoked command's module is imported (``replykit.cli.COMMANDS``), and the
  command modules do not use ``from __future__ import annotations``: typer reads every
  parameter's annotation when it builds the command, and a string annotation costs it
  an ``eval`` (building ``lint`` took 14 ms with them, 8 ms without);
- module-level patterns compile on first use, behind cheap gates
  (``replykit.text.gate.Lazy``): 58 compiled in 17 ms before, 20 in 3 ms after;
- the records a ``lint`` builds on its way (settings, config, replies, reports, the
  service's outcomes) are plain classes or NamedTuples, not dataclasses: each dataclass
  costs 0.4-1.3 ms to define, as long as linting the reply, and thirteen sat on the path.
  Dataclasses stay where a command needs them (drafting, the library checks, grammar,
  the language server). ``replykit.models`` and ``replykit.rules`` also keep their
  annotations as objects: a NamedTuple compiles each string annotation (46 of them).
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
