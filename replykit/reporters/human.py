"""Findings for people: grouped by file, the line with the span marked, a summary."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from replykit.models import FileReport, Severity
from replykit.reporters import label as report_label
from replykit.reporters import one_line, safe

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


def _source_line(report: FileReport, number: int) -> str:
    lines = report.text.split("\n")
    return lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else ""


def render_report(report: FileReport, console: Console, *, show_stats: bool = True) -> None:
    """One file's findings, each with its line and the span marked (nothing when clean)."""
    if not report.findings:
        return
    console.print(Text(one_line(report_label(report.path, report.message)), style="bold underline"))
    for f in report.findings:
        head = Text()
        head.append(f"  {f.line}:{f.column} ", style="dim")
        head.append(f.severity.label, style=STYLES[f.severity])
        head.append(" ")
        head.append(one_line(f.message))
        head.append(f"  [{f.rule}]", style="dim")
        console.print(head)
        source = safe(_source_line(report, f.line))
        if f.decoded is not None:  # encoded in the file: show the decoded line
            source = safe(f.decoded.text.rstrip("\r"))
            f = f._replace(
                line=1, column=f.decoded.column, end_line=1, end_column=f.decoded.end_column
            )
            console.print(Text(f"    decoded line {f.decoded.line}:", style="dim"))
        if source.strip():
            console.print(Text("    " + source, style="dim"), crop=False)
            width = max(
                1,
                (f.end_column - f.column) if f.end_line == f.line else len(source) - f.column + 1,
            )
            console.print(
                Text("    " + " " * (f.column - 1) + "^" * width, style=STYLES[f.severity]),
                crop=False,
            )
        if f.suggestion:
            console.print(Text("    suggestion: " + one_line(f.suggestion), style="green"))
    if show_stats and report.stats and report.stats.get("words"):
        s: dict[str, Any] = report.stats
        console.print(
            Text(
                f"  readability: reading ease {s['reading_ease']}, grade "
                f"{s['grade']}, {s['words']} words",
                style="dim",
            )
        )
    console.print()


def render_summary(
    files: int, totals: dict[Severity, int], console: Console, notices: list[str] | None = None
) -> None:
    """The notices, then "N files checked: ..." from the counts alone."""
    for notice in notices or []:
        console.print(Text(one_line(notice), style="dim"))
    summary = Text(f"{files} file{'s' if files != 1 else ''} checked: ")
    parts = [
        (totals[Severity.ERROR], "error"),
        (totals[Severity.WARNING], "warning"),
        (totals[Severity.SUGGESTION], "suggestion"),
    ]
    for index, (count, label) in enumerate(parts):
        if index:
            summary.append(", ")
        style = STYLES[Severity[label.upper()]] if count else "green"
        summary.append(f"{count} {label}{'s' if count != 1 else ''}", style=style)
    console.print(summary)


def render(
    reports: list[FileReport],
    console: Console,
    *,
    notices: list[str] | None = None,
    show_stats: bool = True,
) -> None:
    """Print to ``console``; every piece of file text goes in as Text, never as markup."""
    totals = {s: 0 for s in Severity}
    for report in reports:
        for f in report.findings:
            totals[f.severity] += 1
        render_report(report, console, show_stats=show_stats)
    render_summary(len(reports), totals, console, notices)
