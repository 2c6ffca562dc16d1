"""Three views of the same findings: rich (people), line (editors), json (machines)."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls; the bidi marks, overrides and
# isolates (which reorder what a terminal shows); invisible characters that could hide a
# difference in a file name; Unicode line separators (a line break to some editors); and
# lone surrogates (undecodable bytes in a file name), which a UTF-8 stream cannot write.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ud800-\udfff]"
)


def safe(text: str) -> str:
    """Show control characters and escape sequences escaped, so text cannot drive a terminal.

    Every piece of text from a file, a file name or a context reaches the terminal through
    this (or ``one_line``); newlines and tabs are kept for multi-line views.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    """Escaped and on one line: a file name with a newline cannot forge another message."""
    return safe(text.replace("\r", " ").replace("\n", " "))


def message(kind: str, text: str) -> str:
    """``kind: text``: every error, warning and notice line, escaped, ending in a newline."""
    return f"{kind}: {one_line(text)}\n"
