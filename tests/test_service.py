"""The service layer in process: outcomes (reports, errors, notices, exit codes), no printing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, EXAMPLE_CONFIG

from replykit import service
from replykit.config import load_config
from replykit.lint.settings import make_settings

REPLY = (
    "Subject: Your order\n\nHi Ana,\n\n"
    "Thanks for your patience. Your order XXX ships today.\n\nBest regards,\nSam\n"
)


@pytest.fixture(autouse=True)
def silent(capsys: pytest.CaptureFixture[str]):
    """Whatever a test does, the service printed nothing."""
    yield
    assert capsys.readouterr() == ("", "")


def test_lint_outcome_has_exact_findings_and_exit_code(tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY)
    config = load_config()
    outcome = service.lint([str(reply)], config, make_settings(config))
    assert outcome.exit_code == 1
    assert outcome.errors == []
    (report,) = outcome.reports
    assert [(f.rule, f.line, f.column, f.end_column) for f in report.findings] == [
        ("placeholder", 5, 38, 41)
    ]
    assert outcome.notices and outcome.notices[0].startswith("grammar and spelling are off")


def test_fail_on_is_judged_before_min_severity_hides(tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY.replace("XXX ", "").replace("today.", "today!!"))
    config = load_config()
    settings = make_settings(config, fail_on="warning", min_severity="error")
    outcome = service.lint([str(reply)], config, settings)
    assert outcome.exit_code == 1
    assert outcome.reports[0].findings == []


def test_a_bad_file_in_a_batch_is_an_error_and_exit_2(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPLY.replace("XXX ", ""))
    (tmp_path / "bad.txt").write_bytes(b"Subject: x\n\n\xff\xfe")
    config = load_config()
    outcome = service.lint([str(good), str(tmp_path / "bad.txt")], config, make_settings(config))
    assert outcome.exit_code == 2
    assert [r.path for r in outcome.reports] == [str(good)]
    assert [e.render() for e in outcome.errors] == [
        f"{tmp_path / 'bad.txt'}:3:1: is not valid UTF-8 (save the file as UTF-8)"
    ]


def test_jobs_below_one_is_refused(tmp_path: Path) -> None:
    config = load_config()
    with pytest.raises(service.ReplykitError, match="--jobs must be 1 or more, not 0"):
        service.lint(["-"], config, make_settings(config), jobs=0)


def test_draft_lints_exactly_the_edited_text() -> None:
    config = load_config(EXAMPLE_CONFIG)
    library = service.open_library(None, config)
    seen: list[str] = []

    edited = (
        "Subject: Your refund\n\nHi Ana,\n\n"
        "Thanks for waiting. Refund XXX is done.\n\nBest regards,\nSam\n"
    )

    def edit(text: str) -> str:
        seen.append(text)
        return edited

    outcome = service.draft(
        service.DraftRequest(snippet="refund-issued", use_example=True), config, library, edit=edit
    )
    assert seen[0].startswith("Subject: Your refund for order A-1042\n\nHi Ana,\n")
    assert outcome.subject == "Your refund"
    assert (
        outcome.body == "Hi Ana,\n\nThanks for waiting. Refund XXX is done.\n\nBest regards,\nSam\n"
    )
    assert outcome.output == outcome.reply_text == edited
    assert outcome.exit_code == 1 and outcome.has_errors
    assert [(f.rule, f.line, f.column) for f in outcome.report.findings] == [("placeholder", 5, 28)]


def test_draft_json_and_body_only() -> None:
    config = load_config(EXAMPLE_CONFIG)
    library = service.open_library(None, config)
    plain = service.draft(
        service.DraftRequest(snippet="refund-issued", use_example=True, body_only=True),
        config,
        library,
    )
    assert plain.output == plain.body and not plain.output.startswith("Subject:")
    assert plain.exit_code == 0
    as_json = service.draft(
        service.DraftRequest(snippet="refund-issued", use_example=True, as_json=True),
        config,
        library,
    )
    data = json.loads(as_json.output)
    assert data == {
        "snippet": "billing/refund-issued",
        "subject": "Your refund for order A-1042",
        "body": plain.body,
    }


def test_check_library_outcome() -> None:
    config = load_config()
    outcome = service.check_library([DATA / "broken-library"], config, make_settings(config))
    assert outcome.exit_code == 1
    rules = {f.rule for r in outcome.reports for f in r.findings}
    assert {"front-matter", "template-syntax"} <= rules


def test_rules_catalogue_lists_every_rule_once() -> None:
    items = service.rules_catalogue()
    assert len({i["code"] for i in items}) == len(items) == len({i["name"] for i in items})
    placeholder = next(i for i in items if i["name"] == "placeholder")
    assert (placeholder["code"], placeholder["severity"]) == ("RK401", "error")


def test_grammar_is_on_for_a_batch_and_opt_in_for_one_reply(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(REPLY.replace("XXX ", "").replace("ships", "are shiped"))
    config = load_config()
    settings = make_settings(config)
    single = service.lint([str(tmp_path / "a.txt")], config, settings)
    assert single.notices[0].startswith("grammar and spelling are off for a single reply")
    assert [f.rule for f in single.reports[0].findings] == []
    batch = service.lint([str(tmp_path)], config, settings)
    assert batch.notices == []
    assert [[(f.rule, f.line, f.column, f.origin) for f in r.findings] for r in batch.reports] == [
        [("spelling", 5, 42, "harper:SpellCheck")]
    ] * 2
    chosen = service.GrammarRequest(engine="harper")
    single = service.lint([str(tmp_path / "a.txt")], config, settings, grammar=chosen)
    assert [f.origin for f in single.reports[0].findings] == ["harper:SpellCheck"]
