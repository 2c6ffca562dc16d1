"""Grammar and spelling for the server: slow engines off the key-press path.

The built-in rules answer in about a millisecond and are published at once; a grammar
engine answers later, in a worker thread, and its findings are published with the
built-in ones when they are still about the text the editor shows.

Two engines, the same as the CLI's:

- LanguageTool, when ``[grammar]`` (or ``REPLYKIT_LANGUAGETOOL``) points at one: the
  CLI's own ``add_grammar_findings`` in a thread, its answers cached as on the command
  line;
- the offline engine (``replykit.grammar.harper``), loaded once in the background when
  the server starts, so the first diagnostics never wait for it. ``OfflineEngine`` is
  the one call point: it adapts whatever that module offers to "findings for one reply".
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from replykit.grammar.settings import GrammarSettings
    from replykit.models import FileReport, Finding

OFFLINE_MODULE = "replykit.grammar.harper"


class OfflineEngine:
    """The offline grammar engine, warmed in a background thread at start-up."""

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.module = None
        self.error: str | None = None

    @staticmethod
    def available() -> bool:
        try:
            return importlib.util.find_spec(OFFLINE_MODULE) is not None
        except ImportError:
            return False

    def start(self) -> None:
        """Import the engine (and let it load its dictionary) without blocking anyone."""
        if not self.available():
            self.ready.set()
            return
        threading.Thread(target=self._load, name="replykit-grammar-load", daemon=True).start()

    def _load(self) -> None:
        try:
            self.module = importlib.import_module(OFFLINE_MODULE)
            warm = getattr(self.module, "warm_up", None)
            if callable(warm):
                warm()
        except Exception as exc:  # any failure only means no offline grammar
            self.error = f"{type(exc).__name__}: {exc}"
            self.module = None
        finally:
            self.ready.set()

    def checker(self, settings: GrammarSettings, names: tuple[str, ...]) -> Callable | None:
        """A function (reply, built-in findings) -> grammar findings, once loaded."""
        if not self.ready.is_set() or self.module is None:
            return None
        make = getattr(self.module, "reply_checker", None)
        if not callable(make):
            return None
        check = make(settings)
        return lambda reply, findings: check(reply, findings, names)


def languagetool_findings(
    report: FileReport, settings: GrammarSettings, names: tuple[str, ...], tone: str
) -> list[Finding]:
    """LanguageTool's findings for one reply, as the CLI computes them."""
    from replykit.grammar.languagetool import add_grammar_findings
    from replykit.models import FileReport

    copy = FileReport(report.path, list(report.findings), text=report.text)
    add_grammar_findings([copy], settings, names=names, tone=tone)
    return [f for f in copy.findings if f.origin != "replykit"]
