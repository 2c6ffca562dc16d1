"""Every rule against its table of failing and passing replies (tests/data/rule_cases.toml)."""

from __future__ import annotations

import tomllib

import pytest
from conftest import DATA

from replykit.config import Config
from replykit.lint.engine import lint_text
from replykit.lint.fix import fix_text
from replykit.lint.settings import make_settings
from replykit.rules import all_rules

CASES = tomllib.loads((DATA / "rule_cases.toml").read_text(encoding="utf-8"))
CHECKED_RULES = sorted(name for name, r in all_rules().items() if r.check is not None)


def only(rule: str):
    return make_settings(Config(), disable=[n for n in all_rules() if n != rule])


def lint_only(rule: str, case: dict) -> list[tuple[int, int]]:
    settings = only(rule)
    report = lint_text(
        case["text"],
        "case.txt",
        settings,
        subject=case.get("subject", "Your refund for order A-1042"),
        names=tuple(case.get("names", ())),
        tone=case.get("tone", "casual"),
    )
    assert all(f.rule == rule for f in report.findings)
    return [(f.line, f.column) for f in report.findings]


def _params(kind: str) -> list:
    return [
        pytest.param(rule, case, id=f"{rule}-{kind}-{i}")
        for rule, table in CASES.items()
        for i, case in enumerate(table.get(kind, []))
    ]


@pytest.mark.parametrize(("rule", "case"), _params("fail"))
def test_rule_finds_exactly(rule: str, case: dict) -> None:
    assert lint_only(rule, case) == [tuple(p) for p in case["at"]]


@pytest.mark.parametrize(("rule", "case"), [p for p in _params("fail") if "fix" in p.values[1]])
def test_rule_fixes_exactly(rule: str, case: dict) -> None:
    """The text after --fix with only this rule on, and nothing left to fix after it."""
    options = {
        "subject": case.get("subject", "Your refund for order A-1042"),
        "names": tuple(case.get("names", ())),
        "tone": case.get("tone", "casual"),
    }
    fixed, count = fix_text(case["text"], only(rule), **options)
    assert fixed == case["fix"]
    assert (count > 0) == (fixed != case["text"])  # fix = text: reported, never fixed
    assert fix_text(fixed, only(rule), **options) == (fixed, 0)


def test_some_cases_check_their_fix() -> None:
    assert len([p for p in _params("fail") if "fix" in p.values[1]]) >= 4


@pytest.mark.parametrize(("rule", "case"), _params("pass"))
def test_rule_passes(rule: str, case: dict) -> None:
    assert lint_only(rule, case) == []


@pytest.mark.parametrize("rule", CHECKED_RULES)
def test_every_rule_has_cases_and_docs(rule: str) -> None:
    table = CASES.get(rule, {})
    assert table.get("fail") and table.get("pass"), f"{rule} needs failing and passing cases"
    item = all_rules()[rule]
    assert item.summary and item.bad and item.good and item.code.startswith("RK")


def test_codes_and_names_are_unique() -> None:
    codes = [r.code for r in all_rules().values()]
    assert len(codes) == len(set(codes))


def test_case_file_names_only_real_rules() -> None:
    assert set(CASES) <= set(all_rules())
