"""The rule registry: every rule is a small function with a name, code and docs.

A rule yields Hits (offsets into the reply's text, a message, a suggestion); the engine
turns them into Findings with the severity in force. Rules never print or read files.
"""

import bisect
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple

from replykit.lint.settings import LintSettings
from replykit.models import Severity

if TYPE_CHECKING:
    from replykit.text.reply import Reply

RULE_MODULES = (
    "subject",
    "shouting",
    "tone",
    "personal",
    "clarity",
    "proofreading",
    "external",
    "library",
)


class Hit(NamedTuple):
    """A rule's raw result: absolute offsets into the reply's text."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    fix: str | None = None  # a replacement that --fix may apply: certain, never a guess


Check = Callable[["Reply", LintSettings], Iterable[Hit]]


class Rule(NamedTuple):
    name: str
    code: str
    severity: Severity
    summary: str
    bad: str
    good: str
    check: Check | None = None  # None: the findings come from elsewhere (LanguageTool)
    default_enabled: bool = True


_REGISTRY: dict[str, Rule] = {}


def rule(
    name: str,
    code: str,
    severity: Severity,
    summary: str,
    *,
    bad: str,
    good: str,
    default_enabled: bool = True,
) -> Callable[[Check], Check]:
    """Register ``check`` as rule ``name``; ``bad``/``good`` are the documented examples."""

    def register(check: Check) -> Check:
        _REGISTRY[name] = Rule(name, code, severity, summary, bad, good, check, default_enabled)
        return check

    return register


def external_rule(
    name: str, code: str, severity: Severity, summary: str, *, bad: str, good: str
) -> None:
    _REGISTRY[name] = Rule(name, code, severity, summary, bad, good, None)


_loaded = False


def all_rules() -> dict[str, Rule]:
    """Every rule, in ``RULE_MODULES`` order (importing one rule module alone registers
    only its own rules, so the flag, not the registry, says whether all are in)."""
    global _loaded
    if not _loaded:
        for module in RULE_MODULES:
            import_module(f"replykit.rules.{module}")
        _loaded = True
    return _REGISTRY


# Rules that report a span of words or symbols, most specific first: when two of them
# find the same span (or overlapping ones), only the first reports it, so a slot is one
# placeholder and not also all-caps and subject-caps, and SLA is jargon, not shouting too.
SPAN_PRECEDENCE = (
    "placeholder",
    "markup",
    "emoji",
    "profanity",
    "promotion",
    "stock-phrase",
    "generic-apology",
    "condescension",
    "slang",
    "jargon",
    "negative-wording",
    "tone",
    "punctuation-typo",
    "punctuation-run",
    "repeated-word",
    "spacing",
    "all-caps",
    "subject-caps",
    "subject-punctuation",
    "exclamation",
)
_RANK = {name: rank for rank, name in enumerate(SPAN_PRECEDENCE)}


def checked_hits(
    reply: "Reply", settings: LintSettings, rules: dict[str, Rule] | None = None
) -> list[tuple[str, Rule, Hit]]:
    """Every enabled rule's hits, each span reported once: by the rule of the highest
    severity in force, then the most specific (a shouted WON'T is shouting, a warning,
    before it is negative wording, a suggestion)."""
    found: list[tuple[str, Rule, Hit]] = []
    for name, item in (rules or all_rules()).items():
        if item.check is None or name in settings.disabled:
            continue
        found.extend((name, item, hit) for hit in item.check(reply, settings))
    by_rank: dict[tuple[int, int], list[int]] = {}
    for index, (name, item, hit) in enumerate(found):
        if name in _RANK and hit.end > hit.start:
            severity = settings.severities.get(name, item.severity)
            by_rank.setdefault((-severity, _RANK[name]), []).append(index)
    if len(by_rank) < 2:
        return found
    dropped: set[int] = set()
    taken: list[tuple[int, int]] = []  # merged spans the more specific rules reported
    for rank in sorted(by_rank):
        kept = []
        for index in by_rank[rank]:
            hit = found[index][2]
            if _overlaps(taken, hit.start, hit.end):
                dropped.add(index)
            else:
                kept.append((hit.start, hit.end))
        taken = _merged(taken + kept)
    return [entry for index, entry in enumerate(found) if index not in dropped]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _overlaps(merged: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_left(merged, (end,)) - 1
    return index >= 0 and merged[index][1] > start
