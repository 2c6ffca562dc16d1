"""The evaluation set: no rule's precision or recall falls below its recorded figure."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "eval"))
import evaluate

RESULT = evaluate.evaluate()
FLOORS = evaluate.floors()


def test_the_set_is_large_enough_and_has_clean_replies() -> None:
    files = list(evaluate.REPLIES.glob("*.txt"))
    assert len(files) >= 150
    assert RESULT.clean >= 50


def test_clean_replies_get_no_warning_or_error() -> None:
    assert RESULT.clean_alarms == 0, evaluate.table(RESULT)


def test_every_slot_is_caught_and_nothing_else_is() -> None:
    placeholder = RESULT.scores["placeholder"]
    assert placeholder.expected >= 45
    assert (placeholder.precision, placeholder.recall) == (1.0, 1.0), [
        *[m for m in RESULT.missed if m[1] == "placeholder"],
        *[u for u in RESULT.unexpected if u[1] == "placeholder"],
    ]


def test_every_rule_found_has_a_recorded_floor() -> None:
    assert set(RESULT.scores) <= set(FLOORS), "add the new rules to tests/eval/floors.toml"


@pytest.mark.parametrize("rule", sorted(FLOORS))
def test_rule_keeps_its_precision_and_recall(rule: str) -> None:
    score = RESULT.scores.get(rule, evaluate.Score())
    floor = FLOORS[rule]
    details = [m for m in RESULT.missed if m[1] == rule] + [
        u for u in RESULT.unexpected if u[1] == rule
    ]
    assert round(score.precision, 2) >= floor["precision"], details
    assert round(score.recall, 2) >= floor["recall"], details
