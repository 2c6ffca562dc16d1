"""Rules that are only a word list, declared in ``data/list_rules.toml``, not in Python.

Adding such a rule is a table in that file and a list in ``words.toml``; this module
turns each table into a registered rule that reports every match outside URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from replykit.models import Severity
from replykit.rules import Hit, LintSettings, rule
from replykit.text.reply import Reply, Spans


def _norm(found: str) -> str:
    return found.lower().replace("’", "'")


def _safe_fix(settings: LintSettings, found: str) -> str | None:
    replacement = settings.lexicon.table("safe_fixes").get(_norm(found))
    if replacement is None:
        return None
    return replacement[:1].upper() + replacement[1:] if found[:1].isupper() else replacement


def list_check(spec: dict[str, Any]) -> Callable[[Reply, LintSettings], Iterator[Hit]]:
    """The check for one declared list rule."""
    list_name, unless = spec["list"], spec.get("unless")
    message, fixed = spec["message"], spec.get("suggestion")

    def check(reply: Reply, settings: LintSettings) -> Iterator[Hit]:
        lexicon = settings.lexicon
        matches = list(lexicon.pattern(list_name).finditer(reply.body))
        if not matches:
            return
        table = lexicon.table(list_name) if fixed is None else {}
        cancelled = (
            Spans(m.span() for m in lexicon.pattern(unless).finditer(reply.body))
            if unless
            else Spans()
        )
        for match in matches:
            span = match.span()
            if reply.in_url(*span) or cancelled.contains(*span):
                continue
            found = match.group()
            hint = (
                fixed
                if fixed is not None
                else " ".join(table.get(_norm(" ".join(found.split())), "").split())
            )
            yield Hit(
                reply.body_start + span[0],
                reply.body_start + span[1],
                message.format(found),
                hint or None,
                _safe_fix(settings, found),
            )

    return check


def register_list_rules() -> None:
    """Register every rule of ``data/list_rules.toml``, in the file's order."""
    from replykit.text.tables import data_toml

    for name, spec in data_toml("list_rules.toml").items():
        rule(
            name,
            spec["code"],
            Severity.parse(spec["severity"]),
            spec["summary"],
            bad=spec["bad"],
            good=spec["good"],
        )(list_check(spec))
