"""Subject rules: never empty, short, calm, and the important word first."""

from __future__ import annotations

import re
from collections.abc import Iterator

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.text.caps import CAPS_PAIR, calm, shouting_runs
from replykit.text.gate import Gated, Lazy
from replykit.text.reply import Reply
from replykit.text.slots import find_slots

CAPS_WORD = Gated(Lazy(r"(?<![\w-])[A-Z][A-Z'’]*[A-Z](?![\w'’-])"), gate=CAPS_PAIR)
SUBJECT_PUNCTUATION = Gated(Lazy(r"[!?.…]{2,}|!"), needles=("!", "…", "??", "?.", ".?", ".."))
REPLY_PREFIX = Lazy(r"(?:(?:re|fwd?|aw|sv)\s*:\s*)+", re.IGNORECASE)


def _subject_span(reply: Reply) -> tuple[int, int]:
    start = reply.subject_start
    return start, start + len(reply.subject or "")


@rule(
    "subject-missing",
    "RK101",
    Severity.ERROR,
    "The reply has no subject, or an empty one: it gets deleted or lost.",
    bad="Subject: \n\nHi Ana, ...",
    good="Subject: Your refund for order A-1042\n\nHi Ana, ...",
)
def subject_missing(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    if not (reply.subject or "").strip():
        start = reply.subject_start if reply.has_headers else 0
        yield Hit(
            start,
            start,
            "the reply has no subject; an empty subject gets deleted or lost",
            "add a short, concrete subject with the most important word first",
        )


@rule(
    "subject-length",
    "RK102",
    Severity.WARNING,
    "A subject over 60 characters is cut off; a phone shows only the first 30.",
    bad="Subject: Information about the status of the refund you asked us for last week",
    good="Subject: Your refund for order A-1042",
)
def subject_length(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    subject = reply.subject or ""
    limit, preview = (
        int(settings.threshold("subject_max")),
        int(settings.threshold("phone_preview")),
    )
    if len(subject) > limit:
        start, end = _subject_span(reply)
        cut = _word_start(subject, preview)
        rest = " ".join(subject[cut:].split())
        if rest:
            suggestion = (
                f'a phone shows only the first {preview} characters; "{rest}" falls after '
                "them: put the key words first or shorten the subject"
            )
        else:
            suggestion = "shorten the subject"
        yield Hit(
            start + limit,
            end,
            f"subject is {len(subject)} characters, over {limit}",
            suggestion,
        )


def _word_start(text: str, index: int) -> int:
    """The start of the word at ``index``: a word cut in two falls after the cut whole."""
    while 0 < index < len(text) and not text[index - 1].isspace():
        index -= 1
    return index if index > 0 else len(text)


@rule(
    "subject-caps",
    "RK103",
    Severity.WARNING,
    "Words in capitals in the subject read as shouting.",
    bad="Subject: URGENT: your account",
    good="Subject: Your account needs a new password",
)
def subject_caps(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    subject, offset = _own_subject(reply)
    if not subject:
        return
    slots = list(find_slots(subject))

    def in_slot(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in slots)

    runs = list(shouting_runs(subject, CAPS_WORD.finditer(subject), settings.lexicon, in_slot))
    if not runs:
        return
    start, end = runs[0][0], runs[-1][1]  # one shouting subject is one finding
    shouted = subject[start:end]
    yield Hit(
        offset + start,
        offset + end,
        f"'{shouted}' in capitals reads as shouting",
        calm(shouted, first=start == 0),
    )


def _own_subject(reply: Reply) -> tuple[str, int]:
    """The part of the subject the agent wrote, and its offset in the file.

    After ``Re:`` the words are the customer's own: their capitals are not the agent's
    shouting, and rewording them would break the thread.
    """
    subject = reply.subject or ""
    if REPLY_PREFIX.match(subject):
        return "", reply.subject_start + len(subject)
    return subject, reply.subject_start


@rule(
    "subject-punctuation",
    "RK104",
    Severity.WARNING,
    "An exclamation mark or a run of punctuation in the subject reads as shouting.",
    bad="Subject: Your refund is here!!",
    good="Subject: Your refund is here",
)
def subject_punctuation(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    subject, offset = _own_subject(reply)
    for match in SUBJECT_PUNCTUATION.finditer(subject):
        start = offset + match.start()
        yield Hit(
            start,
            start + len(match.group()),
            f"'{match.group()}' in a subject reads as shouting or over-excitement",
            "leave the subject without an exclamation mark or a run of punctuation",
        )


@rule(
    "subject-filler",
    "RK105",
    Severity.SUGGESTION,
    "A subject that opens with filler (Regarding, Update, Your request) wastes the 30 "
    "characters a phone shows.",
    bad="Subject: Regarding your request",
    good="Subject: Refund sent for order A-1042",
)
def subject_filler(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    subject = reply.subject or ""
    prefix = REPLY_PREFIX.match(subject)
    offset = prefix.end() if prefix else 0
    pattern = settings.lexicon.pattern("subject_filler")
    match = pattern.match(subject[offset:])
    if match:
        start = reply.subject_start + offset
        yield Hit(
            start,
            start + match.end(),
            f"the subject opens with filler ('{match.group()}')",
            "start with the most important word, e.g. what was done or what is needed",
        )
