"""Clarity: readable text, short sentences and paragraphs, steps as a numbered list."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.text.gate import Lazy
from replykit.text.lexicon import tokenize
from replykit.text.reply import Reply

# "•" kept out of a class: 0.07 ms to compile, not 0.25
LIST_ITEM = Lazy(r"\s*(?:\d+[.)]|[-*]|•)\s")
STEP_WORD = Lazy(r"^(?:first|next|finally|now|please)\b\s*,?\s*", re.IGNORECASE)
# "\s+then" only from the start of a run of spaces, and the run taken whole: linear.
CLAUSE_SPLIT = Lazy(r"[.;!?]\s+|,\s*(?:and\s+)?then\s+|(?<!\s)\s++then\s+|,\s+and\s+|,\s+")


def _without_step_word(clause: str) -> str:
    found = STEP_WORD.match(clause)
    return clause[found.end() :] if found else clause


def count_words(text: str, start: int, end: int) -> int:
    r"""How many words ``text[start:end]`` holds (a span on token boundaries).

    A word is a token with a letter or digit in it: the regex
    ``[^\W_](?:[\w'’-]*[^\W_])?`` finds exactly one in each such token.
    """
    tokens = tokenize(text)
    low = bisect.bisect_left(tokens.starts, start)
    high = bisect.bisect_left(tokens.starts, end)
    totals = _words_before(text)
    return totals[high] - totals[low]


@lru_cache(maxsize=8)
def _words_before(text: str) -> list[int]:
    """How many of the tokens before each token are words: a span's count is one subtraction."""
    is_word = [bool(word.strip("'’-_")) for word in tokenize(text).words]
    return list(accumulate(is_word, initial=0))


def _prose_words(reply: Reply, start: int, end: int) -> int:
    """Words in a span, a link or an email address counted as one word, not one per path
    segment: ``https://example.com/help/billing/refunds`` is one thing to read."""
    count = count_words(reply.body, start, end)
    urls = reply.url_spans
    if not urls:
        return count
    index = max(0, urls.index_at(start))
    while index < len(urls) and urls[index][0] < end:
        url_start, url_end = urls[index]
        if url_end > start:
            inside = count_words(reply.body, max(start, url_start), min(end, url_end))
            count -= max(0, inside - 1)
        index += 1
    return count


@rule(
    "readability",
    "RK501",
    Severity.WARNING,
    "Hard to read: Flesch reading ease below 60 or Flesch-Kincaid grade above 8 "
    "(textstat's formulas).",
    bad="Subsequent to the aforementioned modification, reinitialisation of the "
    "application configuration necessitates administrative authorisation.",
    good="After this change, an admin needs to restart the app.",
)
def readability(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    from replykit.text.readability import scores

    prose = reply.prose
    figures = scores(prose)
    if figures.words < settings.threshold("readability_min_words"):
        return
    ease_min, grade_max = settings.threshold("reading_ease_min"), settings.threshold("grade_max")
    problems = []
    if figures.reading_ease < ease_min:
        problems.append(f"reading ease {figures.reading_ease:.0f} (aim for {ease_min:g} or more)")
    if figures.grade > grade_max:
        problems.append(f"grade {figures.grade:.1f} (aim for {grade_max:g} or less)")
    if problems and reply.paragraphs:
        start, _ = reply.paragraphs[0]
        end = reply.signature_start
        end = max(start, len(reply.body[:end].rstrip()))
        yield Hit(
            reply.body_start + start,
            reply.body_start + end,
            "hard to read: " + ", ".join(problems),
            "use shorter sentences and everyday words",
        )


@rule(
    "long-sentence",
    "RK502",
    Severity.WARNING,
    "A sentence over 25 words is hard to follow; split it.",
    bad="We have looked into the issue that you reported with the export and we think it is "
    "caused by the size of the file that you are trying to send to us today.",
    good="We looked into the export problem. The file is too large to send in one go.",
)
def long_sentence(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    limit = int(settings.threshold("long_sentence_words"))
    for start, end in reply.sentences:
        if start >= reply.signature_start:
            break
        count = _prose_words(reply, start, end)
        if count > limit:
            yield Hit(
                reply.body_start + start,
                reply.body_start + end,
                f"sentence of {count} words (over {limit})",
                "split it into two or three",
            )


@rule(
    "long-paragraph",
    "RK503",
    Severity.SUGGESTION,
    "A long paragraph is hard to scan in an email; keep paragraphs short.",
    bad="(one paragraph of seven sentences)",
    good="(two or three short paragraphs)",
)
def long_paragraph(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    max_words = int(settings.threshold("long_paragraph_words"))
    max_sentences = int(settings.threshold("long_paragraph_sentences"))
    for start, end in reply.paragraphs:
        text = reply.body[start:end]
        if LIST_ITEM.match(text):
            continue
        count = _prose_words(reply, start, end)
        n_sentences = reply.sentences.count_in(start, end)
        if count > max_words or n_sentences > max_sentences:
            line_end = reply.body.find("\n", start)
            line_end = end if line_end == -1 or line_end > end else line_end
            yield Hit(
                reply.body_start + start,
                reply.body_start + line_end,
                f"paragraph of {count} words and {n_sentences} sentences",
                "break it into shorter paragraphs",
            )


@rule(
    "steps",
    "RK504",
    Severity.SUGGESTION,
    "Three or more instructions in running prose read better as a numbered list; many "
    "steps are better served by a help-article link.",
    bad="Open Settings, then click Export, then choose CSV and press Download.",
    good="1. Open Settings.\n2. Click Export.\n3. Choose CSV and press Download.",
)
def steps(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
    verbs = settings.lexicon.pattern("instructions")
    in_prose, many = (
        int(settings.threshold("steps_in_prose")),
        int(settings.threshold("steps_for_article")),
    )
    list_items = sum(1 for _, line in reply.lines if LIST_ITEM.match(line))
    # each counted clause starts where an instruction may: too few, and no paragraph counts
    possible = len(verbs.candidates(reply.body))
    for start, end in reply.paragraphs if possible >= in_prose else ():
        text = reply.body[start:end]
        if LIST_ITEM.match(text):
            continue
        clauses = [c for c in CLAUSE_SPLIT.split(text) if c.strip()]
        count = sum(1 for c in clauses if verbs.match(_without_step_word(c.strip())))
        if count >= in_prose:
            yield Hit(
                reply.body_start + start,
                reply.body_start + start + len(text.split("\n")[0]),
                f"{count} instructions in running prose",
                "put the steps in a numbered list",
            )
    if list_items >= many and not reply.url_spans:
        first = next(o for o, line in reply.lines if LIST_ITEM.match(line))
        yield Hit(
            reply.body_start + first,
            reply.body_start + first,
            f"{list_items} steps and no help-article link",
            "link to a help article that shows the steps",
        )
