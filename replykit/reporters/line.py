"""``path:line:column: severity: message [rule]``: what vim, emacs and VS Code parse."""

from __future__ import annotations

from replykit.models import FileReport
from replykit.reporters import one_line


def render_report(report: FileReport) -> str:
    """One file's lines (a batch prints each file as it is done)."""
    lines = []
    path = one_line(report.path)
    for f in report.findings:
        message = one_line(f.message)
        if f.suggestion:
            message += f" (suggestion: {one_line(f.suggestion)})"
        lines.append(f"{path}:{f.line}:{f.column}: {f.severity.label}: {message} [{f.rule}]")
    return "".join(line + "\n" for line in lines)


def render(reports: list[FileReport]) -> str:
    return "".join(render_report(report) for report in reports)
