"""Lines and messages in a file as given: what every reply needs, MIME or not, and
whether a message needs decoding at all.

Kept apart from ``replykit.text.mail`` so a plain reply never imports the MIME decoder.
"""

from __future__ import annotations

import bisect

from replykit.models import Decoded
from replykit.text.gate import Lazy

LONE_CR = Lazy(r"\r(?!\n)")
HEADER_NAME = Lazy(rb"[A-Za-z][A-Za-z0-9-]*:")
MBOX_FROM = Lazy(r"From \S")
ASCII_NAMES = frozenset({"us-ascii", "ascii", "646", "us", "ansi_x3.4-1968", "iso646-us"})


def normalise_newlines(text: str) -> str:
    """Lone CRs (old Mac files, mixed endings) become LFs: same length, so offsets hold."""
    return LONE_CR.sub("\n", text) if "\r" in text else text


def leading_lines(lines: list[str]) -> int:
    """How many lines before the header block: blank ones, then one mbox ``From `` line."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if (
        index + 1 < len(lines)
        and MBOX_FROM.match(lines[index])
        and HEADER_NAME.match(lines[index + 1].encode("utf-8", "surrogateescape"))
    ):
        index += 1
    return index


def split_mbox(text: str) -> list[tuple[int, int]] | None:
    """Character spans of the messages of an mbox file, or None when it is not one.

    A message starts at a ``From `` line at the start of the file or after a blank line,
    followed by a header line (mbox writers escape body lines as ``>From ``).
    """
    lines = text.split("\n")
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first >= len(lines) or not MBOX_FROM.match(lines[first]):
        return None
    starts: list[int] = []
    offset = 0
    previous_blank = True
    for index, line in enumerate(lines):
        if (
            index >= first
            and previous_blank
            and MBOX_FROM.match(line)
            and index + 1 < len(lines)
            and HEADER_NAME.match(lines[index + 1].encode("utf-8", "surrogateescape"))
        ):
            starts.append(offset if starts else 0)
        previous_blank = not line.strip()
        offset += len(line) + 1
    if not starts:
        return None
    ends = [*starts[1:], len(text)]
    return list(zip(starts, ends, strict=True))


def line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    index = find("\n")
    while index != -1:
        starts.append(index + 1)
        index = find("\n", index + 1)
    return starts


def decoded_place(text: str, starts: list[int], offset: int, stop: int) -> Decoded:
    """The place of ``text[offset:stop]`` in the decoded text, with its line for the rich view."""
    line = bisect.bisect_right(starts, offset) - 1
    end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
    column = offset - starts[line] + 1
    end_column = min(max(stop, offset), end) - starts[line] + 1
    return Decoded(offset, line + 1, column, text[starts[line] : end], end_column)


def _unfolded(headers: list[str], name: str) -> str | None:
    prefix = name + ":"
    for index, line in enumerate(headers):
        if line[: len(prefix)].lower() == prefix:
            value = [line[len(prefix) :]]
            for nxt in headers[index + 1 :]:
                if nxt[:1] not in (" ", "\t"):
                    break
                value.append(nxt)
            return " ".join(v.strip() for v in value).lower()
    return None


_PLAIN_CHARSETS = frozenset({"utf-8", "utf8", *ASCII_NAMES})
_CHARSET_PARAM = Lazy(r";\s*charset\s*=\s*\"?([^\s\";]+)")


def needs_decoding(headers: list[str]) -> bool:
    """Whether a header block declares anything but plain UTF-8 (or ASCII) text.

    Such a message is decoded part by part (an HTML or Latin-1 message sent as 8-bit is
    as encoded as a base64 one); a plain one is linted as written.
    """
    subject = _unfolded(headers, "subject")
    if subject and "=?" in subject:  # an RFC 2047 encoded word
        return True
    transfer = _unfolded(headers, "content-transfer-encoding")
    if transfer and transfer.strip() not in ("7bit", "8bit", "binary"):
        return True
    kind = _unfolded(headers, "content-type")
    if kind is None:
        return False
    if not kind.startswith("text/plain"):
        return True
    charset = _CHARSET_PARAM.search(kind)
    return charset is not None and charset.group(1) not in _PLAIN_CHARSETS
