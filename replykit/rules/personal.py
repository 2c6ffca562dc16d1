"""Personal touch: no leftover placeholders, a greeting by name, thanks, a sign-off,
and a real time frame for every promise."""

from __future__ import annotations

import re
from collections.abc import Iterator

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.text.gate import Lazy
from replykit.text.lexicon import Lexicon
from replykit.text.reply import Reply
from replykit.text.slots import find_slots, is_subject_tag

NAME_AFTER_SIGN_OFF = Lazy(r"[,—–-]\s*\w")
DIGIT = Lazy(r"\d")
# A promise is in the future: "I will get back to you", "we'll keep you posted"
FUTURE = Lazy(
    r"\b(?:will|shall|going to|gonna|plan to|aim to|hope to|try to|intend to|promise to"
    r"|expect to|would like to|want to)\b|['’]ll\b",
    re.IGNORECASE,
)


@rule(
    "placeholder",
    "RK401",
    Severity.ERROR,
    "A leftover placeholder ({{ name }}, [Customer name], <order number>, %AGENT%, "
    "ORDERID, $XX.XX, (he/she), TODO) proves the reply was pasted.",
    bad="Hi [Customer Name],\n\nYour order XXX has shipped.",
    good="Hi Ana,\n\nYour order A-1042 has shipped.",
)
def placeholder(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    subject = reply.subject or ""
    for text, base in ((subject, reply.subject_start), (reply.body, reply.body_start)):
        for start, end in find_slots(text):
            if text is subject and is_subject_tag(subject, start, end):
                continue
            yield Hit(
                base + start,
                base + end,
                f"unfilled placeholder '{text[start:end]}'",
                "replace it with the real value before sending",
            )


def _first_line(reply: Reply) -> tuple[int, str] | None:
    for offset, line in reply.lines:
        if line.strip():
            lead = len(line) - len(line.lstrip())
            return offset + lead, line.strip()
    return None


@rule(
    "greeting",
    "RK402",
    Severity.WARNING,
    "Open by greeting the customer by name (with their title when known), not a generic "
    "'Dear Customer' or an empty 'Hi ,'.",
    bad="Dear Customer,\n\nThanks for writing.",
    good="Hi Ana,\n\nThanks for writing.",
)
def greeting(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    first = _first_line(reply)
    if first is None:
        return
    offset, line = first
    start = reply.body_start + offset
    end = start + len(line)
    lexicon = settings.lexicon
    generic = lexicon.pattern("generic_greetings").match(line)
    if generic:
        yield Hit(
            start,
            start + generic.end(),
            f"generic greeting '{generic.group()}'",
            "greet the customer by name",
        )
        return
    names = [n for n in reply.customer_names if n]
    # "Ana Silva" known: "Hi Ana," and "Dear Ms. Silva," both greet by name
    parts = [p for n in names for p in n.split() if p]
    first_name = parts[0] if parts else None
    greeting_words = lexicon.greeting(line)
    if greeting_words is None:
        if _bare_name(line, parts, lexicon):
            return
        yield Hit(
            start,
            end,
            "the reply does not open with a greeting",
            f"start with a greeting by name, e.g. 'Hi {first_name},'"
            if first_name
            else "start with a greeting by the customer's name",
        )
        return
    word, rest = greeting_words
    name_part = rest.strip(" \t,.!:;—–-")
    if not name_part:
        yield Hit(start, end, f"the greeting '{line}' has no name", "greet the customer by name")
        return
    if parts and not any(
        re.search(rf"(?<!\w){re.escape(p)}(?!\w)", name_part, re.IGNORECASE) for p in parts
    ):
        yield Hit(
            start,
            end,
            f"the greeting does not use the customer's name ({names[0]})",
            f"{word} {first_name},",
        )


BARE_NAME = Lazy(r"([A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’.-]+){0,2})[ \t]*[,:—–-]?[ \t]*")


def _bare_name(line: str, parts: list[str], lexicon: Lexicon) -> bool:
    """``Ana,`` alone on the first line greets by name; ``Thanks,`` or ``Update:`` does not."""
    found = BARE_NAME.fullmatch(line)
    if found is None or not line.rstrip().endswith(","):
        return False
    words = found.group(1).split()
    if parts:
        return any(w.strip(".").lower() == p.lower() for w in words for p in parts)
    return not any(
        w.lower() in lexicon.common_short_words
        or w.lower() in NOT_NAMES
        or lexicon.pattern("sign_offs").match(w)
        for w in words
    )


# "Team," and "Everyone," open a reply without naming anyone.
NOT_NAMES = frozenset(
    [
        "team",
        "everyone",
        "everybody",
        "folks",
        "friends",
        "friend",
        "there",
        "sir",
        "madam",
        "customer",
        "customers",
        "user",
        "users",
        "client",
        "member",
        "members",
        "colleagues",
        "guys",
        "hello",
        "hey",
        "greetings",
    ]
)


@rule(
    "sign-off",
    "RK403",
    Severity.WARNING,
    "Close with a sign-off such as 'Best regards' followed by your name.",
    bad="Your refund is on its way.",
    good="Your refund is on its way.\n\nBest regards,\nSam",
)
def sign_off(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    non_blank = [
        (o + len(line) - len(line.lstrip()), line.strip())
        for o, line in reply.lines
        if line.strip()
    ]
    if not non_blank:
        return
    tail = non_blank[-8:]
    for index, (offset, line) in enumerate(tail):
        if settings.lexicon.is_sign_off(line):
            named = (
                NAME_AFTER_SIGN_OFF.search(line)
                or (settings.lexicon.is_signature_line(line) and line.strip("-—–~ \t"))
                or (reply.signature_at is not None and reply.signature_at > offset)
            )
            if index < len(tail) - 1 or named:
                return
            start = reply.body_start + offset
            yield Hit(
                start,
                start + len(line),
                "the sign-off is not followed by your name",
                "add your name under the sign-off",
            )
            return
    if len(non_blank) >= 2 and _closing_then_name(non_blank[-2][1], non_blank[-1][1]):
        return
    offset, line = non_blank[-1]
    start = reply.body_start + offset
    yield Hit(
        start,
        start + len(line),
        "the reply has no sign-off",
        "end with 'Best regards,' and your name",
    )


CLOSING = Lazy(r"[A-Z][\w'’]*(?:[ \t]+[\w'’]+){0,4},")
NAME_LINE = Lazy(r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2}")


def _closing_then_name(closing: str, name: str) -> bool:
    """``Enjoy them,`` then ``Sam``: a short line ending in a comma over a bare name reads
    as a sign-off even when no list knows the words."""
    return CLOSING.fullmatch(closing) is not None and NAME_LINE.fullmatch(name) is not None


@rule(
    "gratitude",
    "RK404",
    Severity.SUGGESTION,
    "Thank the customer: for writing, for their patience, for using the product.",
    bad="Your refund is on its way.",
    good="Thanks for your patience. Your refund is on its way.",
)
def gratitude(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    if not reply.body.strip():
        return
    pattern = settings.lexicon.pattern("gratitude", prefix=True)
    if not pattern.search(reply.body):
        first = _first_line(reply)
        offset = first[0] if first else 0
        start = reply.body_start + offset
        yield Hit(
            start,
            start,
            "the reply never thanks the customer",
            "thank them for writing, for their patience, or for using the product",
        )


@rule(
    "next-steps",
    "RK405",
    Severity.WARNING,
    "A promise to follow up needs a time frame: say when the customer will hear back.",
    bad="We will get back to you soon.",
    good="We will get back to you by Thursday.",
)
def next_steps(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    promises = settings.lexicon.pattern("follow_up_promises")
    frames = settings.lexicon.pattern("time_frames")
    sentences = reply.sentences
    reported = -1
    for match in promises.finditer(reply.body):  # the body once, not every sentence
        index = sentences.index_at(match.start())
        if index < 0 or index == reported or match.end() > sentences[index][1]:
            continue
        reported = index  # the first promise in a sentence, as before
        start, end = sentences[index]
        sentence = reply.body[start:end]
        if frames.search(sentence) or DIGIT.search(sentence):
            continue
        if not FUTURE.search(reply.body, start, match.start()):
            continue  # "This is to let you know that ..." tells, it promises nothing
        yield Hit(
            reply.body_start + match.start(),
            reply.body_start + match.end(),
            f"'{match.group()}' without a time frame",
            "say when, e.g. 'by Thursday' or 'within 24 hours'",
        )
