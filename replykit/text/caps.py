"""Is a word in capitals shouting, or an acronym? Judged the way a reader judges it.

A reader takes ``VERY`` and ``DELAYED`` as shouting but ``DHL``, ``SKU`` or ``NPS`` as
names: a short word in capitals that is not an everyday English word is an acronym, even
when no list knows it. Longer words need the acronym list; a capitalised word before
``Corp``/``Inc`` is a company name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from replykit.text.gate import Lazy
from replykit.text.lexicon import Lexicon

SHORT_ACRONYM_MAX = 4  # letters: USPS, GDPR and JSON are acronyms, VERY and STOP are words
COMPANY_AFTER = Lazy(r"[ \t]+(?:Corp|Inc|Ltd|LLC|GmbH|Co|Group|Labs)\b")
RUN_GAP = Lazy(r"[ \t,:'’-]*")
# Every word in capitals has two capitals in a row, or a capital and an apostrophe (I’M).
# Not [A-Z][A-Z'’]: a class with "’" in it compiles in 0.17 ms, this in 0.07.
CAPS_PAIR = Lazy(r"[A-Z][A-Z']|’")


def is_shouting(word: str, lexicon: Lexicon) -> bool:
    """Whether ``word`` (all capitals) reads as shouting rather than as an acronym."""
    acronyms = lexicon.acronyms
    if word in acronyms or word.rstrip("S") in acronyms or word.rstrip("'’S") in acronyms:
        return False
    bare = word.rstrip("'’S") if word.endswith(("'S", "’S")) else word
    if len(bare) <= SHORT_ACRONYM_MAX:  # I'M and DON'T are words, not acronyms
        return bare.lower().replace("'", "").replace("’", "") in lexicon.common_short_words
    return True


def shouting_runs(
    text: str,
    matches: Iterable[re.Match[str]],
    lexicon: Lexicon,
    skip: Callable[[int, int], bool] | None = None,
) -> Iterator[tuple[int, int]]:
    """Spans of runs of shouted words (``WHY WAS I CHARGED``): one span per run.

    ``skip(start, end)`` leaves a word out (a URL, a slot); a company name or an acronym
    ends a run, a lone capital ``I`` joins one.
    """
    run: list[tuple[int, int]] = []
    for match in matches:
        word = match.group()
        start, end = match.span()
        if COMPANY_AFTER.match(text, end) or (skip is not None and skip(start, end)):
            continue
        if not is_shouting(word, lexicon):
            continue
        if run and _joined(text, run[-1][1], start):
            run.append((start, end))
            continue
        if run:
            yield run[0][0], run[-1][1]
        run = [(start, end)]
    if run:
        yield run[0][0], run[-1][1]


def _joined(text: str, end: int, start: int) -> bool:
    """Whether two shouted words belong to one run: only spaces, a lone I, light marks."""
    gap = text[end:start]
    if RUN_GAP.fullmatch(gap):
        return True
    return bool(re.fullmatch(r"[ \t]+I[ \t]+", gap))


def calm(shouted: str, *, first: bool) -> str:
    """``WHY WAS I CHARGED`` -> ``Why was I charged`` (all lower case mid-sentence)."""
    lower = re.sub(r"\bi\b", "I", shouted.lower())
    return lower[:1].upper() + lower[1:] if first else lower
