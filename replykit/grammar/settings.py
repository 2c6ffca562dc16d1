"""Which grammar engine runs and how: settings only, so a lint that does not check
grammar never imports an engine, its threads or its cache."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from replykit.config import Config
from replykit.errors import ConfigError
from replykit.grammar import ENV_SERVER, OFF_NOTICE  # noqa: F401 - their home is light

CACHE_VERSION = "1"
# Harper's dialects by [grammar] language; LanguageTool takes any language it knows.
HARPER_DIALECTS = {
    "en": "AMERICAN",
    "en-US": "AMERICAN",
    "en-GB": "BRITISH",
    "en-CA": "CANADIAN",
    "en-AU": "AUSTRALIAN",
    "en-NZ": "AUSTRALIAN",  # Harper has no New Zealand dialect; Australian is the closest
    "en-ZA": "BRITISH",
}


@dataclass
class GrammarSettings:
    engine: str | None = None  # None: LanguageTool when a server or path is set, else the default
    server: str | None = None
    path: str | None = None
    language: str = "en-US"
    disabled_rules: list[str] = field(default_factory=list)
    enabled_rules: list[str] = field(default_factory=list)
    enabled_categories: list[str] = field(default_factory=list)
    picky: bool = False
    timeout: float = 3.0
    words: list[str] = field(default_factory=list)
    dictionary: str | None = None
    required: bool = False
    cache: bool = True
    parallel: int = 4
    source: str | None = None  # the config file that set enabled_rules, for messages

    @property
    def enabled(self) -> bool:
        return bool(self.server or self.path)

    def choose(self, default: str) -> str:
        """Flag or config, else LanguageTool when it is set up, else ``default``."""
        if self.engine:
            return self.engine
        return "languagetool" if self.enabled else default

    def cache_key(self, text: str) -> str:
        settings = [
            self.server or "",
            self.path or "",
            self.language,
            sorted(self.disabled_rules),
            sorted(self.enabled_categories),
            self.picky,
            CACHE_VERSION,
        ]
        import hashlib
        import json

        return hashlib.sha256(json.dumps([settings, text]).encode("utf-8")).hexdigest()


def read_dictionary(path: str, config_file: Path | None) -> list[str]:
    """A team dictionary: one word or name per line, ``#`` starts a comment."""
    from replykit.errors import InputError
    from replykit.io.files import read_text

    try:
        text = read_text(path, what="dictionary", streams=False)
    except InputError as exc:  # missing, a pipe or device, over 1 MB, not UTF-8
        raise ConfigError(
            f"grammar.dictionary {path}: {exc.message}",
            path=config_file,
            hint="give a UTF-8 text file with one word or name per line",
        ) from None
    words = []
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def grammar_settings(
    config: Config,
    *,
    url: str | None = None,
    require: bool | None = None,
    no_cache: bool = False,
    engine: str | None = None,
) -> GrammarSettings:
    """Config's [grammar], then the environment, then flags."""
    data = dict(config.grammar)
    known = GrammarSettings.__dataclass_fields__
    settings = GrammarSettings(**{k: v for k, v in data.items() if k in known})
    env = os.environ.get(ENV_SERVER)
    if env:
        settings.server = env
    if url:
        settings.server = url
        settings.engine = "languagetool"
    if engine:
        settings.engine = engine
    if require is not None:
        settings.required = require
    if no_cache:
        settings.cache = False
    if settings.enabled_rules:
        source = config.source_of("grammar.enabled_rules")
        settings.source = str(source) if source else None
    return settings


def add_dictionary(settings: GrammarSettings, config: Config) -> GrammarSettings:
    """The team dictionary's words joined to ``words``: read only once an engine will
    run, so a run with grammar off neither opens the file nor fails on it."""
    if settings.dictionary:
        words = read_dictionary(settings.dictionary, config.source_of("grammar.dictionary"))
        settings.words = [*settings.words, *words]
    return settings
