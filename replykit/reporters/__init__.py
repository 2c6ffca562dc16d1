"""Three views of the same findings: rich (people), line (editors), json (machines)."""

from __future__ import annotations

from replykit.text.gate import Lazy

# C0 controls but tab and newline, DEL, C1 controls; the bidi marks, overrides and
# isolates (which reorder what a terminal shows); invisible characters that could hide a
# difference in a file name; Unicode line separators (a line break to some editors); and
# lone surrogates (undecodable bytes in a file name), which a UTF-8 stream cannot write.
_CONTROL = Lazy(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ud800-\udfff]"
)


_UNDECODED = Lazy("[\udc80-\udcff]")


def safe(text: str) -> str:
    """Show control characters and escape sequences escaped, so text cannot drive a terminal.

    Every piece of text from a file, a file name or a context reaches the terminal through
    this (or ``one_line``); newlines and tabs are kept for multi-line views.
    A byte of a non-UTF-8 message that was kept undecoded shows as its Latin-1 character
    (one column, like the byte in the file) instead of breaking the output stream.
    """
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return text  # nothing to escape: every character above is unprintable to Python
    text = _UNDECODED.sub(lambda m: chr(ord(m.group()) - 0xDC00), text)
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def label(path: str, message: int | None) -> str:
    """A report's name: the path, and the message number in an mbox file."""
    return path if message is None else f"{path} (message {message})"


def one_line(text: str) -> str:
    """Escaped and on one line: a file name with a newline cannot forge another message."""
    return safe(text.replace("\r", " ").replace("\n", " "))


def message(kind: str, text: str) -> str:
    """``kind: text``: every error, warning and notice line, escaped, ending in a newline."""
    return f"{kind}: {one_line(text)}\n"
