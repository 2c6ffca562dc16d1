"""Tone: no emoji, slang, jargon, negativity, canned apologies, condescension or sales."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.text.gate import Gated
from replykit.text.lexicon import PhraseMatcher
from replykit.text.reply import Reply

EMOTICON_PARTS = (":", ";", "=", "<3", "^_^", "xD", "XD")  # emoji themselves are not ASCII
EMOJI = Gated(
    re.compile(
        "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f900-\U0001f9ff\u2b50\u2b55\u203c\u2049"
        "\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa"
        "\ufe0f\u200d]+"
        r"|(?<!\S)(?:[:;=][-'^]?[)(\]\[DPpOo3/\\|*]|<3|\^_\^|[xX]D|:'\()(?!\S)"
    ),
    test=lambda text: not text.isascii() or any(e in text for e in EMOTICON_PARTS),
)
PROMO_CODE = Gated(
    re.compile(r"\b\d{1,2}\s?% off\b|\b(?:code|coupon)\s*:?\s+[A-Z0-9]{4,}\b", re.IGNORECASE),
    test=lambda text: any(word in text.lower() for word in ("%", "code", "coupon")),
)


def _word_list_hits(
    reply: Reply,
    pattern: re.Pattern[str] | Gated | PhraseMatcher,
    describe: Callable[[str], tuple[str, str | None, str | None]],
) -> Iterator[Hit]:
    """One Hit per match of a word list outside URLs; ``describe`` gives message/suggestion/fix."""
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


def _safe_fix(settings: LintSettings, found: str) -> str | None:
    replacement = settings.lexicon.table("safe_fixes").get(found.lower().replace("’", "'"))
    if replacement is None:
        return None
    return replacement[:1].upper() + replacement[1:] if found[:1].isupper() else replacement


def _table_rule(list_name: str, what: str) -> Callable[[Reply, LintSettings], Iterator[Hit]]:
    def check(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
        table = settings.lexicon.table(list_name)

        def describe(found: str) -> tuple[str, str | None, str | None]:
            hint = table.get(found.lower().replace("’", "'"))
            hint = " ".join(hint.split()) if hint else None
            return f"{what} '{found}'", hint, _safe_fix(settings, found)

        yield from _word_list_hits(reply, settings.lexicon.pattern(list_name), describe)

    return check


def _phrase_rule(
    list_name: str, message: str, suggestion: str
) -> Callable[[Reply, LintSettings], Iterator[Hit]]:
    def check(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
        yield from _word_list_hits(
            reply,
            settings.lexicon.pattern(list_name),
            lambda found: (message.format(found), suggestion, None),
        )

    return check


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


rule(
    "slang",
    "RK302",
    Severity.WARNING,
    "Slang and text-speak (gonna, btw, lol, asap).",
    bad="I'm gonna check it asap, btw.",
    good="I will check it by 3 pm today.",
)(_table_rule("slang", "slang"))

rule(
    "jargon",
    "RK303",
    Severity.WARNING,
    "Technical and corporate jargon; explain it in plain words (teams add product terms).",
    bad="Let me touch base with the backend team.",
    good="Let me talk to the team that runs our system.",
)(_table_rule("jargon", "jargon"))

rule(
    "negative-wording",
    "RK304",
    Severity.SUGGESTION,
    "Negative words (unfortunately, can't, impossible); say what you can do instead.",
    bad="Unfortunately we can't refund this order.",
    good="What I can do is add a $20 credit to your account.",
)(_table_rule("negative", "negative wording"))

rule(
    "generic-apology",
    "RK305",
    Severity.WARNING,
    "'Sorry for any inconvenience' says you did not read the message; name the problem.",
    bad="We are sorry for any inconvenience.",
    good="I am sorry your order arrived a week late.",
)(
    _phrase_rule(
        "generic_apology",
        "generic apology '{}'",
        "apologise for the specific problem, e.g. 'I am sorry your order arrived late'",
    )
)

rule(
    "condescension",
    "RK306",
    Severity.WARNING,
    "Words that talk down (obviously, simply, as I already said).",
    bad="As I already said, simply restart the app.",
    good="Restarting the app should fix it.",
)(_phrase_rule("condescension", "'{}' can read as condescending", "leave it out"))


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


def _promo_codes(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    yield from _word_list_hits(
        reply,
        PROMO_CODE,
        lambda found: (
            f"promotion '{found}' in a support reply",
            "leave offers out of support replies",
            None,
        ),
    )


_phrase_promotion = _phrase_rule(
    "promotion", "promotion '{}' in a support reply", "leave offers out of support replies"
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
