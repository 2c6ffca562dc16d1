"""The rule registry: every rule is a small function with a name, code and docs.

A rule yields Hits (offsets into the reply's text, a message, a suggestion); the engine
turns them into Findings with the severity in force. Rules never print or read files.
"""

from __future__ import annotations

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
