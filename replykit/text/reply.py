"""Parse a reply as written: a header block, a blank line, then the body.

Positions in findings are counted in characters of the file as given, so the body is
kept at its original offsets; quoted text (``>`` lines, an "On ... wrote:" line and
what follows it) is masked with spaces rather than removed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from replykit.text.directives import Directives, find_directives
from replykit.text.gate import Gated

if TYPE_CHECKING:
    from replykit.text.lexicon import Lexicon

HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*)")
KNOWN_HEADERS = frozenset(
    {
        "subject",
        "from",
        "to",
        "cc",
        "bcc",
        "date",
        "reply-to",
        "message-id",
        "in-reply-to",
        "references",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "sender",
        "user-agent",
        "return-path",
        "received",
        "organization",
        "importance",
        "priority",
    }
)
QUOTE_INTRO = re.compile(
    r"(?:On\s.{3,300}\swrote:|-{2,}\s*Original Message\s*-{2,})[ \t\r]*$", re.IGNORECASE
)
URL = Gated(
    re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+\w"),
    needles=("://", "www.", "@"),
)
# Only the first mark of a run may start a match, and the run is taken whole (possessive):
# otherwise a long run of "!" not followed by a space is rescanned from every mark.
SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++(?=\s|$)")
NOT_NEWLINE = re.compile(r"[^\n]")
# Horizontal space only, taken whole: "\s*" let every newline of a run rescan the rest.
BEFORE_LIST_ITEM = re.compile(r"\n(?=[^\S\n]*+(?:\d+[.)]|[-*•])\s)")


def _mask(text: str) -> str:
    return NOT_NEWLINE.sub(" ", text)


@dataclass
class Reply:
    """A reply ready for the rules. ``body`` has the original length, quoted text masked."""

    path: str
    text: str
    subject: str | None = None
    subject_start: int = 0
    has_headers: bool = False
    body_start: int = 0
    body: str = ""
    decoded: bool = False  # built from a MIME message: positions refer to the decoded text
    customer_names: tuple[str, ...] = ()
    tone: str = "casual"
    lexicon: Lexicon | None = None  # the run's word lists (a team's sign-offs included)
    directives: Directives = field(default_factory=Directives)  # {# replykit: disable ... #}
    _line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        index = find("\n")
        while index != -1:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self._line_starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset into ``text``."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def allows(self, rule: str, offset: int) -> bool:
        """Whether a finding of ``rule`` at ``offset`` survives the replykit comments."""
        directives = self.directives
        if not directives:
            return True
        if offset < self.body_start:
            return directives.allows(rule, None)
        body_line = self.position(offset)[0] - self.position(self.body_start)[0]
        return directives.allows(rule, body_line)

    @cached_property
    def url_spans(self) -> Spans:
        """Body-relative spans of URLs and email addresses, which word rules skip."""
        return Spans(m.span() for m in URL.finditer(self.body))

    def in_url(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` (body offsets) touches a URL or an email address."""
        return self.url_spans.overlaps(start, end)

    def within_url(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` (body offsets) lies inside one URL or email address."""
        return self.url_spans.contains(start, end)

    @cached_property
    def lines(self) -> list[tuple[int, str]]:
        """Body lines with their body-relative start offsets (quoted lines blank)."""
        result, offset = [], 0
        for line in self.body.split("\n"):
            result.append((offset, line))
            offset += len(line) + 1
        return result

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Body-relative spans of blank-line separated paragraphs."""
        spans, start = [], None
        for offset, line in self.lines:
            if line.strip():
                if start is None:
                    start = offset
                end = offset + len(line.rstrip())
            elif start is not None:
                spans.append((start, end))
                start = None
        if start is not None:
            spans.append((start, end))
        return spans

    @cached_property
    def signature_start(self) -> int:
        """Body offset where the sign-off block starts (or the body's end)."""
        from replykit.text.lexicon import lexicon

        words = self.lexicon or lexicon()
        non_blank = [(o, line) for o, line in self.lines if line.strip()]
        for offset, line in reversed(non_blank[-8:]):
            if words.is_sign_off(line.strip()):
                return offset
        return len(self.body)

    @cached_property
    def prose(self) -> str:
        """The agent's prose for readability: no quotes, no signature, no bare URLs."""
        text = self.body[: self.signature_start]
        if self.url_spans:
            text = URL.pattern.sub("", text)
        return "\n".join(line for line in text.split("\n") if line.strip())

    @cached_property
    def sentences(self) -> Spans:
        """Body-relative sentence spans, never crossing a paragraph or a list item."""
        spans: list[tuple[int, int]] = []
        for p_start, p_end in self.paragraphs:
            block = self.body[p_start:p_end]
            offset = p_start
            for piece in BEFORE_LIST_ITEM.split(block):
                start = 0
                for match in SENTENCE_END.finditer(piece):
                    spans.extend(_trimmed(piece, offset, start, match.end()))
                    start = match.end()
                spans.extend(_trimmed(piece, offset, start, len(piece)))
                offset += len(piece) + 1
        return Spans(spans)


class Spans(list[tuple[int, int]]):
    """Sorted, non-overlapping spans (one ``finditer``), searched by bisection.

    A scan per question made a reply with many URLs, sentences or findings quadratic.
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        super().__init__(spans)
        self.starts = [start for start, _ in self]

    def index_at(self, offset: int) -> int:
        """The last span starting at or before ``offset`` (-1 if none)."""
        return bisect.bisect_right(self.starts, offset) - 1

    def count_in(self, start: int, end: int) -> int:
        """How many spans start in ``[start, end)``."""
        return bisect.bisect_left(self.starts, end) - bisect.bisect_left(self.starts, start)

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end) - 1
        return index >= 0 and self[index][1] > start

    def contains(self, start: int, end: int) -> bool:
        index = self.index_at(start)
        return index >= 0 and end <= self[index][1]


def _trimmed(piece: str, base: int, start: int, end: int) -> Iterator[tuple[int, int]]:
    segment = piece[start:end]
    stripped = segment.strip()
    if stripped:
        lead = len(segment) - len(segment.lstrip())
        yield base + start + lead, base + start + lead + len(stripped)


def _header_block(lines: list[str]) -> int | None:
    """Index of the blank line ending a header block, or None if the text has none."""
    if not lines or not HEADER_LINE.fullmatch(lines[0].rstrip("\r")):
        return None
    known = False
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if not line.strip():
            return index if known else None
        if line[0] in " \t" and index > 0:
            continue
        match = HEADER_LINE.fullmatch(line)
        if not match:
            return None
        name = match.group(1).lower()
        known = known or name in KNOWN_HEADERS or name.startswith("x-")
    return len(lines) if known else None


def _is_mime(headers: list[str]) -> bool:
    joined = "\n".join(headers).lower()
    return (
        "content-transfer-encoding: base64" in joined
        or "content-transfer-encoding: quoted-printable" in joined
        or "content-type: multipart/" in joined
    )


def _mask_quotes(body: str) -> str:
    out, quoting = [], False
    for line in body.split("\n"):
        stripped = line.lstrip()
        if quoting or stripped.startswith(">"):
            out.append(_mask(line))
        elif QUOTE_INTRO.match(stripped):
            out.append(_mask(line))
            quoting = True
        else:
            out.append(line)
    return "\n".join(out)


def parse_reply(
    text: str,
    path: str = "<stdin>",
    *,
    subject: str | None = None,
    customer_names: tuple[str, ...] = (),
    tone: str = "casual",
    lexicon: Lexicon | None = None,
) -> Reply:
    """Split ``text`` into subject and body; ``subject`` is used when there is no header."""
    lines = text.split("\n")
    end = _header_block(lines)
    if end is not None and _is_mime(lines[:end]):
        return _parse_mime(text, path, customer_names, tone, lexicon)
    reply_subject, subject_start, body_start = subject, 0, 0
    if end is not None:
        offset, found = 0, False
        for index in range(end):
            match = HEADER_LINE.fullmatch(lines[index].rstrip("\r"))
            if match and not found and match.group(1).lower() == "subject":
                reply_subject, subject_start, found = (
                    match.group(2).rstrip(),
                    offset + match.start(2),
                    True,
                )
            offset += len(lines[index]) + 1
        body_start = min(offset + (len(lines[end]) + 1 if end < len(lines) else 0), len(text))
    body = _mask_quotes(text[body_start:])
    directives = find_directives(body)
    if directives:
        for start, end in directives.spans:
            body = body[:start] + " " * (end - start) + body[end:]
    return Reply(
        path=path,
        text=text,
        subject=reply_subject,
        subject_start=subject_start,
        has_headers=end is not None,
        body_start=body_start,
        body=body,
        customer_names=customer_names,
        tone=tone,
        lexicon=lexicon,
        directives=directives,
    )


def _parse_mime(
    text: str, path: str, customer_names: tuple[str, ...], tone: str, lexicon: Lexicon | None
) -> Reply:
    """A full RFC 5322 message: lint its decoded text/plain part."""
    import email
    import email.policy

    from replykit.errors import InputError

    part = None
    try:
        message = email.message_from_string(text, policy=email.policy.default)
        subject = str(message.get("subject", "") or "")
        part = message.get_body(preferencelist=("plain",))
        content = part.get_content() if part is not None else ""
    except LookupError:  # charset=foo
        charset = part.get_content_charset() if part is not None else None
        raise InputError(
            f"the message's text is in an unknown charset ({charset})",
            path=path,
            hint="save the message as UTF-8, or lint its text as a .txt file",
        ) from None
    except RecursionError:
        raise InputError(
            "the message's MIME parts are nested too deeply to read",
            path=path,
            hint="lint the reply's text as a .txt file",
        ) from None
    synthetic = f"Subject: {subject}\n\n{content}"
    reply = parse_reply(synthetic, path, customer_names=customer_names, tone=tone, lexicon=lexicon)
    reply.decoded = True
    return reply
