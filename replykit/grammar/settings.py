"""Whether and how to ask LanguageTool: settings only, so a lint that does not check
grammar never imports the client, its threads or its cache."""

import os
from dataclasses import dataclass, field

from replykit.config import Config

ENV_SERVER = "REPLYKIT_LANGUAGETOOL"
CACHE_VERSION = "1"
OFF_NOTICE = (
    "grammar and spelling are off: point replykit at a LanguageTool server with "
    f"{ENV_SERVER}=http://localhost:8081, --languagetool URL or [grammar] server "
    "(see README)"
)


@dataclass
class GrammarSettings:
    server: str | None = None
    path: str | None = None
    language: str = "en-US"
    disabled_rules: list[str] = field(default_factory=list)
    enabled_categories: list[str] = field(default_factory=list)
    picky: bool = False
    timeout: float = 3.0
    words: list[str] = field(default_factory=list)
    required: bool = False
    cache: bool = True
    parallel: int = 4

    @property
    def enabled(self) -> bool:
        return bool(self.server or self.path)

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


def grammar_settings(
    config: Config, *, url: str | None = None, require: bool | None = None, no_cache: bool = False
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
    if require is not None:
        settings.required = require
    if no_cache:
        settings.cache = False
    return settings
