"""Three views of the same findings: rich (people), line (editors), json (machines)."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


_UNDECODED = re.compile("[\udc80-\udcff]")


def safe(text: str) -> str:
    """Show control characters and escape sequences escaped, so text cannot drive a terminal.

    A byte of a non-UTF-8 message that was kept undecoded shows as its Latin-1 character
    (one column, like the byte in the file) instead of breaking the output stream.
    """
    text = _UNDECODED.sub(lambda m: chr(ord(m.group()) - 0xDC00), text)
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def label(path: str, message: int | None) -> str:
    """A report's name: the path, and the message number in an mbox file."""
    return path if message is None else f"{path} (message {message})"


def one_line(text: str) -> str:
    """A message on one line: editors parse ``--format line`` line by line."""
    return safe(text.replace("\r", " ").replace("\n", " "))
