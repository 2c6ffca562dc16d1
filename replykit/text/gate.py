"""A regex behind a cheap test that every one of its matches passes.

Most replies have no capitals run, no markup and no placeholder, yet scanning a reply
with such a regex costs 20-130 us (Python's engine tries every branch at every
character). A substring search, a regex that starts with a character class (which the
engine skips through in C), or a look at the reply's cached words costs about 1 us, so a
batch of 1,000 replies saves about a second. The test must never be stricter than the
pattern: it may let a reply through that has no match, never stop one that has.
"""

import re
from collections.abc import Callable, Iterator
from typing import Any


class Gated:
    """``pattern.finditer`` and ``search``, skipped when ``text`` cannot match."""

    __slots__ = ("gate", "needles", "pattern", "test")

    def __init__(
        self,
        pattern: "re.Pattern[str] | Lazy",
        *,
        needles: tuple[str, ...] = (),
        gate: "re.Pattern[str] | Lazy | None" = None,
        test: Callable[[str], bool] | None = None,
    ) -> None:
        self.pattern = pattern
        self.needles = needles  # every match contains one of these substrings
        self.gate = gate  # every match contains a match of this
        self.test = test  # any other cheap condition every match's text meets

    def could_match(self, text: str) -> bool:
        if self.needles and not any(needle in text for needle in self.needles):
            return False
        if self.gate is not None and self.gate.search(text) is None:
            return False
        return self.test is None or self.test(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.could_match(text) else iter(())

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.could_match(text) else None


class Lazy:
    """``re.compile(pattern, flags)``, done on first use.

    Compiling is most of what a cold ``lint`` spends on patterns: 58 module-level
    patterns took 17 ms of an editor key's ~180 ms (measured on the 2-core CI machine),
    and most replies never reach most of them: each sits behind a cheap gate or is only
    for MIME, quoted, templated or shouted text. The methods a rule calls are spelled
    out so a compiled pattern costs one call more, not an attribute miss.
    """

    __slots__ = ("_compiled", "_flags", "pattern")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern, self._flags = source, flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
        return self._compiled

    def search(self, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled()).search(*args)

    def match(self, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled()).match(*args)

    def fullmatch(self, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled()).fullmatch(*args)

    def finditer(self, *args: Any) -> Iterator[re.Match[str]]:
        return (self._compiled or self.compiled()).finditer(*args)

    def findall(self, *args: Any) -> list[Any]:
        return (self._compiled or self.compiled()).findall(*args)

    def sub(self, *args: Any) -> str:
        return (self._compiled or self.compiled()).sub(*args)

    def split(self, *args: Any) -> list[str]:
        return (self._compiled or self.compiled()).split(*args)

    def __getattr__(self, name: str) -> Any:  # groups, groupindex, flags: rarely used
        return getattr(self.compiled(), name)
