"""Grammar and spelling offline, in process: Harper (Automattic's Rust checker) through
harper-py.

Harper reads the reply as plain text. What is not the agent's prose is masked first,
character for character, so every offset still points at the file: quoted text, the
header block (only the subject is read), the signature, URLs and e-mail addresses,
placeholders, @handles, ids such as ``INV-2201`` and runs too long to be words. A
masked span becomes private-use characters Harper skips as unknown tokens (spaces would
trip its spacing rules; its ``regex_mask`` joins the text around a mask, which does too),
and Harper's findings on masked spans are dropped. Harper's spans are in code points,
which are Python string indices, accents and emoji included.

Building the linter costs about a second and 150 MB, so it is built only when grammar
runs, once per process, and kept: a streamed batch asks it once per reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any

from replykit.grammar.common import (
    GrammarMatch,
    Sent,
    add_engine_findings,
    add_matches,
    known_set,
    text_to_send,
    unavailable_finding,
)
from replykit.grammar.settings import HARPER_DIALECTS, GrammarSettings
from replykit.text.reply import URL, Reply

if TYPE_CHECKING:
    from replykit.models import FileReport, Finding
    from replykit.text.lexicon import Lexicon

# Off by default: rules written for Markdown documents that only make noise in a
# plain-text email, or that repeat what a built-in rule already says with its own
# thresholds. ``[grammar] enabled_rules`` turns one back on.
PLAIN_TEXT_OFF = {
    "UseEllipsisCharacter": "'...' is how plain-text mail writes an ellipsis",
    "Dashes": "'--' is plain text's dash, and '-- ' opens a signature",
    "UseTitleCase": "subjects and headings are in sentence case in support mail",
    "NoFrenchSpaces": "two spaces after a full stop: the built-in spacing rule",
    "Spaces": "runs of spaces: the built-in spacing rule",
    "SentenceCapitalization": "lists, greetings and templates start lowercase on purpose",
    "LongSentences": "the built-in long-sentence rule, with the team's threshold",
    "ExpandMemoryShorthands": "GB, MB: product units, not shorthand",
    "AsSoonAsPossible": "ASAP: the built-in jargon list decides",
    "ExpandTimeShorthands": "hr, min: product units",
    "BoringWords": "style, not correctness",
    "AvoidAndAlso": "style, not correctness: 'and also' is fine in a reply",
}
# A Harper rule whose match on the same span a built-in finding already reports.
SAME_AS_BUILTIN = {
    "RepeatedWords": "repeated-word",
    "Spaces": "spacing",
    "NoFrenchSpaces": "spacing",
    "LongSentences": "long-sentence",
    "CommaFixes": "spacing",
}
# Rules whose single suggestion --fix applies: the fix is certain. A doubled word is the
# built-in repeated-word rule's to fix (it leaves "Bora Bora" and "what it is is" alone).
SAFE_FIXES = {
    "AnA": "a/an before a vowel or consonant sound",
    "CorrectNumberSuffix": "1th -> 1st",
    "CapitalizePersonalPronouns": "i -> I",
}
MASK = "\ue000"
# Not prose: @handles, ids with letters and digits (INV-2201, xyz789, SAVE20), but not
# ordinals and units (2nd, 1th, 3pm), which Harper reads right.
HANDLE = re.compile(r"(?<![\w.@])@\w{1,40}")
ID = re.compile(
    r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])(?!\d+[^\W\d_]{1,2}(?![\w-]))"
    r"\w+(?:[-/#.]\w+)*(?<![.])"
)
# Not words either: a run of 41 or more characters without a space (no English word is
# that long, and Harper's spelling suggestions grow with the square of a word's length:
# a 100,000-letter "word" makes it ask for 30 GB and abort the process).
LONG_RUN = re.compile(r"\S{41,}")
MAX_CHARS = 20_000  # about 3,500 words: beyond this a "reply" is a log or a paste, not read
SHORT_MASK = 12
WORD = re.compile(r"[^\W\d_][\w'’]*")  # Harper splits "Okafor-Silva" at the hyphen

_linters: dict[str, _Loaded] = {}


class HarperUnavailable(Exception):
    """harper-py is not installed, or its linter cannot be built on this platform."""


# --------------------------------------------------------------------------- text


def masked_text(reply: Reply) -> Sent:
    """The subject and the agent's prose, with everything that is not prose masked."""
    sent = text_to_send(reply, body_end=reply.signature_start)
    text = sent.text[:MAX_CHARS]
    spans: list[tuple[int, int]] = []
    from replykit.text.slots import find_slots

    spans.extend(m.span() for m in URL.finditer(text))
    spans.extend(find_slots(text))  # every slot family, not only the bracketed ones
    if "@" in text:
        spans.extend(m.span() for m in HANDLE.finditer(text))
    spans.extend(m.span() for m in ID.finditer(text))
    spans.extend(m.span() for m in LONG_RUN.finditer(text))
    if not spans:
        return Sent(text, sent.starts, sent.file_starts)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    chars = list(text)
    for start, end in merged:
        for index in range(start, end):
            if chars[index] != "\n":
                # a short span is one unknown token; a long one is two around spaces,
                # since Harper's time grows with the length of a run it cannot read
                edge = index in (start, end - 1) or end - start <= SHORT_MASK
                chars[index] = MASK if edge else " "
    return Sent("".join(chars), sent.starts, sent.file_starts, merged)


def name_words(names: Iterable[str]) -> list[str]:
    """Names and team words as the single words Harper's dictionary holds."""
    words: set[str] = set()
    for name in names:
        words.update(WORD.findall(str(name)))
    return sorted(words)


# --------------------------------------------------------------------------- the linter


def rule_config(settings: GrammarSettings, defaults: dict[str, bool]) -> dict[str, bool | None]:
    """Harper's defaults, the plain-text rules off, then the team's choices."""
    config: dict[str, bool | None] = dict.fromkeys(defaults)
    for name in PLAIN_TEXT_OFF:
        if name in config:
            config[name] = False
    for name in settings.disabled_rules:
        if name in config:
            config[name] = False
    for name in settings.enabled_rules:
        if name in config:
            config[name] = True
    return config


def load_linter(settings: GrammarSettings, words: list[str]) -> Any:
    """One linter per dialect and process, set to this run's rules and words."""
    dialect = HARPER_DIALECTS.get(settings.language)
    if dialect is None:
        raise HarperUnavailable(
            f"Harper checks English only (en-US, en-GB, en-CA, en-AU), not {settings.language}"
        )
    loaded = _linters.get(dialect)
    if loaded is None:
        try:
            import harper

            glibc_malloc_for_harper(before=True)
            linter = harper.Linter(getattr(harper.Dialect, dialect))
            defaults = linter.get_default_lint_config()
            glibc_malloc_for_harper(before=False)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # ImportError, no wheel for the platform, a Rust panic
            reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
            raise HarperUnavailable(
                f"the Harper engine cannot be loaded ({type(exc).__name__}"
                + (f": {reason})" if reason else ")")
            ) from None
        loaded = _linters[dialect] = _Loaded(linter, defaults)
    _check_enabled_rules(settings, loaded.defaults)
    # Setting rules or words costs 25-30 ms each: a streamed batch asks once per reply.
    config = rule_config(settings, loaded.defaults)
    if config != loaded.config:
        loaded.linter.set_lint_config(config)
        loaded.config = config
    if words != loaded.words:
        loaded.linter.clear_words()
        loaded.linter.import_words(words)
        loaded.words = list(words)
    return loaded.linter


def glibc_malloc_for_harper(*, before: bool) -> None:
    """Keep Harper's memory from staying in glibc's heap after it is freed (glibc only,
    never fatal; other C libraries and platforms are left as they are).

    Harper (Rust, on glibc's malloc) builds its dictionary, and later, the first time an
    unknown word has no close match (the benchmark's ten keys typed into one word), a
    bigger spelling automaton (1-2 s, +30-55 MiB), through large temporary buffers.
    glibc raises its mmap threshold each time such a block is freed, so the next ones
    land in the heap and stay resident. ``before`` the linter is built the threshold
    is fixed at 128 KiB (large blocks are mapped, and unmapped when freed); after it,
    ``malloc_trim`` hands back what the build left free.

    Measured with tests/benchmark_lsp.py (grammar part, 2 cores): the server's peak with
    Harper fell from 263 MiB to 208-222 MiB (Harper's load alone: 163 -> 141 MiB), and
    its resident size after Harper's warm-up from 181-188 to 168-171 MiB; Harper's
    re-lint stayed at 17-19 ms.
    """
    import os

    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        if before:
            libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD (fixed: no longer raised)
        else:
            libc.malloc_trim(0)
    except (AttributeError, OSError, ValueError):  # no glibc, no ctypes, no libc.so.6
        return


@dataclass(slots=True)
class _Loaded:
    """A built linter, its default rules, and the rules and words it is set to now."""

    linter: Any
    defaults: dict[str, bool]
    config: dict[str, bool | None] | None = None
    words: list[str] = dataclass_field(default_factory=list)


def _check_enabled_rules(settings: GrammarSettings, known: dict[str, bool]) -> None:
    """``enabled_rules`` is Harper's alone, so a name it does not know is a typo."""
    for name in settings.enabled_rules:
        if name not in known:
            import difflib

            from replykit.errors import ConfigError

            close = difflib.get_close_matches(name, list(known), n=3)
            raise ConfigError(
                f"unknown Harper rule '{name}' in grammar.enabled_rules",
                path=settings.source,
                hint=f"did you mean {', '.join(close)}?" if close else "see README: Grammar",
            )


def _suggestion_text(problem: str, suggestion: Any) -> str:
    kind = int(suggestion.kind)
    if kind == 1:  # REMOVE
        return ""
    if kind == 2:  # INSERT_AFTER
        return problem + suggestion.replacement_text
    return suggestion.replacement_text


def harper_matches(
    linter: Any, text: str, masked: list[tuple[int, int]] | None = None
) -> list[GrammarMatch]:
    """Harper's lints for one masked text, with the rule that made each; none that
    touches a masked span."""
    import bisect

    masked = masked or []
    starts = [start for start, _ in masked]
    matches = []
    try:
        organized = linter.organized_lints(text, language="plaintext")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a panic inside Harper is PanicException, a BaseException
        raise HarperUnavailable(f"Harper failed ({type(exc).__name__}: {exc})"[:300]) from None
    for rule, lints in organized.items():
        for lint in lints:
            start, end = lint.span.start, lint.span.end
            if end <= start:
                continue
            index = bisect.bisect_left(starts, end) - 1
            if index >= 0 and masked[index][1] > start:
                continue
            problem = text[start:end]
            replacements = [_suggestion_text(problem, s) for s in lint.suggestions]
            matches.append(
                GrammarMatch(
                    start,
                    end,
                    rule,
                    "misspelling" if lint.lint_kind == "Spelling" else str(lint.lint_kind),
                    lint.message,
                    replacements,
                )
            )
    matches.sort(key=lambda m: (m.start, m.end, m.rule_id))
    return matches


def check_texts(
    sents: list[Sent], settings: GrammarSettings, words: list[str], *, jobs: int | None = None
) -> list[list[GrammarMatch]]:
    """Matches for each masked text, with this process's linter (built on first use).

    ``jobs`` is accepted for the engines' common signature; a batch is streamed through
    one linter (its second of load and 150 MiB are paid once, not once per core).
    """
    linter = load_linter(settings, words)
    return [harper_matches(linter, s.text, s.masked) for s in sents]


# --------------------------------------------------------------------------- findings

UNAVAILABLE_HINT = (
    "reinstall replykit (pip install --force-reinstall harper-py), or choose "
    '[grammar] engine = "languagetool" or "off"'
)


def known_words(settings: GrammarSettings, names: Iterable[str]) -> tuple[list[str], set[str]]:
    """The words to add to Harper's dictionary, and every known word lower-cased."""
    words = name_words([*settings.words, *names])
    return words, known_set([*settings.words, *names])


def add_harper_findings(
    reports: list[FileReport],
    settings: GrammarSettings,
    *,
    names: tuple[str, ...] = (),
    tone: str = "casual",
    subject: str | None = None,
    lexicon: Lexicon | None = None,
    jobs: int | None = None,
) -> None:
    """Add ``grammar``/``spelling`` findings to each report, or one ``grammar-unavailable``."""
    words, known = known_words(settings, names)
    add_engine_findings(
        reports,
        engine="harper",
        prepare=masked_text,
        check=lambda sent: check_texts(sent, settings, words, jobs=jobs),
        unavailable=HarperUnavailable,
        hint=UNAVAILABLE_HINT,
        required=settings.required,
        known=known,
        names=names,
        tone=tone,
        subject=subject,
        lexicon=lexicon,
        same_as_builtin=SAME_AS_BUILTIN,
        skip_known=True,
        skip_same_span=True,
    )


def reply_checker(
    settings: GrammarSettings,
) -> Callable[[Reply, list[Finding], tuple[str, ...]], list[Finding]]:
    """For ``check``: a function giving one parsed reply's grammar findings (after its
    built-in ``findings``, given the names in it); the first failure to load becomes
    its only finding."""
    from replykit.models import FileReport

    failed: list[str] = []

    def check(reply: Reply, findings: list[Finding], names: tuple[str, ...]) -> list[Finding]:
        if failed:
            return []
        report = FileReport(reply.path, list(findings), text=reply.text)
        # the dictionary keeps the team's words; each snippet's names are only filtered,
        # since changing Harper's dictionary costs 25-30 ms
        words = name_words(settings.words)
        known = known_set([*settings.words, *names, *reply.customer_names])
        sent = masked_text(reply)
        try:
            matches = check_texts([sent], settings, words, jobs=1)[0]
        except HarperUnavailable as exc:
            failed.append(str(exc))
            return [
                unavailable_finding(
                    str(exc), UNAVAILABLE_HINT, required=settings.required, engine="harper"
                )
            ]
        add_matches(
            report,
            reply,
            sent,
            matches,
            known=known,
            engine="harper",
            same_as_builtin=SAME_AS_BUILTIN,
            skip_known=True,
            skip_same_span=True,
        )
        return [f for f in report.findings if f.origin.startswith("harper:")]

    return check


def certain_fixes(
    reply: Reply, settings: GrammarSettings, names: tuple[str, ...] = ()
) -> list[tuple[int, int, str]]:
    """``--fix``: (start, end, replacement) in file offsets, for a safe rule's only
    suggestion; nothing when Harper cannot be loaded (lint then says why)."""
    words, _ = known_words(settings, names)
    sent = masked_text(reply)
    try:
        matches = check_texts([sent], settings, words, jobs=1)[0]
    except HarperUnavailable:
        return []
    edits = []
    for match in matches:
        if match.rule_id not in SAFE_FIXES or len(match.replacements) != 1:
            continue
        problem = sent.text[match.start : match.end]
        start = sent.to_file(match.start)
        end = sent.to_file(match.end - 1) + 1
        if reply.text[start:end] == problem:
            edits.append((start, end, match.replacements[0]))
    return edits
