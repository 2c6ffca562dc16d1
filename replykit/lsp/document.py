"""An open document as the editor sees it: text, version, and LSP positions.

LSP counts lines at ``\\n``, ``\\r\\n`` and ``\\r`` only (``str.splitlines`` also splits at
form feeds and U+2028, which would shift every later line), and columns in the
negotiated encoding: UTF-16 code units by default, UTF-8 bytes when the client offers
them. The linter counts in characters of the same lines (it reads a lone ``\\r`` as a line
break too), so every position goes through a plain character offset.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

LINE_BREAK = re.compile(r"\r\n|\r|\n")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")

UTF8, UTF16 = "utf-8", "utf-16"
# JSON can carry a lone surrogate, which no file can and no encoder takes (the MIME
# decoder and Harper raised on it): it is kept as U+FFFD, the same length in UTF-8 and
# UTF-16 units, so every position the editor sends or gets holds.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _editor_text(text: str) -> str:
    return text if text.isascii() else LONE_SURROGATE.sub("\ufffd", text)


def _units(text: str, encoding: str) -> int:
    """Length of ``text`` in the encoding's code units."""
    if text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8"))
    return len(text) + len(ASTRAL.findall(text))


def _chars(line: str, units: int, encoding: str) -> int:
    """How many characters of ``line`` fit in ``units`` code units (clamped to the line)."""
    if line.isascii():
        return min(units, len(line))
    count = 0
    for index, char in enumerate(line):
        code = ord(char)
        if encoding == UTF8:
            width = 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        else:
            width = 2 if code > 0xFFFF else 1
        if count + width > units:
            return index
        count += width
    return len(line)


@dataclass(slots=True)
class Document:
    uri: str
    text: str
    version: int | None = None
    encoding: str = UTF16
    _lsp_starts: list[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.text = _editor_text(self.text)

    # ------------------------------------------------------------------ line tables

    @property
    def lsp_starts(self) -> list[int]:
        """Offsets at which LSP lines start."""
        if self._lsp_starts is None:
            self._lsp_starts = [0, *(m.end() for m in LINE_BREAK.finditer(self.text))]
        return self._lsp_starts

    def _line_text(self, line: int) -> str:
        starts = self.lsp_starts
        end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        return self.text[starts[line] : end].rstrip("\r\n")

    # ------------------------------------------------------------------ conversions

    def offset_of_finding(self, line: int, column: int) -> int:
        """A linter position (1-based line and character column) as an offset. The
        linter's lines are LSP's: it reads a lone CR as a line break too
        (``text.lines.normalise_newlines``)."""
        starts = self.lsp_starts
        line = max(1, min(line, len(starts)))
        return min(starts[line - 1] + column - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """An offset as an LSP (line, character) in the negotiated encoding."""
        offset = max(0, min(offset, len(self.text)))
        starts = self.lsp_starts
        line = bisect.bisect_right(starts, offset) - 1
        start = starts[line]
        if (
            offset > start
            and self.text[offset - 1] == "\r"
            and self.text[offset : offset + 1] == "\n"
        ):
            offset -= 1  # inside a \r\n pair: the end of the line
        return line, _units(self.text[start:offset], self.encoding)

    def range(self, start: int, end: int) -> dict[str, dict[str, int]]:
        """Two offsets as an LSP ``Range``."""
        (sl, sc), (el, ec) = self.position(start), self.position(end)
        return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}

    def offset(self, line: int, character: int) -> int:
        """An LSP position as an offset; past the end of a line means its end (the
        protocol's positions are never negative: the server refuses those first)."""
        starts = self.lsp_starts
        if line >= len(starts):
            return len(self.text)
        if line < 0:
            return 0
        text = self._line_text(line)
        return starts[line] + _chars(text, character, self.encoding)

    def apply_change(
        self, text: str, start: tuple[int, int] | None, end: tuple[int, int] | None
    ) -> None:
        """One ``contentChanges`` entry: a range replaced, or the whole text."""
        text = _editor_text(text)
        if start is None or end is None:
            self.text = text
        else:
            first, last = sorted((self.offset(*start), self.offset(*end)))
            self.text = self.text[:first] + text + self.text[last:]
        self._lsp_starts = None
