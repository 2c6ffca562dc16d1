"""What both grammar engines share: the text they read, and how their matches become
findings at exact positions of the file."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from replykit.models import FileReport, Finding, Severity
from replykit.text.reply import Reply

if TYPE_CHECKING:
    from replykit.text.lexicon import Lexicon


@dataclass(slots=True)
class Sent:
    """The text an engine reads for one reply, and how its offsets map back to the file."""

    text: str
    starts: list[int]  # offsets in ``text`` where a segment starts
    file_starts: list[int]  # the file offset of each segment's first character
    masked: list[tuple[int, int]] = field(default_factory=list)  # sorted, not overlapping

    def to_file(self, offset: int) -> int:
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.file_starts[index] + offset - self.starts[index]


def text_to_send(reply: Reply, *, body_end: int | None = None) -> Sent:
    """The subject, a blank line, and the body without quoted text (nor, given
    ``body_end``, anything after it: the signature)."""
    parts: list[str] = []
    starts: list[int] = []
    file_starts: list[int] = []
    length = 0

    def add(text: str, file_offset: int) -> None:
        nonlocal length
        starts.append(length)
        file_starts.append(file_offset)
        parts.append(text)
        length += len(text)

    if reply.subject:
        add(reply.subject, reply.subject_start)
        add("\n\n", reply.subject_start + len(reply.subject))
    end = len(reply.body) if body_end is None else body_end
    for offset, line in reply.lines:
        content = line.rstrip("\r") if line.strip() and offset < end else ""
        add(content + "\n", reply.body_start + offset)
    return Sent("".join(parts), starts, file_starts)


@dataclass(slots=True)
class GrammarMatch:
    start: int  # Python index into the sent text
    end: int
    rule_id: str
    issue_type: str  # "misspelling" for spelling, anything else is grammar
    message: str
    replacements: list[str]


def known_set(names: list[str] | tuple[str, ...]) -> set[str]:
    """Names and team words lower-cased, whole and in parts ("okafor-silva", "okafor")."""
    known = set()
    for name in names:
        lowered = str(name).lower()
        known.add(lowered)
        known.update(lowered.replace("-", " ").split())
    return known


def greeted_names(reply: Reply) -> set[str]:
    """The capitalised words a reply greets ("Hi Chidi," "Dear Ms. Okafor-Silva,"), lower-cased:
    the customer's name even when no context gave it, so never a misspelling."""
    import re

    from replykit.text.lexicon import lexicon

    for _, line in reply.lines:
        if line.strip():
            found = (reply.lexicon or lexicon()).greeting(line.strip())
            if found is None:
                return set()
            words = re.findall(r"[^\W\d_][\w'’-]*", found[1].split(",")[0])
            return known_set([w for w in words if w[0].isupper()])
    return set()


def is_known(word: str, known: set[str]) -> bool:
    """A name or team word, alone or as every part of a longer span ("Acme Cloud")."""
    parts = word.replace("-", " ").split()
    return word.lower() in known or (bool(parts) and all(p.lower() in known for p in parts))


def add_matches(
    report: FileReport,
    reply: Reply,
    sent: Sent,
    matches: list[GrammarMatch],
    *,
    known: set[str],
    engine: str,
    same_as_builtin: dict[str, str],
    skip_known: bool = False,
    skip_same_span: bool = False,
) -> None:
    """Add ``grammar``/``spelling`` findings for one reply's matches.

    Misspelled names are dropped (with ``skip_known``, any match on a name alone), and
    so is a match that repeats a built-in finding on the same span (with
    ``skip_same_span``, any built-in finding on exactly that span: 'btw' is slang first).
    """
    from replykit.lint.engine import make_finding

    known = known | greeted_names(reply)
    taken = [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in report.findings]
    for match in matches:
        word = sent.text[match.start : match.end]
        is_spelling = match.issue_type == "misspelling"
        if (is_spelling or skip_known) and is_known(word, known):
            continue
        start = sent.to_file(match.start)
        end = sent.to_file(max(match.start, match.end - 1)) + 1
        line, column = reply.position(start)
        end_line, end_column = reply.position(end)
        if skip_same_span and any(
            (sl, sc, el, ec) == (line, column, end_line, end_column) for _, sl, sc, el, ec in taken
        ):
            continue
        same = same_as_builtin.get(match.rule_id)
        if same and any(
            rule == same and (line, column) <= (el, ec) and (sl, sc) <= (end_line, end_column)
            for rule, sl, sc, el, ec in taken
        ):
            continue
        suggestion = ", ".join(r for r in match.replacements if r) or None
        report.findings.append(
            make_finding(
                "spelling" if is_spelling else "grammar",
                start=(line, column),
                end=(end_line, end_column),
                message=match.message,
                suggestion=suggestion,
                origin=f"{engine}:{match.rule_id}",
            )
        )
    report.findings.sort(key=lambda f: (f.line, f.column, f.rule))


def unavailable_finding(reason: str, hint: str, *, required: bool, engine: str) -> Finding:
    """The one ``grammar-unavailable`` finding of a run: a warning, an error when required."""
    from replykit.lint.engine import make_finding

    return make_finding(
        "grammar-unavailable",
        start=(1, 1),
        message=f"grammar and spelling were not checked: {reason}",
        suggestion=hint,
        origin=engine,
        severity=Severity.ERROR if required else None,
    )


def add_engine_findings(
    reports: list[FileReport],
    *,
    engine: str,
    prepare: Callable[[Reply], Sent],
    check: Callable[[list[Sent]], list[list[GrammarMatch]]],
    unavailable: type[Exception],
    hint: str,
    required: bool,
    known: set[str],
    names: tuple[str, ...],
    tone: str,
    subject: str | None,
    lexicon: Lexicon | None,
    **match_options: Any,
) -> None:
    """What a run with either engine does: read each reply again (with the run's word
    lists, so a team's sign-off ends the text checked), check them all, and turn the
    matches into findings; an engine that fails adds one ``grammar-unavailable``."""
    from replykit.text.reply import parse_reply

    replies = [
        parse_reply(
            r.text,
            r.path,
            subject=subject,
            customer_names=names,
            tone=tone,
            span=r.span,
            lexicon=lexicon,
        )
        for r in reports
    ]
    sent = [prepare(reply) for reply in replies]
    try:
        all_matches = check(sent)
    except unavailable as exc:
        if reports:
            reports[0].findings.insert(
                0, unavailable_finding(str(exc), hint, required=required, engine=engine)
            )
        return
    for report, reply, text, matches in zip(reports, replies, sent, all_matches, strict=True):
        add_matches(report, reply, text, matches, known=known, engine=engine, **match_options)
