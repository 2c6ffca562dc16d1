"""Grammar and spelling for the server: slow engines off the key-press path.

The built-in rules answer in a few milliseconds and are published at once; a grammar
engine answers after them, off the event loop, and its findings are published with the
built-in ones when they are still about the text the editor shows.

The engine is the CLI's choice (``[grammar] engine``, else LanguageTool when one is
set up), except that the server's default is Harper: the CLI leaves it off for one
reply because loading it costs about a second per run, and a server pays that once.

- Harper is loaded when the server starts, on its own thread, so the first diagnostics
  never wait for it; every Harper call runs on that one thread (its linter is a native
  object, used from the thread that made it).
- LanguageTool runs on the server's thread pool through the CLI's own code, its
  answers cached on disk as on the command line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from replykit.config import Config
    from replykit.grammar.settings import GrammarSettings
    from replykit.models import FileReport, Finding

SERVER_DEFAULT = "harper"


class GrammarEngines:
    """Harper's thread (warmed at start-up) and whether Harper could be loaded."""

    def __init__(self) -> None:
        self.harper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="replykit-harper")
        self.ready = threading.Event()
        self.error: str | None = None

    def start(self, when_ready: Callable[[], None]) -> Future[None]:
        """Load Harper's default dialect in the background; ``when_ready`` after."""

        def warm() -> None:
            try:
                from replykit.grammar.harper import load_linter
                from replykit.grammar.settings import GrammarSettings

                load_linter(GrammarSettings(), [])
            except Exception as exc:  # not installed, no wheel for this platform, ...
                self.error = f"{type(exc).__name__}: {exc}"
            finally:
                self.ready.set()
                when_ready()

        return self.harper.submit(warm)

    def shutdown(self) -> None:
        self.harper.shutdown(wait=False, cancel_futures=True)


def chosen_engine(settings: GrammarSettings) -> str:
    """``off``, ``harper`` or ``languagetool``: the config's choice, else the server's."""
    return settings.choose(SERVER_DEFAULT)


def harper_findings(
    text: str,
    label: str,
    findings: list[Finding],
    settings: GrammarSettings,
    config: Config,
    names: tuple[str, ...],
    tone: str,
) -> list[Finding]:
    """Harper's findings for one reply (run this on the Harper thread)."""
    from replykit.grammar.engine import team_names
    from replykit.grammar.harper import reply_checker
    from replykit.text.reply import parse_reply

    reply = parse_reply(text, label, customer_names=names, tone=tone)
    return reply_checker(settings)(reply, findings, (*names, *team_names(config)))


def languagetool_findings(
    report: FileReport,
    settings: GrammarSettings,
    config: Config,
    names: tuple[str, ...],
    tone: str,
) -> list[Finding]:
    """LanguageTool's findings for one reply, as the CLI computes them."""
    from replykit.grammar.engine import team_names
    from replykit.grammar.languagetool import add_grammar_findings
    from replykit.models import FileReport

    copy = FileReport(report.path, list(report.findings), text=report.text)
    all_names = (*names, *team_names(config))
    add_grammar_findings([copy], settings, names=all_names, tone=tone)
    return [f for f in copy.findings if f.origin != "replykit"]
