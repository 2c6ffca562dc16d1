"""Customer context: TOML or JSON files, ``--set`` overrides, and cleaning of values.

Context values come from help-desk exports, so they are untrusted data: control
characters are removed (with a warning that names the field) before they reach a
reply or a terminal.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replykit.config import deep_merge
from replykit.errors import InputError
from replykit.io.files import STDIN, STDIN_LABEL, parse_toml, read_text

# C0 and C1 controls except tab and newline, DEL, and the bidi overrides and isolates.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


@dataclass(slots=True)
class Context:
    """Template variables plus where they came from and what was cleaned."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_context(text: str, label: str) -> dict[str, Any]:
    """TOML, or JSON when the name ends in ``.json`` or stdin starts with ``{``."""
    is_json = label.lower().endswith(".json") or (
        label == STDIN_LABEL and text.lstrip().startswith("{")
    )
    if is_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON: {exc.msg}",
                path=label,
                line=exc.lineno,
                column=exc.colno,
                hint="fix the JSON syntax",
            ) from None
        if not isinstance(data, dict):
            raise InputError("a JSON context must be an object of tables", path=label, line=1)
        return data
    return parse_toml(text, label)


def load_context_file(path: str) -> dict[str, Any]:
    text = read_text(path, what="context file")
    return parse_context(text, STDIN_LABEL if path == STDIN else path)


def parse_assignment(assignment: str) -> tuple[list[str], Any]:
    """``ticket.order_id=A-1`` -> (["ticket", "order_id"], "A-1").

    The value stays text as typed; the snippet's field types convert it later, so a
    text field keeps ``49.90`` and ``0x1F`` exactly.
    """
    key, sep, raw = assignment.partition("=")
    keys = [part.strip() for part in key.split(".")]
    if not sep or not all(keys):
        raise InputError(
            f"--set takes key.path=value, not {assignment!r}",
            hint="for example --set customer.first_name=Ana",
        )
    from replykit.library.fields import Typed

    return keys, Typed(raw)


def nest(keys: list[str], value: Any) -> dict[str, Any]:
    result: dict[str, Any] = {keys[-1]: value}
    for key in reversed(keys[:-1]):
        result = {key: result}
    return result


def clean_values(value: Any, path: str, warnings: list[str]) -> Any:
    """Strip control characters from every string, noting each field that had some."""
    if isinstance(value, str):
        cleaned = CONTROL_CHARS.sub("", value)
        if cleaned != value:
            warnings.append(f"removed control characters from {path}")
        return type(value)(cleaned)  # keeps Typed (text as typed at the command line)
    if isinstance(value, dict):
        return {
            k: clean_values(v, f"{path}.{k}" if path else str(k), warnings)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [clean_values(v, f"{path}[{i}]", warnings) for i, v in enumerate(value)]
    return value


def build_context(
    files: list[str],
    assignments: list[str],
    *,
    base: dict[str, Any] | None = None,
    mapping: dict[str, str] | None = None,
) -> Context:
    """Merge ``base`` (config's agent/company, a snippet example, a message replied to),
    files, then --set. A help desk's ticket JSON fills ``customer.*`` and ``ticket.*``,
    and ``mapping`` (``[context.map]``) picks fields out of any other shape."""
    from replykit.library.helpdesk import apply_map, recognise

    context = Context(values=dict(base or {}))
    for path in files:
        label = STDIN_LABEL if path == STDIN else path
        data = load_context_file(path)
        desk, found = recognise(data)
        if mapping:
            found = deep_merge(found, apply_map(data, mapping, label))
        context.values = deep_merge(deep_merge(context.values, data), found)
        name = STDIN_LABEL if path == STDIN else Path(path).name
        context.sources.append(f"{name} ({desk} ticket)" if desk else name)
    for assignment in assignments:
        keys, value = parse_assignment(assignment)
        context.values = deep_merge(context.values, nest(keys, value))
    context.values = clean_values(context.values, "", context.warnings)
    return context


def skeleton(fields: list[Any] | None = None) -> dict[str, Any]:
    """What ``replykit context new`` writes: exactly the given fields (``--for``), else the
    customer table that every shipped snippet's greeting reads."""
    if fields is None:
        return {"customer": {"first_name": "", "last_name": "", "title": "", "email": ""}}
    from replykit.library.fields import blank_value, set_path

    data: dict[str, Any] = {}
    for wanted in fields:
        data = set_path(data, wanted.path, blank_value(wanted))
    return data


def skeleton_text(path: Path, data: dict[str, Any]) -> str:
    """The skeleton as JSON for a ``.json`` path, TOML for ``.toml``; nothing else."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        import json

        return json.dumps(data, indent=2) + "\n"
    if suffix == ".toml":
        import tomli_w

        return tomli_w.dumps(data)
    raise InputError(
        f"cannot write a context file as {suffix or 'a file without an extension'}",
        path=path,
        hint="name it .toml or .json",
    )
