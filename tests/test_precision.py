"""One finding per span, inflected forms, and the suggestions that name what to change."""

from __future__ import annotations

import pytest
import snowballstemmer

from replykit.config import Config
from replykit.lint.engine import lint_text
from replykit.lint.settings import make_settings
from replykit.text.inflect import phrase_forms, word_forms
from replykit.text.slots import slot_compound

SETTINGS = make_settings(Config())


def findings(text: str, **kw) -> list[tuple[str, int, int, str | None]]:
    report = lint_text(text, "r.txt", SETTINGS, **kw)
    return [(f.rule, f.line, f.column, f.suggestion) for f in report.findings]


def rules_at(text: str, line: int) -> list[tuple[str, int]]:
    return [(rule, column) for rule, at, column, _ in findings(text) if at == line]


REPLY = "Subject: {subject}\n\nHi Ana,\n\n{body}\n\nBest regards,\nSam\n"


def test_a_slot_in_the_subject_is_one_placeholder_only() -> None:
    text = REPLY.format(subject="Your order ORDER_NUMBER", body="Thanks, it ships today.")
    assert rules_at(text, 1) == [("placeholder", 21)]


def test_a_bracketed_slot_in_capitals_is_not_also_shouting() -> None:
    text = REPLY.format(subject="Your order", body="Thanks. Order [ORDER-ID] ships TODAY.")
    assert rules_at(text, 5) == [("placeholder", 15), ("all-caps", 32)]


def test_sla_is_jargon_not_also_shouting() -> None:
    text = REPLY.format(
        subject="Our answer times", body="Thanks for asking. Our SLA is four hours."
    )
    assert rules_at(text, 5) == [("jargon", 24)]


def test_the_higher_severity_wins_a_shared_span() -> None:
    text = REPLY.format(subject="Your order", body="Thanks. We WON'T do it again.")
    assert rules_at(text, 5) == [("all-caps", 12)]


def test_a_shouting_subject_is_one_finding_with_a_calm_suggestion() -> None:
    text = REPLY.format(subject="WHY WAS YOUR ORDER LATE", body="Thanks, it ships today.")
    assert [f for f in findings(text) if f[1] == 1] == [
        ("subject-caps", 1, 10, "Why was your order late")
    ]


def test_the_customers_subject_after_re_is_not_the_agents_shouting() -> None:
    text = REPLY.format(subject="Re: WHY WAS I CHARGED TWICE???", body="Thanks, you were not.")
    assert rules_at(text, 1) == []


def test_suggestions_name_what_to_change() -> None:
    text = REPLY.format(
        subject="Information about the current status of the refund you asked us for",
        body="Thanks! It shipped today!!! It is is here.",
    )
    got = {rule: suggestion for rule, _, _, suggestion in findings(text)}
    assert got["punctuation-run"] == "use one ! or a full stop"
    assert got["repeated-word"] == "delete the second 'is'"
    assert got["subject-length"] == (
        'a phone shows only the first 30 characters; "status of the refund you asked us for" '
        "falls after them: put the key words first or shorten the subject"
    )
    assert "Information about the current" not in got["subject-length"]


def test_the_greeting_suggestion_uses_the_known_name() -> None:
    text = "Subject: Your refund\n\nThanks for writing.\n\nBest regards,\nSam\n"
    got = {r: s for r, _, _, s in findings(text, names=("Lee Okafor",))}
    assert got["greeting"] == "start with a greeting by name, e.g. 'Hi Lee,'"
    got = {r: s for r, _, _, s in findings(text)}
    assert got["greeting"] == "start with a greeting by the customer's name"


def test_a_full_name_flag_accepts_a_greeting_by_first_name() -> None:
    text = REPLY.format(subject="Your refund", body="Thanks, it is sent.")
    assert not [f for f in findings(text, names=("Ana Silva",)) if f[0] == "greeting"]


@pytest.mark.parametrize(
    "word",
    [
        "leverage",
        "utilize",
        "reach",
        "touch",
        "circle",
        "escalate",
        "deploy",
        "revert",
        "chat",
        "refuse",
        "incentivize",
        "synergize",
        "copy",
        "untie",
        "agree",
    ],
)
def test_every_inflected_form_has_the_stem_of_its_word(word: str) -> None:
    stemmer = snowballstemmer.stemmer("english")
    forms = word_forms(word)
    assert len(forms) == 4 and forms[0] == word
    assert {stemmer.stemWord(f) for f in forms} == {stemmer.stemWord(word)}, forms


def test_inflection_leaves_short_words_and_forms_alone() -> None:
    assert word_forms("as") == ["as"] and word_forms("SLA") == ["SLA"]
    assert word_forms("deployed") == ["deployed"] and word_forms("can't") == ["can't"]
    assert phrase_forms("circle back") == [
        "circle back",
        "circles back",
        "circled back",
        "circling back",
        "circle backs",
    ]


def test_slot_words_run_together() -> None:
    assert slot_compound("ORDERID") and slot_compound("TICKETNUMBER")
    assert slot_compound("ORGNAME") and slot_compound("YOURNAME")
    assert not slot_compound("ORDER") and not slot_compound("NOTE")
    assert not slot_compound("DELAYED") and not slot_compound("IDEA")
