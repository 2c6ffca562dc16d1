"""A batch is handed over report by report, in input order, keeping only counts."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES

from replykit import service
from replykit.config import Config
from replykit.lint.settings import make_settings
from replykit.models import FileReport, Severity


def test_reports_come_one_at_a_time_in_order_and_only_counts_stay(tmp_path: Path) -> None:
    good = (EXAMPLES / "replies" / "refund-good.txt").read_text(encoding="utf-8")
    bad = (EXAMPLES / "replies" / "needs-work.txt").read_text(encoding="utf-8")
    for index in range(3):
        (tmp_path / f"reply-{index}.txt").write_text(good, encoding="utf-8")
    settings = make_settings(Config(), min_severity="warning")
    off = service.GrammarRequest(engine="off")  # built-in rules only: nothing read ahead
    stream = service.lint_stream([str(tmp_path)], Config(), settings, jobs=1, grammar=off)
    items = iter(stream)
    first = next(items)
    assert isinstance(first, FileReport) and first.path.endswith("reply-0.txt")
    # Nothing after the first file has been read yet: a change now is what gets linted.
    (tmp_path / "reply-2.txt").write_text(bad, encoding="utf-8")
    (tmp_path / "reply-1.txt").write_text("", encoding="utf-8")
    rest = list(items)
    assert [type(r).__name__ for r in rest] == ["InputError", "FileReport"]
    assert "the reply is empty" in rest[0].render()
    last = rest[1]
    assert last.path.endswith("reply-2.txt")
    assert last.findings and all(f.severity >= Severity.WARNING for f in last.findings)
    expected = service.lint([str(tmp_path / "reply-2.txt")], Config(), settings, grammar=off)
    expected = expected.reports[0]
    assert last.findings == expected.findings
    assert stream.files == 2 and stream.errors == 1
    assert stream.counts[Severity.SUGGESTION] == 0  # hidden by min_severity, not counted
    assert stream.counts[Severity.ERROR] == sum(f.severity == Severity.ERROR for f in last.findings)
    assert stream.exit_code == service.EXIT_INPUT


def test_streamed_json_is_the_documented_document(sh, tmp_path: Path) -> None:
    import json

    for name in ("refund-good.txt", "needs-work.txt"):
        (tmp_path / name).write_text((EXAMPLES / "replies" / name).read_text(encoding="utf-8"))
    result = sh("lint", "--format", "json", str(tmp_path))
    data = json.loads(result.stdout)
    from replykit.reporters.json import render

    outcome = service.lint([str(tmp_path)], Config(), make_settings(Config()))
    assert result.stdout == render(outcome.reports)
    assert data["summary"]["files"] == 2
    assert result.code == outcome.exit_code == 1
