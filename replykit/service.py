"""The library behind the CLI: draft and lint replies. Never prints, never exits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replykit.config import Config, deep_merge

if TYPE_CHECKING:
    from replykit.library.snippets import Library
    from replykit.models import Draft


def open_library(extra: list[Path] | None, config: Config, *, builtin: bool = True) -> Library:
    """``--library`` folders first, then config's ``library``, then the built-in one."""
    from replykit.library.snippets import Library, builtin_library

    folders = [*(extra or []), *config.libraries]
    if builtin:
        folders.append(builtin_library())
    return Library(folders)


@dataclass(slots=True)
class DraftResult:
    draft: Draft
    warnings: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)


def draft_reply(
    library: Library,
    snippet_id: str,
    config: Config,
    *,
    context_files: list[str] | None = None,
    assignments: list[str] | None = None,
    use_example: bool = False,
    ask: Callable[[str], str] | None = None,
) -> DraftResult:
    """Render a snippet for one customer: config < example < context files < --set."""
    from replykit.library.context import build_context
    from replykit.library.render import render_snippet

    snippet = library.load(snippet_id)
    base: dict[str, Any] = {"agent": config.agent, "company": config.company}
    if use_example:
        base = deep_merge(base, snippet.example)
    context = build_context(context_files or [], assignments or [], base=base)
    sources = [*context.sources, "config" if config.files else "a config file", "--set"]
    if use_example:
        sources.insert(0, "the snippet's example")
    sources_text = ", ".join(sources[:-1]) + " or " + sources[-1]
    variables = {**context.values, "tone": snippet.tone}
    draft = render_snippet(snippet, variables, library, sources=sources_text, ask=ask)
    return DraftResult(draft=draft, warnings=context.warnings, variables=context.values)
