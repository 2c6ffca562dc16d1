"""Three views of the same findings: rich (people), line (editors), json (machines)."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def safe(text: str) -> str:
    """Show control characters and escape sequences escaped, so text cannot drive a terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    """A message on one line: editors parse ``--format line`` line by line."""
    return safe(text.replace("\r", " ").replace("\n", " "))
