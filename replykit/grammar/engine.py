"""Which grammar engine a run uses, in one place, so the service only asks.

Harper is built in and offline but costs about a second to load, so each command has a
default: on where that second is paid once per reply sent or per batch (``draft``, a
batch ``lint``, ``check``), off where it would be paid on every key press (``lint`` of
one reply, which editor keys run). ``--grammar`` and ``[grammar] engine`` choose for
every command; a configured LanguageTool server or install is used when nothing is
chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from replykit.config import Config
from replykit.grammar.settings import (
    OFF_NOTICE,
    GrammarSettings,
    add_dictionary,
    grammar_settings,
)

if TYPE_CHECKING:
    from replykit.models import FileReport, Finding
    from replykit.text.lexicon import Lexicon
    from replykit.text.reply import Reply

Edit = tuple[int, int, str]


def config_lexicon(config: Config) -> Lexicon:
    """The run's word lists (built in and ``[lint.words]``)."""
    from replykit.text.lexicon import Lexicon

    return Lexicon(config.lint.get("words"), config.source_of("lint.words"))


def team_names(config: Config, lexicon: Lexicon | None = None) -> tuple[str, ...]:
    """Words, not misspellings: the agent's and the company's names from config, and the
    acronyms the team writes in capitals (built in and ``[lint.words] acronyms``)."""
    names = [config.agent.get("name"), config.company.get("name")]
    acronyms = (lexicon or config_lexicon(config)).acronyms
    return (*(str(n) for n in names if n), *sorted(acronyms))


def settings_for(
    config: Config,
    *,
    engine: str | None = None,
    url: str | None = None,
    require: bool | None = None,
    no_cache: bool = False,
) -> GrammarSettings:
    return grammar_settings(config, url=url, require=require, no_cache=no_cache, engine=engine)


def engine_settings(config: Config, default: str, **options: Any) -> tuple[GrammarSettings, str]:
    """The settings and the engine chosen (``off``, ``harper``, ``languagetool``); with
    an engine, the team dictionary read into the settings' words."""
    settings = settings_for(config, **options)
    chosen = settings.choose(default)
    if chosen != "off":
        add_dictionary(settings, config)
    return settings, chosen


AddFindings = Callable[[list["FileReport"]], None]


def prepare(
    config: Config,
    *,
    default: str,
    engine: str | None = None,
    url: str | None = None,
    require: bool | None = None,
    no_cache: bool = False,
    names: tuple[str, ...] = (),
    tone: str = "casual",
    subject: str | None = None,
    jobs: int | None = None,
) -> tuple[AddFindings | None, list[str]]:
    """The chosen engine set up once for a run (settings, names, word lists): a function
    that adds its findings to reports, or None when grammar is off; and the notices."""
    settings, chosen = engine_settings(
        config, default, engine=engine, url=url, require=require, no_cache=no_cache
    )
    if chosen == "off":
        return None, [OFF_NOTICE] if settings.engine is None else []
    lexicon = config_lexicon(config)
    options = {
        "names": (*names, *team_names(config, lexicon)),
        "tone": tone,
        "subject": subject,
        "lexicon": lexicon,
    }
    if chosen == "languagetool":
        from replykit.grammar.languagetool import add_grammar_findings as add
    else:
        from replykit.grammar.harper import add_harper_findings as add

        options["jobs"] = jobs

    def add_findings(reports: list[FileReport]) -> None:
        if reports:
            add(reports, settings, **options)

    return add_findings, []


def add_grammar(reports: list[FileReport], config: Config, **options: Any) -> list[str]:
    """Add grammar and spelling findings with the chosen engine; the notices to show."""
    add_findings, notices = prepare(config, **options)
    if add_findings is not None:
        add_findings(reports)
    return notices


def library_checker(
    config: Config, *, default: str, engine: str | None = None
) -> Callable[[Reply, list[Finding], tuple[str, ...]], list[Finding]] | None:
    """For ``check``: grammar findings of one rendered snippet (Harper only: a library
    check runs offline in CI); None when grammar is off for this run."""
    settings, chosen = engine_settings(config, default, engine=engine)
    if chosen != "harper":
        return None
    from replykit.grammar.harper import reply_checker

    return reply_checker(settings)


def certain_fixes(
    config: Config, *, default: str, engine: str | None = None, names: tuple[str, ...] = ()
) -> Callable[[Reply], list[Edit]] | None:
    """For ``--fix``: Harper's certain fixes of one reply; None when Harper is not chosen."""
    settings, chosen = engine_settings(config, default, engine=engine)
    if chosen != "harper":
        return None
    from replykit.grammar import harper

    all_names = (*names, *team_names(config))
    return lambda reply: harper.certain_fixes(reply, settings, all_names)
