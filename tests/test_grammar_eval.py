"""The evaluation set (tests/data/grammar_eval.toml) through replykit's grammar path:
no false finding on clean support text by default, and the common errors caught."""

from __future__ import annotations

import grammar_eval
from lt_server import FakeLanguageTool


def test_the_set_is_big_enough() -> None:
    errors, clean = grammar_eval.load_set()
    assert len(errors) >= 60 and len(clean) >= 60
    assert all(e["expect"] in e["text"] for e in errors)


def test_harper_has_no_false_finding_on_clean_text_and_catches_most_errors() -> None:
    score = grammar_eval.score("harper")
    assert score.unavailable == ""
    assert score.false == []
    assert score.recall >= 0.85, score.misses


def test_languagetool_path_has_no_false_finding_on_clean_text() -> None:
    with FakeLanguageTool() as server:
        score = grammar_eval.score("languagetool", server.url)
    assert score.unavailable == ""
    assert score.false == []
    assert score.hits == 2  # the loopback server knows "He go" and doubled words only
