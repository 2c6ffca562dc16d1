"""Snippet completion: ``;`` at the start of a line, then part of a snippet id.

Accepting an item replaces ``;id`` with the snippet rendered for this customer. A value
the context does not have becomes a tab stop named after it (``${1:order.id}``), so the
agent fills it in place; an editor without snippet support gets the plain text with
``{{ order.id }}`` left in, which the ``placeholder`` rule then flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from replykit.errors import ReplykitError

if TYPE_CHECKING:
    from replykit.config import Config
    from replykit.library.snippets import Library
    from replykit.models import Snippet

TRIGGER = ";"
TRIGGER_AT = re.compile(r"^[ \t]*;([\w./-]*)$")
_SLOT = re.compile(r"RKSLOT(\d+)X")
_SNIPPET_SPECIAL = re.compile(r"[\\$}]")


@dataclass(slots=True)
class SnippetItem:
    id: str
    title: str
    description: str
    text: str  # LSP snippet syntax when ``is_snippet``, else plain text
    is_snippet: bool
    missing: list[str]


def trigger_query(line_before_cursor: str) -> str | None:
    """The typed part of the id when the cursor follows ``;`` at a line's start."""
    match = TRIGGER_AT.match(line_before_cursor)
    return match.group(1) if match else None


def _to_snippet_syntax(text: str, slots: list[str]) -> str:
    """Escape ``$``, ``}`` and ``\\``, then turn each stand-in into its tab stop."""
    escaped = _SNIPPET_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    return _SLOT.sub(lambda m: f"${{{int(m.group(1)) + 1}:{slots[int(m.group(1))]}}}", escaped)


def _to_plain(text: str, slots: list[str]) -> str:
    return _SLOT.sub(lambda m: "{{ " + slots[int(m.group(1))] + " }}", text)


def render_item(
    snippet: Snippet,
    library: Library,
    config: Config,
    values: dict[str, Any],
    *,
    with_subject: bool,
    snippets_supported: bool,
) -> SnippetItem:
    """Render one snippet; every missing value becomes a numbered stand-in, then a tab stop."""
    from replykit.config import deep_merge
    from replykit.library.fields import Field
    from replykit.library.render import Slot, render_snippet

    slots: list[str] = []

    def stand_in(fields: list[Field]) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for field in fields:
            if field.path not in slots:
                slots.append(field.path)
            slot = Slot(f"RKSLOT{slots.index(field.path)}X")
            answers[field.path] = [slot] if field.type == "list" else slot  # a loop runs once
        return answers

    base: dict[str, Any] = {"agent": config.agent, "company": config.company}
    variables = {**deep_merge(base, values), "tone": snippet.tone}
    draft = render_snippet(snippet, variables, library, ask=stand_in)
    text = draft.as_text() if with_subject else draft.body
    convert = _to_snippet_syntax if snippets_supported else _to_plain
    return SnippetItem(
        id=snippet.id,
        title=snippet.title,
        description=snippet.description,
        text=convert(text, slots),
        is_snippet=snippets_supported,
        missing=list(slots),
    )


def snippet_items(
    library: Library,
    config: Config,
    values: dict[str, Any],
    query: str,
    *,
    with_subject: bool,
    snippets_supported: bool,
) -> list[SnippetItem]:
    """Every snippet whose id contains ``query``, rendered; broken snippets are skipped
    (``replykit check`` reports them)."""
    items = []
    wanted = query.lower()
    for snippet_id in library.ids:
        if wanted and wanted not in snippet_id.lower():
            continue
        try:
            snippet = library.load(snippet_id)
            items.append(
                render_item(
                    snippet,
                    library,
                    config,
                    values,
                    with_subject=with_subject,
                    snippets_supported=snippets_supported,
                )
            )
        except (ReplykitError, AssertionError):
            continue
    return items
