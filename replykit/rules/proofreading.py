"""Proofreading and format: repeated words, spacing, and markup in plain text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from operator import eq

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.text.gate import Gated, Lazy
from replykit.text.lexicon import tokenize
from replykit.text.reply import Reply


def _twin_tokens(text: str) -> bool:
    """Whether two neighbouring words are equal, which every REPEATED match needs.

    Ten times cheaper than the regex; for non-ASCII text, where the regex's case folding
    is wider than ``str.lower``, it lets everything through.
    """
    if not text.isascii():
        return True
    words = tokenize(text).words
    return any(map(eq, words, islice(words, 1, None)))


REPEATED = Gated(
    Lazy(r"(?<![\w'’-])([^\W\d_][\w'’]*)([ \t]+|[ \t]*\n[ \t]*)(\1)(?![\w'’-])", re.IGNORECASE),
    test=_twin_tokens,
)
DOUBLE_SPACE = Gated(Lazy(r"(?<=\S)  +(?=\S)"), needles=("  ",))
SPACE_BEFORE = Gated(
    Lazy(r"(?<=\w)[ \t]+(?=[,.;:!?](?:\s|$))"),
    gate=Lazy(r"[ \t][,.;:!?]"),
)
# "to me.Your plan": a sentence glued to the next; "example.com", "e.g." and "U.S." are fine.
NO_SPACE_AFTER_STOP = Gated(Lazy(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])"), gate=Lazy(r"[a-z]\.[A-Z]"))
HTML_TAG = Gated(
    Lazy(r"</?[a-z][a-z0-9]*(?:\s[^<>\n]*)?/?>|&(?:nbsp|amp|lt|gt|quot);"),
    needles=("<", "&"),
)
# done.. / Inc.. (not an ellipsis), me.Your (no space after a full stop), Pro ,and
DOUBLE_STOP = Gated(Lazy(r"(?<=[\w)])\.\.(?![.\w/])"), needles=("..",))
NO_SPACE_AFTER = Gated(Lazy(r"(?<=[a-z]{2})[.!?](?=[A-Z][a-z])"), gate=Lazy(r"[a-z][.!?][A-Z]"))
SPACE_NOT_AFTER = Gated(Lazy(r"(?<=\w)[ \t]+,(?=[A-Za-z])"), needles=(" ,", "\t,"))
MARKDOWN = Gated(
    Lazy(
        r"\*\*[^*\n]+\*\*|(?<![\w_])__[^_\n]+__(?![\w_])|(?<![\w*])\*[^*\s][^*\n]*\*(?![\w*])"
        r"|^[ \t]*#{1,6}[ \t]+\S|\[[^\[\]\n]{1,300}\]\([^()\s]{1,2000}\)|`[^`\n]{1,300}`",
        re.MULTILINE,
    ),
    needles=("*", "_", "#", "[", "`"),
)


@rule(
    "repeated-word",
    "RK601",
    Severity.WARNING,
    "A word typed twice ('the the').",
    bad="It arrives on the the Thursday.",
    good="It arrives on the Thursday.",
)
def repeated_word(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    allowed = {w.lower() for w in settings.lexicon.words["repeat_ok"]}
    for match in REPEATED.finditer(reply.body):
        word = match.group(1)
        if word.lower() in allowed or reply.in_url(*match.span()):
            continue
        start = reply.body_start + match.start(2)
        certain = not _may_be_meant(word, match.group(3))
        yield Hit(
            start,
            reply.body_start + match.end(3),
            f"'{word}' is repeated",
            f"delete the second '{word}'",
            fix="" if certain else None,
        )


# Repetitions that can be grammatical: "What it is is a refund", "I know that that works",
# "She had had enough", "gave her her keys", "What we do do is".
MAY_REPEAT = frozenset({"is", "was", "that", "had", "her", "do", "does", "did"})


def _may_be_meant(first: str, second: str) -> bool:
    """A repetition --fix must leave alone: a capitalised pair is likely a name ("Bora Bora",
    "Walla Walla", "Duran Duran"), and some words repeat in good grammar. Still reported."""
    return second[:1].isupper() or first.lower() in MAY_REPEAT


@rule(
    "spacing",
    "RK602",
    Severity.SUGGESTION,
    "Double spaces between words, spaces before punctuation, a doubled full stop, and no "
    "space after a full stop.",
    bad="Thanks  for writing , Ana . Thank you for using Example Inc.. See you.Bye.",
    good="Thanks for writing, Ana. Thank you for using Example Inc. See you. Bye.",
)
def spacing(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    for match in DOUBLE_SPACE.finditer(reply.body):
        start = reply.body_start + match.start()
        yield Hit(
            start,
            start + len(match.group()),
            "more than one space between words",
            "one space",
            fix=" ",
        )
    for match in SPACE_BEFORE.finditer(reply.body):
        start = reply.body_start + match.start()
        yield Hit(
            start,
            start + len(match.group()),
            "space before punctuation",
            "remove the space",
            fix="",
        )
    for match in DOUBLE_STOP.finditer(reply.body):
        if reply.in_url(*match.span()):
            continue
        start = reply.body_start + match.start()
        yield Hit(start, start + 2, "two full stops", "one full stop", fix=".")
    for match in NO_SPACE_AFTER_STOP.finditer(reply.body):
        if reply.in_url(*match.span()):
            continue
        start = reply.body_start + match.start()
        yield Hit(start, start + 1, "no space after the full stop", "add a space", fix=". ")


@rule(
    "punctuation-typo",
    "RK604",
    Severity.WARNING,
    "Typos of punctuation: a doubled full stop, no space after a full stop, a comma "
    "with its space on the wrong side.",
    bad="It is done.. Thanks for writing to me.Your plan is Pro ,and it renews monthly.",
    good="It is done. Thanks for writing to me. Your plan is Pro, and it renews monthly.",
)
def punctuation_typo(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    body = reply.body
    found = [
        (m.start(), m.end(), "'..' is a doubled full stop", "one full stop", ".")
        for m in DOUBLE_STOP.finditer(body)
    ]
    found += [
        (m.start(), m.end(), f"no space after '{m.group()}'", f"'{m.group()} '", m.group() + " ")
        for m in NO_SPACE_AFTER.finditer(body)
    ]
    found += [
        (m.start(), m.end(), "space before a comma and none after it", "', '", ", ")
        for m in SPACE_NOT_AFTER.finditer(body)
    ]
    for start, end, message, suggestion, fix in sorted(found):
        if reply.in_url(start, end):
            continue
        yield Hit(reply.body_start + start, reply.body_start + end, message, suggestion, fix)


@rule(
    "markup",
    "RK603",
    Severity.WARNING,
    "HTML tags or markdown emphasis in a plain-text reply show up as raw symbols.",
    bad="Your order is <b>confirmed</b> and **on its way**.",
    good="Your order is confirmed and on its way.",
)
def markup(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    for pattern, kind in ((HTML_TAG, "HTML"), (MARKDOWN, "markdown")):
        for match in pattern.finditer(reply.body):
            if reply.within_url(*match.span()):
                continue
            text = match.group().strip()
            start = reply.body_start + match.end() - len(match.group().lstrip())
            yield Hit(
                start,
                start + len(text),
                f"{kind} '{text}' in a plain-text reply",
                "write plain text; put emphasis in the words",
            )
