"""What the server lints with: editor settings over the same config files as the CLI.

Editor settings (``initializationOptions`` and ``workspace/configuration``, section
``replykit``) play the part of command-line flags: they override the config files
found from the reply's own folder upward (user config < nearest ``replykit.toml`` <
``config``). Everything derived from the files is kept per folder and dropped when a
config file changes, so a key press pays for no file reading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replykit.errors import ReplykitError

if TYPE_CHECKING:
    from replykit.config import Config
    from replykit.grammar.settings import GrammarSettings
    from replykit.library.snippets import Library
    from replykit.lint.settings import LintSettings

SECTION = "replykit"
DEFAULT_DEBOUNCE_MS = 150


@dataclass(slots=True)
class EditorSettings:
    """The ``replykit`` settings an editor sends; every key is optional."""

    config: str | None = None  # a config file, like --config
    tone: str | None = None  # casual or formal
    customer_name: tuple[str, ...] = ()  # the customer's name(s), like --name
    context_file: str | None = None  # a context file, like --context
    disabled_rules: tuple[str, ...] = ()  # like --disable
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    grammar: str | None = None  # off, harper or languagetool, like --grammar


def parse_editor_settings(raw: Any) -> tuple[EditorSettings, list[str]]:
    """Settings from the editor's JSON; a bad value is left out with a warning that names it."""
    settings, warnings = EditorSettings(), []
    if isinstance(raw, dict) and isinstance(raw.get(SECTION), dict):
        raw = raw[SECTION]
    if not isinstance(raw, dict):
        return settings, warnings if raw is None else ["replykit settings must be an object"]

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and value.strip()):
            return value
        warnings.append(f"replykit setting '{key}' must be a non-empty string; ignored")
        return None

    def names(key: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,) if value.strip() else ()
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(v for v in value if v.strip())
        warnings.append(f"replykit setting '{key}' must be a string or a list of strings; ignored")
        return ()

    settings.config = text("config")
    settings.context_file = text("contextFile")
    tone = text("tone")
    if tone is not None and tone not in ("casual", "formal"):
        warnings.append(f"replykit setting 'tone' must be casual or formal, not {tone!r}; ignored")
        tone = None
    settings.tone = tone
    engine = text("grammar")
    if engine is not None and engine not in ("off", "harper", "languagetool"):
        warnings.append(
            f"replykit setting 'grammar' must be off, harper or languagetool, not {engine!r}; "
            "ignored"
        )
        engine = None
    settings.grammar = engine
    settings.customer_name = names("customerName")
    settings.disabled_rules = names("disabledRules")
    debounce = raw.get("debounceMs")
    if debounce is not None:
        if isinstance(debounce, int) and not isinstance(debounce, bool) and 0 <= debounce <= 5000:
            settings.debounce_ms = debounce
        else:
            warnings.append("replykit setting 'debounceMs' must be 0 to 5000; ignored")
    return settings, warnings


@dataclass(slots=True)
class FolderSettings:
    """Everything the config files decide for the replies in one folder."""

    config: Config
    lint: LintSettings
    grammar: GrammarSettings | None  # None only when [grammar] is broken
    stamps: list[tuple[Path, float]] = field(default_factory=list)
    library: Library | None = None  # opened on the first snippet completion

    def is_stale(self) -> bool:
        return _changed(self.stamps)


def _changed(stamps: list[tuple[Path, float]]) -> bool:
    for path, mtime in stamps:
        try:
            if path.stat().st_mtime != mtime:
                return True
        except OSError:
            return True
    return False


def _stamp(paths: list[Path]) -> list[tuple[Path, float]]:
    stamps = []
    for path in paths:
        try:
            stamps.append((path, path.stat().st_mtime))
        except (OSError, ValueError):  # ValueError: a NUL in the name
            continue
    return stamps


def resolve(path: str, root: Path | None, folder: Path) -> Path:
    """A setting's path: ``~`` expanded, relative to the workspace root (else the reply)."""
    candidate = Path(os.path.expanduser(path))
    return candidate if candidate.is_absolute() else (root or folder) / candidate


def load_folder_settings(
    folder: Path, editor: EditorSettings, root: Path | None
) -> tuple[FolderSettings, list[str]]:
    """The CLI's config discovery from ``folder``; a broken file falls back to defaults
    with its ``error:`` text, so the editor still gets the other rules."""
    from replykit.config import Config, load_config
    from replykit.grammar.settings import add_dictionary, grammar_settings
    from replykit.lint.settings import make_settings
    from replykit.lsp.grammar import chosen_engine

    errors: list[str] = []
    explicit = resolve(editor.config, root, folder) if editor.config else None
    try:
        config = load_config(explicit, cwd=folder)
    except ReplykitError as exc:
        errors.append(exc.render())
        config = Config()
    try:
        lint = make_settings(config, disable=editor.disabled_rules, tone=editor.tone)
    except ReplykitError as exc:
        errors.append(exc.render())
        lint = make_settings(config, tone=editor.tone)
    try:
        grammar = grammar_settings(config)
        if (editor.grammar or chosen_engine(grammar)) != "off":
            add_dictionary(grammar, config)
    except ReplykitError as exc:
        errors.append(exc.render())
        grammar = None
    settings = FolderSettings(
        config=config,
        lint=lint,
        grammar=grammar,
        stamps=_stamp([*config.files, *_dictionary(grammar)]),
    )
    return settings, errors


def _dictionary(grammar: GrammarSettings | None) -> list[Path]:
    """The team dictionary: a change to it is a change to the folder's settings."""
    return [Path(grammar.dictionary)] if grammar is not None and grammar.dictionary else []


def context_files(reply: Path, editor: EditorSettings, root: Path | None) -> list[Path]:
    """The ``contextFile`` setting, then a context next to the reply: ``NAME.toml`` or
    ``NAME.json`` for ``NAME.txt``, else ``context.toml`` or ``context.json`` in its folder
    (later wins)."""
    files = []
    if editor.context_file:
        files.append(resolve(editor.context_file, root, reply.parent))
    for candidate in (
        reply.with_suffix(".toml"),
        reply.with_suffix(".json"),
        reply.parent / "context.toml",
        reply.parent / "context.json",
    ):
        if candidate != reply and candidate.name != "replykit.toml" and _is_file(candidate):
            files.append(candidate)
            break
    return files


@dataclass(slots=True)
class ReplyContext:
    values: dict[str, Any]
    names: tuple[str, ...]
    stamps: list[tuple[Path, float]]
    files: list[Path]

    def is_stale(self, files: list[Path]) -> bool:
        return files != self.files or _changed(self.stamps)


def _is_file(path: Path) -> bool:
    """``Path.is_file`` that says no where Python 3.11 raises (a name too long)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def load_reply_context(
    reply: Path, editor: EditorSettings, root: Path | None
) -> tuple[ReplyContext, list[str]]:
    """Context values (for snippets) and the customer's names (for the greeting rule)."""
    from replykit.lint.engine import customer_names

    files = context_files(reply, editor, root)
    values: dict[str, Any] = {}
    errors: list[str] = []
    if files:
        from replykit.library.context import build_context

        try:  # a pipe or device would block the server (or read its own stdin)
            values = build_context([str(f) for f in files], [], streams=False).values
        except ReplykitError as exc:
            errors.append(exc.render())
    typed = [part for name in editor.customer_name for part in (*name.split(), name)]
    names = (*dict.fromkeys(typed), *customer_names(values))
    return ReplyContext(values=values, names=names, stamps=_stamp(files), files=files), errors
