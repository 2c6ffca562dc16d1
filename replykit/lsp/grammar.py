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
- LanguageTool runs on a thread of its own through the CLI's own code, its answers
  cached on disk as on the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from replykit.config import Config
    from replykit.grammar.settings import GrammarSettings
    from replykit.lsp.rpc import Loop
    from replykit.models import FileReport, Finding

SERVER_DEFAULT = "harper"


class GrammarEngines:
    """Harper's thread (warmed at start-up), LanguageTool's thread, and whether Harper
    could be loaded (read on the server's loop only)."""

    def __init__(self, loop: Loop) -> None:
        from replykit.lsp.rpc import Worker

        self.harper = Worker(loop, "replykit-harper")
        self.languagetool = Worker(loop, "replykit-languagetool")
        self.loaded = False
        self.error: str | None = None
        self.run = HarperRun()  # used on the Harper thread only
        self.started = False

    def start(self, when_ready: Callable[[], None]) -> None:
        """Load Harper's default dialect in the background (once); ``when_ready`` on the
        loop after."""
        if self.started:
            return
        self.started = True

        def warm() -> None:
            from replykit.grammar.harper import harper_matches, load_linter
            from replykit.grammar.settings import GrammarSettings

            # The first lint builds Harper's lazy tables (a few hundred ms): do it now.
            harper_matches(load_linter(GrammarSettings(), []), "Thanks for writing.")

        def warmed(_: None, error: Exception | None) -> None:
            if error is not None:  # not installed, no wheel for this platform, ...
                self.error = f"{type(error).__name__}: {error}"
            self.loaded = True
            when_ready()

        self.harper.submit(warm, warmed)

    def stop(self) -> None:
        self.harper.stop()
        self.languagetool.stop()


def chosen_engine(settings: GrammarSettings) -> str:
    """``off``, ``harper`` or ``languagetool``: the config's choice, else the server's."""
    return settings.choose(SERVER_DEFAULT)


class HarperRun:
    """Harper set up for one folder's settings and names, kept between key presses.

    ``load_linter`` re-applies the rule configuration and the word list on each call
    (about 20 ms); a reply's next check with the same settings and words skips it.
    """

    def __init__(self) -> None:
        self.key: tuple[object, ...] | None = None
        self.linter: object = None

    def findings(
        self,
        text: str,
        label: str,
        findings: list[Finding],
        settings: GrammarSettings,
        config: Config,
        names: tuple[str, ...],
        tone: str,
    ) -> list[Finding]:
        """Harper's findings for one reply, as ``replykit lint`` makes them (run this on
        the Harper thread)."""
        from replykit.grammar import harper
        from replykit.grammar.common import add_matches
        from replykit.grammar.engine import team_names
        from replykit.models import FileReport
        from replykit.text.reply import parse_reply

        reply = parse_reply(text, label, customer_names=names, tone=tone)
        words, known = harper.known_words(settings, (*names, *team_names(config)))
        key = (
            settings.language,
            tuple(settings.disabled_rules),
            tuple(settings.enabled_rules),
            tuple(words),
        )
        if key != self.key or self.linter is None:
            try:
                self.linter = harper.load_linter(settings, words)
            except harper.HarperUnavailable as exc:
                from replykit.grammar.common import unavailable_finding

                return [
                    unavailable_finding(
                        str(exc),
                        harper.UNAVAILABLE_HINT,
                        required=settings.required,
                        engine="harper",
                    )
                ]
            self.key = key
        sent = harper.masked_text(reply)
        report = FileReport(label, list(findings), text=text)
        add_matches(
            report,
            reply,
            sent,
            harper.harper_matches(self.linter, sent.text, sent.masked),
            known=known,
            engine="harper",
            same_as_builtin=harper.SAME_AS_BUILTIN,
            skip_known=True,
            skip_same_span=True,
        )
        return [f for f in report.findings if f.origin.startswith("harper:")]


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
