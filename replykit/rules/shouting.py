"""Shouting: capitals, exclamation marks and runs of punctuation in the body."""

from __future__ import annotations

import re
from collections.abc import Iterator

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.rules.personal import PLACEHOLDER
from replykit.text.gate import Gated
from replykit.text.reply import Reply, Spans

CAPS_WORD = Gated(
    re.compile(r"(?<![\w'’-])[A-Z][A-Z'’]*[A-Z](?![\w'’-])"),
    gate=re.compile(r"[A-Z][A-Z'’]"),
)
LONE_EXCLAMATION = Gated(re.compile(r"(?<![!?])!(?![!?])"), needles=("!",))
PUNCTUATION_RUN = Gated(
    re.compile(r"[!?]{2,}|\.{4,}|,{2,}|…{2,}|[.…][!?]+|[!?]+[.…]"),
    gate=re.compile(r"[!?.,…][!?.,…]"),
)


@rule(
    "all-caps",
    "RK201",
    Severity.WARNING,
    "Words in capitals read as shouting; acronyms (FAQ, PDF, ID...) and codes are fine.",
    bad="Your order is DELAYED and we are VERY sorry.",
    good="Your order is delayed, and I am sorry. The PDF invoice is attached.",
)
def all_caps(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    acronyms = settings.lexicon.acronyms
    slang = settings.lexicon.table("slang")  # reported by the slang rule instead
    body = reply.body
    placeholders = None
    for match in CAPS_WORD.finditer(body):
        word = match.group()
        if (
            word in acronyms
            or word.rstrip("S") in acronyms
            or word.rstrip("'’S") in acronyms
            or word.lower() in slang
        ):
            continue
        start, end = match.span()
        if reply.in_url(start, end):
            continue
        if placeholders is None:
            placeholders = Spans([m.span() for m in PLACEHOLDER.finditer(body)])
        if placeholders.overlaps(start, end):
            continue
        yield Hit(
            reply.body_start + start,
            reply.body_start + end,
            f"'{word}' in capitals reads as shouting",
            f"{word.lower()} (or add it to lint.words.acronyms if it is an acronym)",
        )


@rule(
    "exclamation",
    "RK202",
    Severity.WARNING,
    "More than one exclamation mark in a reply reads as over-excited.",
    bad="Thanks! Your refund is on its way! Have a great day!",
    good="Thanks! Your refund is on its way. Have a great day.",
)
def exclamation(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    allowed = int(settings.threshold("exclamation_max"))
    marks = [
        m.start()
        for m in LONE_EXCLAMATION.finditer(reply.body)
        if not reply.in_url(m.start(), m.start() + 1)
    ]
    total = len(marks)
    for offset in marks[allowed:]:
        start = reply.body_start + offset
        yield Hit(
            start,
            start + 1,
            f"{total} exclamation marks in one reply; keep at most {allowed}",
            "use a full stop",
        )


@rule(
    "punctuation-run",
    "RK203",
    Severity.WARNING,
    "Runs of punctuation (!!, ??, ?!, ....) read as shouting or over-excitement.",
    bad="Where is it?! Great news!!!",
    good="Where is it? Great news.",
)
def punctuation_run(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    for match in PUNCTUATION_RUN.finditer(reply.body):
        run = match.group()
        if reply.in_url(*match.span()):
            continue
        single = "?" if "?" in run else ("!" if "!" in run else run[0])
        if set(run) <= {"."}:
            single = "."
        start = reply.body_start + match.start()
        yield Hit(
            start,
            start + len(run),
            f"'{run}' reads as shouting or over-excitement",
            single,
            fix=single,
        )
