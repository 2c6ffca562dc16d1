"""The inflected forms of a listed word: leverage -> leverages, leveraged, leveraging.

A word list says "leverage" and "reach out"; replies say "leveraging" and "reaching
out". Expanding each listed term once, when the list is built, keeps matching an exact
set lookup per token: a stemmer run on every token of every reply (Snowball costs about
15 us a word) would cost more than all the rules together. The suffix rules are the
regular English ones; tests check every form against the Snowball stemmer.
"""

from __future__ import annotations

VOWELS = frozenset("aeiou")
MIN_LENGTH = 4  # shorter words (as, per, SLA, u) are abbreviations or have no regular forms


def word_forms(word: str) -> list[str]:
    """``word`` and its regular -s, -ed and -ing forms (verbs) or plural (nouns)."""
    if len(word) < MIN_LENGTH or not word.isalpha() or not word.islower():
        return [word]
    if word.endswith(("ed", "ing", "ly")):  # already a form, or an adverb
        return [word]
    forms = [word, _plural(word)]
    if word.endswith("ie"):
        forms += [word + "d", word[:-2] + "ying"]
    elif word.endswith("ee"):
        forms += [word + "d", word + "ing"]
    elif word.endswith("e"):
        forms += [word + "d", word[:-1] + "ing"]
    elif word.endswith("y") and word[-2] not in VOWELS:
        forms += [word[:-1] + "ied", word + "ing"]
    elif _doubles(word):
        forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    else:
        forms += [word + "ed", word + "ing"]
    return forms


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2] not in VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _doubles(word: str) -> bool:
    """One syllable ending consonant-vowel-consonant doubles its last letter (chat, stop)."""
    return (
        word[-1] not in VOWELS
        and word[-1] not in "wxy"
        and word[-2] in VOWELS
        and word[-3] not in VOWELS
        and sum(1 for c in word if c in VOWELS) == 1
    )


def phrase_forms(term: str) -> list[str]:
    """A listed phrase with its first word inflected: reach out -> reaching out, ..."""
    words = term.split(" ")
    if not words[0].islower():
        return [term]
    forms = [" ".join([form, *words[1:]]) for form in word_forms(words[0])]
    last = words[-1]
    if len(words) > 1 and last.isalpha() and len(last) >= MIN_LENGTH and last[-2:] != "ly":
        forms.append(" ".join([*words[:-1], _plural(last)]))  # action items
    return forms
