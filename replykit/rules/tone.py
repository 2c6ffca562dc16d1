"""Tone: no emoji, slang, jargon, negativity, canned apologies, condescension or sales."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.rules.lists import list_check, register_list_rules
from replykit.text.gate import Gated, Lazy
from replykit.text.lexicon import PhraseMatcher
from replykit.text.reply import Reply

EMOTICON_PARTS = (":", ";", "=", "<3", "^_^", "xD", "XD")  # emoji themselves are not ASCII
EMOJI = Gated(
    Lazy(
        "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f900-\U0001f9ff\u2b50\u2b55\u203c\u2049"
        "\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa"
        "\ufe0f\u200d]+"
        r"|(?<!\S)(?:[:;=][-'^]?[)(\]\[DPpOo3/\\|*]|<3|\^_\^|[xX]D|:'\()(?!\S)"
    ),
    test=lambda text: not text.isascii() or any(e in text for e in EMOTICON_PARTS),
)
# A code to type in: capitals and digits with at least one capital (SAVE20), not "code
# then"; an ordinary code ("tracking code", "error code") is judged by the word before it.
PROMO_CODE = Gated(
    # "code:  SAVE20" or "code SAVE20": one way to split the spaces (possessive), so a long
    # run of spaces after "code" is read once, not once per possible split.
    Lazy(
        r"\b\d{1,2}\s?% (?i:off)\b"
        r"|\b(?i:code|coupon)(?:\s*+:\s++|\s++)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{4,}\b"
    ),
    test=lambda text: any(word in text.lower() for word in ("%", "code", "coupon")),
)


def _word_list_hits(
    reply: Reply,
    pattern: re.Pattern[str] | Gated | PhraseMatcher,
    describe: Callable[[str], tuple[str, str | None, str | None]],
) -> Iterator[Hit]:
    """One Hit per match outside URLs; ``describe`` gives message/suggestion/fix."""
    for match in pattern.finditer(reply.body):
        if reply.in_url(*match.span()):
            continue
        message, suggestion, fix = describe(match.group())
        yield Hit(
            reply.body_start + match.start(),
            reply.body_start + match.end(),
            message,
            suggestion,
            fix,
        )


@rule(
    "emoji",
    "RK301",
    Severity.WARNING,
    "Emoji and emoticons do not belong in a support reply, even a casual one.",
    bad="Your refund is on its way :)",
    good="Your refund is on its way.",
)
def emoji(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    for match in EMOJI.finditer(reply.body):
        if match.group() in ("\u200d", "\ufe0f") or reply.in_url(*match.span()):
            continue
        yield Hit(
            reply.body_start + match.start(),
            reply.body_start + match.end(),
            f"emoji or emoticon '{match.group()}'",
            "say it in words",
        )


register_list_rules()  # slang, jargon, negative wording, apologies, ... (data)


@rule(
    "tone",
    "RK308",
    Severity.WARNING,
    "Casual markers (Hey, awesome, no worries, Cheers) in a reply whose tone is formal.",
    bad="Hey Ana, no worries! Cheers, Sam",
    good="Dear Ms. Silva, ... Kind regards, Sam",
)
def tone(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    if reply.tone != "formal":
        return
    table = settings.lexicon.table("casual_markers")
    yield from _word_list_hits(
        reply,
        settings.lexicon.pattern("casual_markers"),
        lambda found: (
            f"'{found}' is casual for a formal reply",
            table.get(found.lower().replace("’", "'")) or None,
            None,
        ),
    )


WORD_BEFORE = Lazy(r"([\w-]+)\W*$")


def _promo_codes(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    ordinary = {w.lower() for w in settings.lexicon.words["ordinary_codes"]}
    for hit in _word_list_hits(
        reply,
        PROMO_CODE,
        lambda found: (
            f"promotion '{found}' in a support reply",
            "leave offers out of support replies",
            None,
        ),
    ):
        start = hit.start - reply.body_start
        before = WORD_BEFORE.search(reply.body, max(0, start - 40), start)
        if before is not None and before.group(1).lower() in ordinary:
            continue
        yield hit


_phrase_promotion = list_check(
    {
        "list": "promotion",
        "message": "promotion '{}' in a support reply",
        "suggestion": "leave offers out of support replies",
    }
)


@rule(
    "promotion",
    "RK307",
    Severity.WARNING,
    "Offers and discount codes in a support reply read as spam.",
    bad="Use promo code SAVE20 for 20% off your next order!",
    good="Your replacement ships today.",
)
def promotion(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    hits = [*_phrase_promotion(reply, settings), *_promo_codes(reply, settings)]
    covered = -1  # hits come by start: one inside an earlier hit repeats it
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start >= covered:
            covered = max(covered, hit.end)
            yield hit
