"""Printing: consoles, and the lint reports in the format asked for."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from replykit.cli.options import Color, LintFormat
from replykit.models import FileReport

if TYPE_CHECKING:
    from rich.console import Console

    from replykit.service import LintOutcome, LintStream


def use_color(color: Color, stream: Any) -> bool:
    if color is Color.always:
        return True
    if color is Color.never or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def make_console(color: Color, *, stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    styled = use_color(color, stream)
    return Console(
        file=stream,
        force_terminal=styled,
        no_color=not styled,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        color_system="auto" if styled else None,
    )


def print_reports(
    reports: list[FileReport],
    fmt: LintFormat,
    color: Color,
    *,
    stderr: bool = False,
    notices: list[str] | None = None,
    show_stats: bool = True,
    columns: str = "character",
) -> None:
    stream = sys.stderr if stderr else sys.stdout
    if fmt is LintFormat.line:
        from replykit.reporters.line import render

        stream.write(render(reports, columns=columns))
    elif fmt is LintFormat.json:
        from replykit.reporters.json import render as render_json

        stream.write(render_json(reports))
    else:
        from replykit.reporters.human import render as render_human

        render_human(
            reports, make_console(color, stderr=stderr), notices=notices, show_stats=show_stats
        )
    stream.flush()


def print_outcome(
    outcome: LintOutcome,
    fmt: LintFormat | None,
    color: Color,
    *,
    quiet: bool,
    columns: str = "character",
) -> None:
    """Per-file errors on stderr, then the reports (the human view adds the notices)."""
    from replykit.reporters import message

    for error in outcome.errors:
        sys.stderr.write(message("error", error.render()))
    if not quiet:  # e.g. a message linted from its HTML part
        sys.stderr.writelines(message("note", n) for r in outcome.reports for n in r.notices)
    if quiet or (outcome.errors and not outcome.reports):
        return
    chosen = fmt or (LintFormat.rich if sys.stdout.isatty() else LintFormat.line)
    if outcome.errors:
        chosen = fmt or LintFormat.line
    print_reports(outcome.reports, chosen, color, notices=outcome.notices, columns=columns)


def print_stream(
    stream: LintStream,
    fmt: LintFormat | None,
    color: Color,
    *,
    quiet: bool,
    columns: str = "character",
) -> None:
    """A batch printed file by file as it finishes (input order), per-file errors on
    stderr as they come; the summary is built from counts, never from kept reports."""
    from replykit.reporters import message

    chosen = fmt or (LintFormat.rich if sys.stdout.isatty() else LintFormat.line)
    out = sys.stdout
    if chosen is LintFormat.json:
        from replykit.reporters.json import JsonStream

        writer = JsonStream(out.write)
    elif chosen is LintFormat.rich:
        from replykit.reporters.human import render_report

        console = make_console(color)
    else:
        from replykit.reporters.line import render_report as render_line
    for item in stream:
        if not isinstance(item, FileReport):
            sys.stderr.write(message("error", item.render()))
            sys.stderr.flush()
            continue
        if quiet:
            continue
        if item.notices:  # e.g. a message linted from its HTML part
            sys.stderr.writelines(message("note", n) for n in item.notices)
        if chosen is LintFormat.json:
            writer.add(item)
        elif chosen is LintFormat.rich:
            render_report(item, console)
        else:
            out.write(render_line(item, columns=columns))
    if quiet or (stream.errors and not stream.files):
        return
    if chosen is LintFormat.json:
        summary = {"files": stream.files, **{s.label: n for s, n in stream.counts.items()}}
        writer.close(summary)
    elif chosen is LintFormat.rich:
        from replykit.reporters.human import render_summary

        render_summary(stream.files, stream.counts, console, stream.notices)
    out.flush()
