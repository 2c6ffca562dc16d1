"""Personal touch: no leftover placeholders, a greeting by name, thanks, a sign-off,
and a real time frame for every promise."""

from __future__ import annotations

import re
from collections.abc import Iterator

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.text.gate import Gated
from replykit.text.reply import Reply

NAME_AFTER_SIGN_OFF = re.compile(r"[,—–-]\s*\w")
DIGIT = re.compile(r"\d")
PLACEHOLDER = Gated(
    re.compile(
        r"\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}|%\{\w{1,40}\}|\{\{|\}\}"
        r"|\{[A-Za-z_][A-Za-z0-9_.]{0,40}\}"
        r"|\[(?:[A-Z][a-z]*(?:[ _][A-Z][a-z]*){0,4}|[A-Z][A-Z0-9_ ]{1,40})\](?!\()"
        r"|<[A-Z][A-Z0-9_]{1,40}>|\$[A-Z][A-Z0-9_]{2,40}\b"
        r"|(?<![\w-])(?:X{3,}|TODO|TBD|FIXME)(?![\w-])"
    ),
    needles=("{", "}", "[", "<", "$", "%", "XXX", "TODO", "TBD", "FIXME"),
)


@rule(
    "placeholder",
    "RK401",
    Severity.ERROR,
    "A leftover placeholder ({{ name }}, [Customer Name], <ORDER_NUMBER>, XXX, TODO) "
    "proves the reply was pasted.",
    bad="Hi [Customer Name],\n\nYour order XXX has shipped.",
    good="Hi Ana,\n\nYour order A-1042 has shipped.",
)
def placeholder(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    for text, base in ((reply.subject or "", reply.subject_start), (reply.body, reply.body_start)):
        for match in PLACEHOLDER.finditer(text):
            yield Hit(
                base + match.start(),
                base + match.end(),
                f"unfilled placeholder '{match.group()}'",
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
    greeting_words = lexicon.greeting(line)
    if greeting_words is None:
        yield Hit(
            start,
            end,
            "the reply does not open with a greeting",
            "start with a greeting by name, e.g. 'Hi Ana,'",
        )
        return
    word, rest = greeting_words
    name_part = rest.strip(" \t,.!:;—–-")
    if not name_part:
        yield Hit(start, end, f"the greeting '{line}' has no name", "greet the customer by name")
        return
    names = [n for n in reply.customer_names if n]
    if names and not any(
        re.search(rf"(?<!\w){re.escape(n)}(?!\w)", name_part, re.IGNORECASE) for n in names
    ):
        yield Hit(
            start,
            end,
            f"the greeting does not use the customer's name ({names[0]})",
            f"{word} {names[0]},",
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
            if index < len(tail) - 1 or NAME_AFTER_SIGN_OFF.search(line):
                return
            start = reply.body_start + offset
            yield Hit(
                start,
                start + len(line),
                "the sign-off is not followed by your name",
                "add your name under the sign-off",
            )
            return
    offset, line = non_blank[-1]
    start = reply.body_start + offset
    yield Hit(
        start,
        start + len(line),
        "the reply has no sign-off",
        "end with 'Best regards,' and your name",
    )


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
        yield Hit(
            reply.body_start + match.start(),
            reply.body_start + match.end(),
            f"'{match.group()}' without a time frame",
            "say when, e.g. 'by Thursday' or 'within 24 hours'",
        )
