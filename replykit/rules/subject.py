"""Subject rules: never empty, short, calm, and the important word first."""

from __future__ import annotations

import re
from collections.abc import Iterator

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.text.reply import Reply

CAPS_WORD = re.compile(r"(?<![\w-])[A-Z][A-Z'’]+(?![\w-])")
SUBJECT_PUNCTUATION = re.compile(r"[!?.…]{2,}|!")
REPLY_PREFIX = re.compile(r"(?:(?:re|fwd?|aw|sv)\s*:\s*)+", re.IGNORECASE)


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
        shown = subject[:preview]
        yield Hit(
            start + limit,
            end,
            f'subject is {len(subject)} characters, over {limit}; a phone shows only "{shown}"',
            f'put the key words in the first {preview}: "{shown}"',
        )


@rule(
    "subject-caps",
    "RK103",
    Severity.WARNING,
    "Words in capitals in the subject read as shouting.",
    bad="Subject: URGENT: your account",
    good="Subject: Your account needs a new password",
)
def subject_caps(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    subject = reply.subject or ""
    acronyms = settings.lexicon.acronyms
    for match in CAPS_WORD.finditer(subject):
        word = match.group()
        if word not in acronyms and len(word) > 1:
            start = reply.subject_start + match.start()
            yield Hit(
                start,
                start + len(word),
                f"'{word}' in capitals reads as shouting",
                word.capitalize(),
            )


@rule(
    "subject-punctuation",
    "RK104",
    Severity.WARNING,
    "An exclamation mark or a run of punctuation in the subject reads as shouting.",
    bad="Subject: Your refund is here!!",
    good="Subject: Your refund is here",
)
def subject_punctuation(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    for match in SUBJECT_PUNCTUATION.finditer(reply.subject or ""):
        start = reply.subject_start + match.start()
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
