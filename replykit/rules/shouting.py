"""Shouting: capitals, exclamation marks and runs of punctuation in the body."""

from __future__ import annotations

from collections.abc import Iterator

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.text.caps import CAPS_PAIR, calm, shouting_runs
from replykit.text.gate import Gated, Lazy
from replykit.text.reply import Reply, Spans
from replykit.text.slots import find_slots

CAPS_WORD = Gated(Lazy(r"(?<![\w'’-])[A-Z][A-Z'’]*[A-Z](?![\w'’-])"), gate=CAPS_PAIR)
LONE_EXCLAMATION = Gated(Lazy(r"(?<![!?])!(?![!?])"), needles=("!",))
PUNCTUATION_RUN = Gated(
    Lazy(r"[!?]{2,}|\.{4,}|,{2,}|…{2,}|[.…][!?]+|[!?]+[.…]"),
    # not [!?.,…][!?.,…]: a class with "…" in it compiles in 0.4 ms, this in 0.07
    gate=Lazy(r"[!?.,][!?.,]|…"),
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
    lexicon = settings.lexicon
    slang = lexicon.table("slang")  # reported by the slang rule instead
    body = reply.body
    slots: Spans | None = None

    signature = reply.signature_start  # a team name in capitals under the sign-off is styling

    def skip(start: int, end: int) -> bool:
        nonlocal slots
        if start >= signature or body[start:end].lower() in slang or reply.in_url(start, end):
            return True
        if slots is None:
            slots = Spans(find_slots(body))
        return slots.overlaps(start, end)

    for start, end in shouting_runs(body, CAPS_WORD.finditer(body), lexicon, skip):
        shouted = body[start:end]
        if " " in shouted:
            first = not body[:start].rstrip(" \t")[-1:].isalnum()
            suggestion = calm(shouted, first=first)
        else:
            suggestion = f"{shouted.lower()} (or add it to lint.words.acronyms if it is an acronym)"
        yield Hit(
            reply.body_start + start,
            reply.body_start + end,
            f"'{shouted}' in capitals reads as shouting",
            suggestion,
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
        advice = {
            "!": "use one ! or a full stop",
            "?": "use one ?",
            ".": "use a full stop, or three dots",
        }.get(single, f"use one {single}")
        start = reply.body_start + match.start()
        yield Hit(
            start,
            start + len(run),
            f"'{run}' reads as shouting or over-excitement",
            advice,
            fix=single,
        )
