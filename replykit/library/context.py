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

# C0 and C1 controls except tab and newline, DEL, the bidi marks, overrides and isolates
# (U+061C, U+200E/F, U+202A-E, U+2066-9), the invisible ones (zero-width space, joiners,
# word joiner, BOM), the Unicode line and paragraph separators, and lone surrogates (from
# JSON "\ud800" escapes or undecodable bytes in arguments), which cannot be written out.
CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ud800-\udfff]"
)
_CARRIAGE_RETURN = re.compile("\r\n?")
# The tables a context provides; each must be a table, or a template reading
# ``customer.first_name`` would get a string's attribute.
TABLES = ("customer", "ticket", "order", "agent", "company")


@dataclass(slots=True)
class Context:
    """Template variables plus where they came from and what was cleaned."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JSONValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


class _JSONValueError(ValueError):
    """A JSON document that parses but that a context must not contain."""


def _no_constant(name: str) -> Any:
    raise _JSONValueError(f"{name} is not a JSON value")


def _parse_json(text: str, label: str) -> Any:
    """Strict JSON: no duplicate keys (which one would win?), no NaN or Infinity."""
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON: {exc.msg}",
            path=label,
            line=exc.lineno,
            column=exc.colno,
            hint="fix the JSON syntax",
        ) from None
    except RecursionError:
        raise InputError(
            "invalid JSON: nested too deeply", path=label, hint="flatten the objects and arrays"
        ) from None
    except _JSONValueError as exc:
        raise InputError(f"invalid JSON: {exc}", path=label, hint="fix the JSON") from None
    except ValueError:  # an integer longer than Python converts
        raise InputError(
            "invalid JSON: a number with more than 4300 digits",
            path=label,
            hint="write it as a string",
        ) from None


def parse_context(text: str, label: str) -> dict[str, Any]:
    """TOML, or JSON when the name ends in ``.json`` or stdin starts with ``{``."""
    is_json = label.lower().endswith(".json") or (
        label == STDIN_LABEL and text.lstrip().startswith("{")
    )
    if is_json:
        data = _parse_json(text, label)
        if not isinstance(data, dict):
            raise InputError("a JSON context must be an object of tables", path=label, line=1)
    else:
        data = parse_toml(text, label)
    for table in TABLES:
        if table in data and not isinstance(data[table], dict):
            raise InputError(
                f"'{table}' must be a table of values, not {_kind(data[table])}",
                path=label,
                hint=f"for example {table}.name = ..." if is_json else f"use a [{table}] table",
            )
    return data


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return "a single value"


def load_context_file(path: str, *, streams: bool = True) -> dict[str, Any]:
    text = read_text(path, what="context file", streams=streams)
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


def clean_text(value: str) -> str:
    """A value as it may appear in a reply: line breaks as newlines, nothing invisible."""
    return CONTROL_CHARS.sub("", _CARRIAGE_RETURN.sub("\n", value))


def clean_values(value: Any, path: str, warnings: list[str]) -> Any:
    """Strip control and invisible characters from every string, noting each field."""
    if isinstance(value, str):
        cleaned = clean_text(value)
        if cleaned != value.replace("\r\n", "\n").replace("\r", "\n"):
            from replykit.reporters import one_line

            warnings.append(f"removed control characters from {one_line(path)}")
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
    streams: bool = True,
) -> Context:
    """Merge ``base`` (config's agent/company, a snippet example, a message replied to),
    files, then --set. A help desk's ticket JSON fills ``customer.*`` and ``ticket.*``,
    and ``mapping`` (``[context.map]``) picks fields out of any other shape. Files named
    by settings rather than typed (``streams=False``) must be regular files."""
    from replykit.library.helpdesk import apply_map, recognise

    context = Context(values=dict(base or {}))
    for path in files:
        label = STDIN_LABEL if path == STDIN else path
        data = load_context_file(path, streams=streams)
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
