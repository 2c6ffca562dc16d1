"""``path:line:column: severity: message [rule]``: what vim, emacs and VS Code parse.

Findings carry character columns. Editors count differently: vim and neovim read byte
columns, VS Code UTF-16 code units. After "Olá, café" a character column is 3 bytes short
in vim, and after an emoji one unit short in VS Code, so the line format converts the
column to the unit the reading editor asks for.
"""

from __future__ import annotations

from collections.abc import Callable

from replykit.models import FileReport
from replykit.reporters import one_line

COLUMN_UNITS = ("character", "byte", "utf-16")


def _byte_width(text: str) -> int:
    try:  # a non-UTF-8 message's bytes are kept as escapes: one byte each, as in the file
        return len(text.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:
        return len(text.encode("utf-8", "surrogatepass"))


def _utf16_width(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


_WIDTH: dict[str, Callable[[str], int]] = {
    "character": len,
    "byte": _byte_width,
    "utf-16": _utf16_width,
}


def convert_column(line_text: str, column: int, unit: str) -> int:
    """The 1-based ``column`` (characters) of ``line_text`` counted in ``unit``."""
    if unit == "character" or column <= 1:
        return column
    return _WIDTH[unit](line_text[: column - 1]) + 1 + max(0, column - 1 - len(line_text))


def render_report(report: FileReport, *, columns: str = "character") -> str:
    """One file's findings, one per line (a batch prints each file as it is done), columns
    counted in ``columns`` (see COLUMN_UNITS)."""
    if columns not in _WIDTH:
        raise ValueError(f"unknown column unit {columns!r}")
    lines = []
    path = one_line(report.path)
    source = report.text.split("\n") if columns != "character" else []
    for f in report.findings:
        message = one_line(f.message)
        if f.suggestion:
            message += f" (suggestion: {one_line(f.suggestion)})"
        column = f.column
        if source and 0 < f.line <= len(source):
            column = convert_column(source[f.line - 1], f.column, columns)
        lines.append(f"{path}:{f.line}:{column}: {f.severity.label}: {message} [{f.rule}]")
    return "".join(line + "\n" for line in lines)


def render(reports: list[FileReport], *, columns: str = "character") -> str:
    return "".join(render_report(report, columns=columns) for report in reports)
