"""Real mail as the agent's client leaves it: MIME parts, charsets, HTML, mbox, odd line ends.

A MIME message is linted in its decoded form (a ``Subject:`` line, a blank line, the decoded
text part), and every finding is mapped back into the file through a ``SourceMap``: the
decoder records, for each run of decoded characters that stands verbatim in the file, where
it stands (``Segment``). A span inside one run points at the file exactly; any other span
(base64, a quoted-printable escape or soft break, HTML) points at the first line of its MIME
part, and the finding carries its place in the decoded text as well.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from replykit.errors import InputError
from replykit.text.gate import Lazy
from replykit.text.lines import (
    ASCII_NAMES,
    HEADER_NAME,
    leading_lines,
    line_starts,
    normalise_newlines,
)

if TYPE_CHECKING:
    from replykit.text.lexicon import Lexicon
    from replykit.text.reply import Reply

BROKEN_PARTS = Lazy(r"^--\S+[ \t]*\r?\n(?:[\w-]+:.*\r?\n)*content-type:", re.I | re.M)
UNKNOWN_8BIT = frozenset({"unknown-8bit", "x-unknown", "unknown", "x-user-defined"})


def looks_like_message(data: bytes) -> bool:
    """Whether bytes start (after blank lines or an mbox ``From `` line) with mail headers.

    Decides whether a file that is not UTF-8 may still be read: a message declares its
    charsets, a plain reply does not.
    """
    lines = normalise_newlines(data[:65536].decode("latin-1")).split("\n")
    start = leading_lines(lines)
    names = set()
    for line in lines[start : start + 200]:
        raw = line.rstrip("\r").encode("latin-1")
        if not raw.strip():
            break
        if raw[:1] in (b" ", b"\t"):
            continue
        if not HEADER_NAME.match(raw):
            return False
        names.add(raw.split(b":", 1)[0].lower())
    return bool(names & {b"content-type", b"mime-version"})


class Segment(NamedTuple):
    """``length`` decoded characters from ``decoded`` stand verbatim in the file at ``file``."""

    decoded: int
    file: int
    length: int


@dataclass
class SourceMap:
    """Where each offset of a decoded message's text stands in the file as given.

    ``anchors`` are (decoded offset, file offset) pairs: the file place for every decoded
    offset from there on that no segment covers (the Subject header line, the first line
    of the text part).
    """

    file_text: str
    segments: list[Segment]
    anchors: list[tuple[int, int]]
    _starts: list[int] = field(default_factory=list)
    _lines: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.segments.sort()
        self._starts = [s.decoded for s in self.segments]
        self._lines = line_starts(self.file_text)

    def _file_line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._lines, offset) - 1
        return line + 1, offset - self._lines[line] + 1

    def _segment(self, offset: int) -> Segment | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0:
            seg = self.segments[index]
            if offset <= seg.decoded + seg.length:
                return seg
        return None

    def _anchor(self, offset: int) -> int:
        index = bisect.bisect_right([a for a, _ in self.anchors], offset) - 1
        return self.anchors[max(index, 0)][1]

    def position(self, offset: int) -> tuple[int, int]:
        """File (line, column) of one decoded offset: exact when verbatim, else its anchor."""
        seg = self._segment(offset)
        if seg is not None:
            return self._file_line_col(seg.file + offset - seg.decoded)
        return self._file_line_col(self._anchor(offset))

    def part_position(self, offset: int) -> tuple[int, int]:
        """File (line, column) of the start of the part (or header) ``offset`` is in."""
        return self._file_line_col(self._anchor(offset))

    def exact(self, start: int, end: int) -> bool:
        """Whether the decoded span ``[start, end)`` stands verbatim in the file."""
        seg = self._segment(start)
        return seg is not None and end <= seg.decoded + seg.length


# ----------------------------------------------------------------------------- decoding


def _charset(name: str | None, label: str, line: int | None, where: str = "this message") -> str:
    """A usable codec name for a declared charset; an unknown one is an InputError."""
    charset = (name or "us-ascii").strip().strip('"').lower()
    if charset in UNKNOWN_8BIT:
        return "unknown-8bit"
    try:
        if not getattr(codecs.lookup(charset), "_is_text_encoding", True):  # base64, rot13...
            raise LookupError(charset)
    except LookupError:
        raise InputError(
            f"unknown charset '{charset[:60]}' in {where}",
            path=label,
            line=line,
            hint="re-save the message as UTF-8, or declare a charset Python knows",
        ) from None
    return charset


def _effective(data: bytes, charset: str) -> str:
    """The codec to decode ``data`` with: the declared one, unless it cannot be right.

    A part declared us-ascii (or unknown-8bit) with 8-bit bytes is UTF-8 when it decodes as
    such, else Latin-1; bytes invalid in a declared multi-byte charset but valid UTF-8 are
    UTF-8, and a "UTF-8" part that is not is Latin-1: mail clients mislabel often, and
    mojibake would be linted as the agent's words.
    """
    if charset not in ASCII_NAMES and charset != "unknown-8bit":
        try:
            data.decode(charset)
        except UnicodeError:
            if _utf8(data):
                return "utf-8"
            return "latin-1" if codecs.lookup(charset).name == "utf-8" else charset
        return charset
    if data.isascii():
        return "ascii"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def to_str(data: bytes, charset: str) -> str:
    try:
        return data.decode(_effective(data, charset), errors="replace")
    except UnicodeError:  # utf-16 without a BOM raises even with errors="replace"
        return data.decode("latin-1")


def _verbatim_line(raw: str, decoded: str, data: bytes) -> bool:
    """Whether each decoded character stands at the same column of the file's line."""
    return decoded == raw or len(data) == len(decoded) == len(raw)


def decode_lines(
    lines: list[tuple[int, str]], transfer: str, charset: str
) -> tuple[str, list[Segment]]:
    """Decode a 7bit/8bit/quoted-printable body given as (file offset, line) pairs."""
    if transfer == "quoted-printable":
        return _decode_qp(lines, charset)
    out: list[str] = []
    segments: list[Segment] = []
    length = 0
    for file_offset, raw in lines:
        raw = raw.removesuffix("\r")
        data = raw.encode("utf-8", "surrogateescape")
        text = to_str(data, charset)
        if text and _verbatim_line(raw, text, data):
            segments.append(Segment(length, file_offset, len(text)))
        out.append(text)
        length += len(text) + 1
    return "\n".join(out), segments


_HEX = frozenset("0123456789ABCDEFabcdef")


def _decode_qp(lines: list[tuple[int, str]], charset: str) -> tuple[str, list[Segment]]:
    """Quoted-printable, keeping for every decoded character the file offset it came from.

    A character from a ``=XX`` escape has no verbatim place; a soft line break joins two
    file lines, so a run of characters never crosses one.
    """
    out: list[str] = []
    places: list[int | None] = []
    data = bytearray()
    origins: list[int] = []
    literal: list[bool] = []
    for file_offset, raw in lines:
        raw = raw.removesuffix("\r").rstrip(" \t")
        soft = raw.endswith("=")
        body = raw[:-1] if soft else raw
        index = 0
        while index < len(body):
            char = body[index]
            escape = body[index + 1 : index + 3]
            if char == "=" and len(escape) == 2 and escape[0] in _HEX and escape[1] in _HEX:
                data.append(int(escape, 16))
                origins.append(file_offset + index)
                literal.append(False)
                index += 3
                continue
            encoded = char.encode("utf-8", "surrogateescape")
            data.extend(encoded)
            origins.extend([file_offset + index] * len(encoded))
            literal.extend([len(encoded) == 1] * len(encoded))
            index += 1
        if not soft:
            _flush(bytes(data), origins, literal, charset, out, places)
            out.append("\n")
            places.append(None)
            data, origins, literal = bytearray(), [], []
    if data:
        _flush(bytes(data), origins, literal, charset, out, places)
    text = "".join(out)
    if text.endswith("\n"):
        text = text[:-1]
    return text, _runs(places)


def _flush(
    data: bytes,
    origins: list[int],
    literal: list[bool],
    charset: str,
    out: list[str],
    places: list[int | None],
) -> None:
    codec = _effective(data, charset)
    if all(literal):
        text = to_str(data, codec)
        if len(text) == len(data):
            out.append(text)
            places.extend(origins)
            return
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    chars: list[str] = []
    spots: list[int | None] = []
    pending = 0
    try:
        for index in range(len(data)):
            chunk = decoder.decode(data[index : index + 1])
            if chunk:
                exact = index == pending and literal[index] and len(chunk) == 1
                chars.append(chunk)
                spots.extend([origins[pending] if exact else None] * len(chunk))
                pending = index + 1
        rest = decoder.decode(b"", final=True)
    except UnicodeError:  # a codec that raises despite errors="replace": no exact places
        text = to_str(data, codec)
        out.append(text)
        places.extend([None] * len(text))
        return
    out.extend([*chars, rest])
    places.extend([*spots, *[None] * len(rest)])


def _runs(places: list[int | None]) -> list[Segment]:
    """Segments from per-character file offsets: runs that are consecutive in both."""
    segments: list[Segment] = []
    start = None
    for index, place in enumerate([*places, None]):
        if start is not None and (place is None or place != places[index - 1] + 1):  # type: ignore[operator]
            segments.append(Segment(start, places[start], index - start))  # type: ignore[arg-type]
            start = None
        if place is not None and start is None:
            start = index
    return segments


# ----------------------------------------------------------------------------- HTML


def html_to_text(html: str) -> str:
    """Plain text of an HTML part: blocks on their own lines, links keep their URL,
    ``<blockquote>`` content quoted with ``>`` so the quote rules see it."""
    from html.parser import HTMLParser

    blocks = {
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5",
        "h6", "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt",
    }  # fmt: skip
    hidden = {"script", "style", "head", "title", "template"}

    class Converter(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.lines: list[str] = []
            self.current: list[str] = []
            self.depth = 0
            self.skip = 0
            self.links: list[tuple[str, int]] = []
            self.pre = 0

        def newline(self) -> None:
            text = "".join(self.current)
            text = text if self.pre else re.sub(r"[ \t\r\n\f\u00a0]+", " ", text).strip()
            if text or (self.lines and self.lines[-1]):
                self.lines.append(("> " * self.depth + text) if text else "")
            self.current = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in hidden:
                self.skip += 1
            elif tag in blocks:
                self.newline()
                if tag == "blockquote":
                    self.depth += 1
                elif tag == "pre":
                    self.pre += 1
            elif tag == "a":
                self.links.append((dict(attrs).get("href") or "", len("".join(self.current))))

        def handle_endtag(self, tag: str) -> None:
            if tag in hidden:
                self.skip = max(0, self.skip - 1)
            elif tag in blocks:
                self.newline()
                if tag == "blockquote":
                    self.depth = max(0, self.depth - 1)
                elif tag == "pre":
                    self.pre = max(0, self.pre - 1)
            elif tag == "a" and self.links:
                href, start = self.links.pop()
                shown = "".join(self.current)[start:].strip()
                url = href.removeprefix("mailto:")
                if href and not href.startswith("#") and url and url not in shown:
                    self.current.append(f" ({href})" if shown else href)

        def handle_data(self, data: str) -> None:
            if not self.skip:
                if self.pre and "\n" in data:
                    head, *rest = data.split("\n")
                    self.current.append(head)
                    for piece in rest:
                        self.newline()
                        self.current.append(piece)
                else:
                    self.current.append(data)

    converter = Converter()
    converter.feed(html)
    converter.close()
    converter.newline()
    while converter.lines and not converter.lines[-1]:
        converter.lines.pop()
    return "\n".join(converter.lines)


# ----------------------------------------------------------------------------- messages


def _byte_to_char(data: bytes, offset: int) -> int:
    return len(data[:offset].decode("utf-8", "surrogateescape"))


def _raw_payload(part: Any) -> bytes | None:
    """The part's body bytes as they stand in the file.

    ``get_payload()`` re-decodes an 8-bit body with its charset; the parser keeps the
    undecoded text (bytes read as ASCII with surrogate escapes) in ``_payload``.
    """
    payload = part._payload
    if isinstance(payload, str):
        return payload.encode("ascii", "surrogateescape")
    return None


def _header_end(data: bytes, cursor: int) -> int:
    """Offset just after the blank line that ends the header block starting at ``cursor``."""
    if data.startswith(b"\n", cursor):
        return cursor + 1
    if data.startswith(b"\r\n", cursor):
        return cursor + 2
    ends = [
        (i, n) for i, n in ((data.find(b"\n\n", cursor), 2), (data.find(b"\r\n\r\n", cursor), 4))
    ]
    ends = [(i, n) for i, n in ends if i >= 0]
    if not ends:
        return len(data)
    index, size = min(ends)
    return index + size


def _locate(part: Any, data: bytes, cursor: int, found: dict[int, int]) -> int:
    """Record where each leaf's body starts in ``data`` (by ``id``); return where ``part`` ends.

    Follows the structure the parser found: a part's headers start at ``cursor``, its body
    after their blank line, and each sub-part after its ``--boundary`` line.
    """
    body = _header_end(data, cursor)
    payload = part._payload
    if isinstance(payload, list):
        boundary = part.get_boundary()
        position = body
        for sub in payload:
            if boundary is not None:
                mark = data.find(b"--" + boundary.encode("ascii", "surrogateescape"), position)
                if mark >= 0:
                    line_end = data.find(b"\n", mark)
                    position = len(data) if line_end < 0 else line_end + 1
            position = _locate(sub, data, position, found)
        return position
    raw = _raw_payload(part) or b""
    if raw and not data.startswith(raw, body):  # e.g. no blank line after the headers
        body = _body_at(data, raw, cursor)
    found[id(part)] = max(body, 0)
    return body + len(raw)


def _body_at(data: bytes, raw: bytes, cursor: int) -> int:
    """Where ``raw`` starts after ``cursor``, preferring a place just after a blank line."""
    first = found = data.find(raw, cursor)
    while found >= 0 and not (
        data[found - 2 : found] == b"\n\n" or data[found - 4 : found] == b"\r\n\r\n"
    ):
        found = data.find(raw, found + 1)
    return found if found >= 0 else max(first, cursor)


class _Header(NamedTuple):
    line: int  # character offset of the header's first line
    value: int  # character offset of its value
    raw: str  # the value, continuation lines included


def _find_header(text: str, start: int, end: int, name: str) -> _Header | None:
    """The first ``name:`` header in the block ``text[start:end]``, with file offsets."""
    offset = start
    lines = text[start:end].split("\n")
    prefix = name.lower() + ":"
    for index, line in enumerate(lines):
        if line.lower().startswith(prefix):
            colon = len(prefix)
            lead = len(line) - colon - len(line[colon:].lstrip(" \t"))
            value = [line[colon:].strip(" \t\r")]
            for nxt in lines[index + 1 :]:
                if nxt[:1] not in (" ", "\t"):
                    break
                value.append(nxt.strip(" \t\r"))
            return _Header(offset, offset + colon + lead, "\n".join(value))
        offset += len(line) + 1
    return None


def _decode_subject(
    header: _Header | None, charset: str, label: str, line: int
) -> tuple[str, bool]:
    """The decoded subject, and whether it stands verbatim in the file."""
    if header is None:
        return "", False
    raw = header.raw
    data = raw.encode("utf-8", "surrogateescape")
    if "=?" not in raw:
        text = to_str(data, "utf-8" if _utf8(data) else charset).replace("\n", " ")
        return text, "\n" not in raw and _verbatim_line(raw, text, data)
    from email.errors import HeaderParseError
    from email.header import decode_header

    try:
        chunks = decode_header(data.decode("latin-1").replace("\n", " "))
    except (HeaderParseError, ValueError):
        chunks = [(data, charset)]
    pieces = []
    for chunk, name in chunks:
        if isinstance(chunk, str):
            chunk = chunk.encode("latin-1")
        pieces.append(to_str(chunk, _charset(name or charset, label, line, "the Subject header")))
    text = "".join(pieces)
    return text.replace("\r", " ").replace("\n", " "), False


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Part(NamedTuple):
    """One decoded text part: its text, verbatim runs, and where its body starts."""

    content: str
    segments: list[Segment]
    start: int  # file offset of the body's first character
    line: int  # file line of the body's first line
    charset: str


def _decode_part(
    part: Any, text: str, data: bytes, head: int, places: dict[int, int], path: str
) -> _Part:
    starts = line_starts(text)
    raw = _raw_payload(part) or b""
    body_start = head + _byte_to_char(data, places.get(id(part), 0))
    body_end = body_start + len(raw.decode("utf-8", "surrogateescape"))
    line = bisect.bisect_right(starts, body_start)
    charset = _charset(part.get_param("charset"), path, line)
    transfer = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
    if transfer in ("7bit", "8bit", "binary", "quoted-printable"):
        body_lines, offset = [], body_start
        for piece in text[body_start:body_end].split("\n"):
            body_lines.append((offset, piece))
            offset += len(piece) + 1
        content, segments = decode_lines(body_lines, transfer, charset)
    else:
        payload = part.get_payload(decode=True) or b""
        content = normalise_newlines(to_str(payload, charset).replace("\r\n", "\n"))
        segments = []
    return _Part(content, segments, body_start, line, charset)


def _choose_part(message: Any, path: str, line: int) -> tuple[Any, list[str]]:
    """The text part to lint (plain, else HTML, else a boundary-less body) and notices."""
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        return part, []
    part = message.get_body(preferencelist=("html",))
    if part is not None:
        return part, []
    if message.get_content_maintype() == "multipart" and not message.is_multipart():
        body = message._payload if isinstance(message._payload, str) else ""
        if BROKEN_PARTS.search(body):
            raise InputError(
                "the MIME parts of this message cannot be found (its boundary is missing "
                "or does not match the part separators)",
                path=path,
                line=line,
                hint="save the text part on its own and lint that",
            )
        return message, [
            f"{path}: a multipart message without a boundary; its body is linted as plain text"
        ]
    kind = message.get_content_type()
    raise InputError(
        f"no text to lint in this message (no text/plain or text/html part; it is {kind})",
        path=path,
        line=line,
        hint="lint the reply you wrote, not a message without text",
    )


def parse_mime(
    text: str,
    path: str,
    span: tuple[int, int],
    *,
    customer_names: tuple[str, ...],
    tone: str,
    lexicon: Lexicon | None = None,
) -> Reply:
    """A MIME message (``text[span]``): lint its text part, positions mapped to the file."""
    try:
        return _parse_mime(
            text, path, span, customer_names=customer_names, tone=tone, lexicon=lexicon
        )
    except RecursionError:  # the standard library's parser recurses once per level
        raise InputError(
            "the message's MIME parts are nested too deeply to read",
            path=path,
            hint="lint the reply's text as a .txt file",
        ) from None


def _parse_mime(
    text: str,
    path: str,
    span: tuple[int, int],
    *,
    customer_names: tuple[str, ...],
    tone: str,
    lexicon: Lexicon | None = None,
) -> Reply:
    import email
    import email.policy

    from replykit.text.reply import parse_reply

    start, stop = span
    lines = text[start:stop].split("\n")
    skip = leading_lines(lines)
    head = start + sum(len(line) + 1 for line in lines[:skip])
    data = text[head:stop].encode("utf-8", "surrogateescape")
    message = email.message_from_bytes(data, policy=email.policy.default)
    head_line = text.count("\n", 0, head) + 1
    chosen, notices = _choose_part(message, path, head_line)
    places: dict[int, int] = {}
    _locate(message, data, 0, places)
    decoded = _decode_part(chosen, text, data, head, places, path)
    html = chosen.get_content_type() == "text/html"
    empty_line = decoded.line
    if not decoded.content.strip() and not html:  # an empty plain side: its HTML alternative
        other = message.get_body(preferencelist=("html",))
        if other is not None:
            chosen, html = other, True
            decoded = _decode_part(chosen, text, data, head, places, path)
    content, segments = decoded.content, decoded.segments
    if html:
        content, segments = html_to_text(content), []
        notices.append(
            f"{path}: no text/plain part with text; linted the text of its text/html part "
            f"(findings point at line {decoded.line})"
        )
    if not content.strip():
        raise InputError(
            "the reply is empty (its text part has no text)",
            path=path,
            line=empty_line,
            hint="write the reply first",
        )
    header_end = text.find("\n\n", head, stop)
    subject_header = _find_header(text, head, header_end if header_end >= 0 else stop, "subject")
    subject_line = text.count("\n", 0, subject_header.line) + 1 if subject_header else head_line
    subject, verbatim = _decode_subject(subject_header, decoded.charset, path, subject_line)
    prefix = f"Subject: {subject}\n\n"
    shifted = [Segment(s.decoded + len(prefix), s.file, s.length) for s in segments]
    if subject_header is not None and verbatim and subject:
        shifted.append(Segment(len("Subject: "), subject_header.value, len(subject)))
    anchors = [
        (0, subject_header.line if subject_header else head),
        (len(prefix), decoded.start if decoded.start < len(text) else head),
    ]
    reply = parse_reply(
        prefix + content,
        path,
        customer_names=customer_names,
        tone=tone,
        lexicon=lexicon,
        mime=False,
    )
    reply.decoded = True
    reply.source = SourceMap(text, shifted, anchors)
    reply.notices = notices
    return reply
