"""The fast paths give the answers of the plain regexes they stand in for."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replykit.rules import all_rules, clarity, proofreading, shouting, subject, tone
from replykit.text import slots
from replykit.text.gate import Gated
from replykit.text.lexicon import TOKEN, PhraseMatcher, tokenize
from replykit.text.reply import URL, Spans, parse_reply

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VOCABULARY = ["we", "will", "get", "back", "to", "you", "soon", "ASAP", "it's", "it’s", "re-open"]
SEPARATORS = [" ", "  ", "\n", "\t", ", ", ". ", "-", "'", "’", "/", "!", "(", "_"]
token_text = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), max_size=25
).map(lambda pairs: "".join(w + s for w, s in pairs))

WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")  # what a word is, as a regex
TERMS = ["soon", "get back to you", "we will get back", "asap", "it's", "re-open", "back to"]


def reference(terms: list[str]) -> re.Pattern[str]:
    """The one-alternation regex the matcher replaced: whole words, any space, ' or ’."""
    unique = sorted({t.lower() for t in terms}, key=lambda t: (-len(t), t))
    parts = [re.sub(r"['’]", "['’]", re.escape(t)).replace(r"\ ", r"\s+") for t in unique]
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(parts) + r")(?![\w'’-])", re.IGNORECASE)


@FAST
@given(text=token_text)
def test_phrase_matcher_finds_what_the_alternation_finds(text: str) -> None:
    matcher, oracle = PhraseMatcher(TERMS), reference(TERMS)
    assert [m.span() for m in matcher.finditer(text)] == [m.span() for m in oracle.finditer(text)]
    found = matcher.match(text)
    expected = oracle.match(text)
    assert (found.span() if found else None) == (expected.span() if expected else None)


def test_phrase_matcher_examples() -> None:
    matcher = PhraseMatcher(["get back to you", "soon", "dear sir/madam", "dear sir"])
    text = "We'll GET back\nto you soon. Dear Sir/Madam, dear sir"
    assert [m.group() for m in matcher.finditer(text)] == [
        "GET back\nto you",
        "soon",
        "Dear Sir/Madam",
        "dear sir",
    ]
    assert matcher.match("Soon-ish") is None
    assert PhraseMatcher(["thank"], prefix=True).match("Thanks, Ana").group() == "Thanks"


@FAST
@given(text=st.text(max_size=80))
def test_tokenize_agrees_with_the_token_regex(text: str) -> None:
    tokens = tokenize(text)
    spans = [m.span() for m in TOKEN.finditer(text)]
    assert list(zip(tokens.starts, tokens.ends, strict=True)) == spans
    assert tokens.words == [text[a:b].lower().replace("’", "'") for a, b in spans]
    for word, indexes in tokens.positions.items():
        assert all(tokens.words[i] == word for i in indexes)


def test_tokens_fold_letters_whose_lower_case_is_longer() -> None:
    tokens = tokenize("İstanbul ASAP")
    assert tokens.words[1] == "asap" and tokens.starts == [0, 9] and tokens.ends == [8, 13]


reply_text = st.lists(
    st.sampled_from(
        [
            "Hi Ana,",
            "Open Settings",
            "then click Save",
            "1. Open it",
            "- done",
            "'tis",
            "--",
            "_x_",
            "A-1",
            "e.g.",
            "ok!",
            "Why?",
            "it's",
            "\n",
            "\n\n",
            " ",
            ", ",
            ". ",
        ]
    ),
    max_size=40,
).map("".join)


@FAST
@given(body=reply_text)
def test_word_counts_from_tokens_equal_the_word_regex(body: str) -> None:
    reply = parse_reply("Subject: Hi\n\n" + body, "x.txt")
    for start, end in [*reply.sentences, *reply.paragraphs]:
        expected = len(WORD.findall(reply.body[start:end]))
        assert clarity.count_words(reply.body, start, end) == expected


GATED = {
    "slot braces": slots.BRACES,
    "slot brackets": slots.BRACKETS,
    "slot angles": slots.ANGLES,
    "merge tags": slots.MERGE_TAGS,
    "masks": slots.MASKS,
    "slot words": slots.CAPS_TOKEN,
    "choices": slots.ALTERNATIVES,
    "empty number": slots.EMPTY_NUMBER,
    "caps": shouting.CAPS_WORD,
    "subject caps": subject.CAPS_WORD,
    "subject punctuation": subject.SUBJECT_PUNCTUATION,
    "lone !": shouting.LONE_EXCLAMATION,
    "punctuation run": shouting.PUNCTUATION_RUN,
    "double space": proofreading.DOUBLE_SPACE,
    "space before": proofreading.SPACE_BEFORE,
    "html": proofreading.HTML_TAG,
    "markdown": proofreading.MARKDOWN,
    "emoji": tone.EMOJI,
    "promo code": tone.PROMO_CODE,
    "url": URL,
}
RISKY_PIECES = [
    *"aAbBxXDTO3%$<>{}[]()*_#`!?.,…:;=^'’-&@/ \t\n",
    *["code", "COUPON", "TODO", "🙂", "https://", "www.", ".com"],
    *["ORDER", "ID", "NAME", "_", "order ", "(", ")", ",", "/", "he", "XX", "NNN", "|"],
    *["N", "x", "£", "€", "I’M", "FIXME", "TBD", "%s", "__"],
]
risky = st.lists(st.sampled_from(RISKY_PIECES), max_size=60).map("".join)


@pytest.mark.parametrize("name", sorted(GATED))
def test_gates_are_valid_on_the_rules_examples(name: str) -> None:
    gated = GATED[name]
    for rule in all_rules().values():
        for text in (rule.bad, rule.good):
            if text and gated.pattern.search(text):
                assert gated.could_match(text), (name, text)


@FAST
@given(text=risky)
def test_a_gate_never_hides_a_match(text: str) -> None:
    for name, gated in GATED.items():
        assert isinstance(gated, Gated)
        if gated.pattern.search(text):
            assert gated.could_match(text), name
            assert [m.span() for m in gated.finditer(text)] == [
                m.span() for m in gated.pattern.finditer(text)
            ]


@FAST
@given(text=token_text)
def test_twin_tokens_precede_every_repeated_word(text: str) -> None:
    if proofreading.REPEATED.pattern.search(text):
        assert proofreading._twin_tokens(text)
        assert proofreading.REPEATED.could_match(text)


@FAST
@given(
    cuts=st.lists(st.integers(0, 60), max_size=12, unique=True),
    start=st.integers(0, 60),
    width=st.integers(0, 10),
)
def test_spans_answer_as_a_scan_does(cuts: list[int], start: int, width: int) -> None:
    points = sorted(cuts)
    spans = list(zip(points[0::2], points[1::2], strict=False))
    end = start + width
    found = Spans(spans)
    assert found.overlaps(start, end) == any(s < end and start < e for s, e in spans)
    assert found.contains(start, end) == any(s <= start and end <= e for s, e in spans)
    assert found.count_in(start, end) == sum(1 for s, _ in spans if start <= s < end)
    before = [i for i, (s, _) in enumerate(spans) if s <= start]
    assert found.index_at(start) == (before[-1] if before else -1)


def test_packaged_phrase_matchers_are_what_the_lists_build() -> None:
    """The matchers shipped with the wheel equal the ones built from today's lists."""
    from replykit.text import tables
    from replykit.text.lexicon import ALL_LISTS, Lexicon, PhraseMatcher

    shipped = tables._matchers()
    assert shipped, "replykit/_tables/matchers.marshal is missing or stale"
    fresh = Lexicon()
    fresh.extended = set(ALL_LISTS)  # build every list here, from the words
    for (name, prefix), state in shipped.items():
        assert PhraseMatcher.from_state(state).state() == fresh.pattern(name, prefix=prefix).state()


@settings(max_examples=500, deadline=None)
@given(
    line=st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "-----Original Message-----",
                "Begin forwarded message:",
                "Début du message réexpédié :",
                "________________________________",
                "From: Ana Silva <ana@example.com>",
                "*Von:* Ana",
                "Enviado em: segunda",
                "##- Please type your reply above this line -##",
                "From: a Sent: b To: c Subject: d",
            ]
        ),
    )
)
def test_the_history_gate_never_stops_a_marker_line(line: str) -> None:
    """The cheap look before the marker patterns lets through every line they match."""
    from replykit.text import quotes

    line = line.replace("\n", " ").replace("\r", " ")
    matched = (
        quotes.HISTORY_MARKER.fullmatch(line)
        or quotes.HELPDESK_MARKER.fullmatch(line.strip())
        or quotes.RULE_LINE.fullmatch(line)
        or quotes.OUTLOOK_FROM.fullmatch(line)
        or quotes.OUTLOOK_OTHER.fullmatch(line)
        or len({m.lower() for m in quotes.INLINE_HEADER.findall(line)}) >= 3
    )
    if matched:
        assert quotes._could_start_history(line)
