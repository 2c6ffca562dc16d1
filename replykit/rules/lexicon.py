"""Word lists from ``data/words.toml`` plus a team's additions, compiled once.

Each list becomes one combined, case-insensitive pattern (longest terms first), so a
rule costs one regex scan per reply however long its list is.
"""

from __future__ import annotations

import re
import tomllib
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from replykit.errors import ConfigError

TABLE_LISTS = ("slang", "jargon", "negative", "casual_markers", "safe_fixes")
PHRASE_LISTS = (
    "generic_apology",
    "condescension",
    "promotion",
    "sign_offs",
    "greetings",
    "generic_greetings",
    "gratitude",
    "follow_up_promises",
    "time_frames",
    "instructions",
    "repeat_ok",
)
TERM_LISTS = ("acronyms", "subject_filler")
ALL_LISTS = TABLE_LISTS + PHRASE_LISTS + TERM_LISTS


@lru_cache(maxsize=1)
def builtin_words() -> dict[str, Any]:
    data = tomllib.loads(
        resources.files("replykit.rules").joinpath("data/words.toml").read_text(encoding="utf-8")
    )
    phrases = data.pop("phrases")
    return {**data, **phrases}


def term_pattern(
    terms: list[str] | set[str], *, prefix: str = r"(?<![\w'’-])", suffix: str = r"(?![\w'’-])"
) -> re.Pattern[str]:
    """One alternation for a whole list; apostrophes match ' and ’, spaces any space."""
    unique = sorted({t.lower() for t in terms if t.strip()}, key=lambda t: (-len(t), t))
    if not unique:
        return re.compile(r"(?!x)x")
    parts = [re.sub(r"['’]", "['’]", re.escape(t)).replace(r"\ ", r"\s+") for t in unique]
    return re.compile(prefix + "(?:" + "|".join(parts) + ")" + suffix, re.IGNORECASE)


def _read_word_file(path: Path, name: str) -> Any:
    """A ``.toml`` file (a table, a list, or either under the list's name) or ``.txt`` lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read word list '{name}': {exc.strerror}", path=path) from None
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML in word list '{name}': {exc}", path=path) from None
        return data.get(name, data.get("words", data))
    entries: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            term, _, suggestion = line.partition("=")
            entries[term.strip()] = suggestion.strip()
    return entries


class Lexicon:
    """The word lists in force for one run."""

    def __init__(
        self, extra: dict[str, Any] | None = None, config_path: Path | None = None
    ) -> None:
        words = {
            k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in builtin_words().items()
        }
        for name, value in (extra or {}).items():
            if name not in ALL_LISTS:
                raise ConfigError(
                    f"unknown word list 'lint.words.{name}'",
                    path=config_path,
                    hint=f"known lists: {', '.join(ALL_LISTS)}",
                )
            if isinstance(value, str):
                value = _read_word_file(Path(value), name)
            if name in TABLE_LISTS:
                table = value if isinstance(value, dict) else {t: "" for t in value}
                words[name].update({str(k): str(v) for k, v in table.items()})
            else:
                terms = value.keys() if isinstance(value, dict) else value
                words[name].extend(str(t) for t in terms)
        self.words = words

    def table(self, name: str) -> dict[str, str]:
        """Lower-cased term -> suggestion, for looking up a match."""
        return {k.lower().replace("’", "'"): v for k, v in self.words[name].items()}

    def pattern(self, name: str) -> re.Pattern[str]:
        cache = self.__dict__.setdefault("_patterns", {})
        if name not in cache:
            cache[name] = term_pattern(list(self.words[name]))
        return cache[name]

    @cached_property
    def acronyms(self) -> frozenset[str]:
        return frozenset(self.words["acronyms"])

    @cached_property
    def sign_off_line(self) -> re.Pattern[str]:
        terms = term_pattern(self.words["sign_offs"], prefix="", suffix="").pattern
        return re.compile(rf"{terms}\s*(?:[,.!—–-]\s*(?:\w[\w .'’-]*)?)?$", re.IGNORECASE)

    @cached_property
    def greeting_line(self) -> re.Pattern[str]:
        terms = term_pattern(self.words["greetings"], prefix="", suffix=r"(?![\w'’-])").pattern
        return re.compile(rf"(?P<word>{terms})(?P<rest>[^\n]*)", re.IGNORECASE)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The built-in lists alone (for parsing, before any config is known)."""
    return Lexicon()
