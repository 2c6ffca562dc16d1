"""Typed snippet fields: declared in ``[fields]``, or inferred from ``[example]``.

A value is checked against its field's type before rendering, because a wrong type
renders wrong without any error: a string where the template loops over a list comes
out one character per line. Text typed on the command line (``--set``, ``-i``) stays as
typed for text fields, so ``49.90`` is not turned into ``49.9``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from replykit.errors import SnippetError

FIELD_TYPES = ("text", "number", "date", "bool", "list")
FIELD_KEYS = {"type", "optional", "prompt", "description"}
# Values every render provides; ``today`` is a date the user may override.
BUILTIN_FIELDS = {"today": "date"}
TRUE_WORDS = {"true", "yes", "y", "on", "1"}
FALSE_WORDS = {"false", "no", "n", "off", "0"}


class Typed(str):
    """Text typed by a person (``--set``, ``-i``): converted by the field's type, not TOML."""

    __slots__ = ()


class Placeholder(str):
    """A stand-in an editor fills later (the LSP's tab stops): passed through untyped."""

    __slots__ = ()


class Blank(str):
    """The value of a missing optional text field: empty on purpose, not missing."""

    __slots__ = ()


class FieldTypeError(SnippetError):
    """A value that does not fit its field's type."""


@dataclass(frozen=True, slots=True)
class Field:
    path: str
    type: str = "text"
    optional: bool = False
    prompt: str = ""
    description: str = ""
    example: Any = None
    declared: bool = False

    def default(self) -> Any:
        """What a missing optional field renders as: false, an empty list, or nothing."""
        if self.type == "bool":
            return False
        if self.type == "list":
            return []
        return Blank()


def type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.date | dt.time):
        return "date"
    if isinstance(value, list):
        return "list"
    return "text"


def leaves(values: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, value) for every non-table value."""
    for key, value in values.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            yield from leaves(value, dotted + ".")
        else:
            yield dotted, value


def get_path(values: dict[str, Any], dotted: str) -> Any:
    current: Any = values
    for part in dotted.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current


def set_path(values: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A copy of ``values`` with one dotted path set (tables on the way are copied)."""
    parts = dotted.split(".")
    result = dict(values)
    current = result
    for part in parts[:-1]:
        child = current.get(part)
        current[part] = dict(child) if isinstance(child, dict) else {}
        current = current[part]
    current[parts[-1]] = value
    return result


def _specs(raw: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Declarations as (path, spec); ``customer.vip`` may be quoted or a nested table."""
    for key, value in raw.items():
        dotted = f"{prefix}{key}"
        is_spec = isinstance(value, str) or (
            isinstance(value, dict) and (not value or set(value) <= FIELD_KEYS)
        )
        if is_spec or not isinstance(value, dict):
            yield dotted, value
        else:
            yield from _specs(value, dotted + ".")


def parse_fields(
    raw: Any, example: dict[str, Any], path: Path | str, line: int
) -> tuple[Field, ...]:
    """Declared fields, then every example value's field with its inferred type."""
    if not isinstance(raw, dict):
        raise SnippetError("fields must be a table", path=path, line=line)
    fields: dict[str, Field] = {}
    for dotted, spec in _specs(raw):
        if isinstance(spec, str):
            spec = {"type": spec}
        if not isinstance(spec, dict):
            raise SnippetError(
                f'field {dotted} must be a table like {{ type = "text" }}', path=path, line=line
            )
        unknown = sorted(set(spec) - FIELD_KEYS)
        if unknown:
            raise SnippetError(
                f"field {dotted} has unknown key '{unknown[0]}' "
                f"(known: {', '.join(sorted(FIELD_KEYS))})",
                path=path,
                line=line,
            )
        example_value = get_path(example, dotted)
        kind = spec.get("type", type_of(example_value) if example_value is not None else "text")
        if kind not in FIELD_TYPES:
            raise SnippetError(
                f"field {dotted} has type {kind!r}; use one of {', '.join(FIELD_TYPES)}",
                path=path,
                line=line,
            )
        optional = spec.get("optional", False)
        if not isinstance(optional, bool):
            raise SnippetError(
                f"field {dotted}: optional must be true or false", path=path, line=line
            )
        for text_key in ("prompt", "description"):
            if not isinstance(spec.get(text_key, ""), str):
                raise SnippetError(
                    f"field {dotted}: {text_key} must be a string", path=path, line=line
                )
        if example_value is not None:
            try:
                example_value = coerce(Field(dotted, kind), example_value, "the example")
            except FieldTypeError as exc:
                raise SnippetError(exc.message, path=path, line=line) from None
        fields[dotted] = Field(
            dotted,
            kind,
            optional,
            spec.get("prompt", ""),
            spec.get("description", ""),
            example_value,
            declared=True,
        )
    for dotted, value in leaves(example):
        if dotted not in fields and not any(dotted.startswith(f + ".") for f in fields):
            fields[dotted] = Field(dotted, type_of(value), example=value)
    return tuple(fields.values())


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe(value: Any) -> str:
    kind = type_of(value)
    if kind == "bool":
        return "true" if value else "false"
    if kind == "text":
        return f"text {_show(value)}"
    return f"{'a' if kind == 'list' else 'the'} {kind} {_show(value)}"


def _wrong(field: Field, value: Any, source: str, how: str) -> FieldTypeError:
    return FieldTypeError(
        f"{field.path} is a {field.type} field, not {_describe(value)}"
        + (f" ({source})" if source != "the value" else ""),
        hint=how,
    )


HOW = {
    "text": "give plain text",
    "number": "give a number such as 3 or 49.90",
    "date": "give a date as YYYY-MM-DD",
    "bool": "give true or false",
    "list": "give a list: a TOML or JSON array, or one item per line",
}


def coerce(field: Field, value: Any, source: str = "the value") -> Any:
    """``value`` as the field's type, or a FieldTypeError naming field, type and value."""
    kind, typed = field.type, isinstance(value, Typed)
    if kind == "text":
        if isinstance(value, list | dict):
            raise _wrong(field, value, source, HOW[kind])
        if isinstance(value, str):
            return str(value) if typed else value
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        return str(value)
    if kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            text = value.strip().replace("_", "")
            for convert in (int, float):
                try:
                    return convert(text)
                except ValueError:
                    continue
        raise _wrong(field, value, source, HOW[kind])
    if kind == "date":
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                parsed = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                raise _wrong(field, value, source, HOW[kind]) from None
            return parsed.date() if len(value.strip()) == 10 else parsed
        raise _wrong(field, value, source, HOW[kind])
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        raise _wrong(field, value, source, HOW[kind])
    # list
    if isinstance(value, list):
        return value
    if typed:
        text = str(value).strip()
        if text.startswith("["):
            try:
                items = tomllib.loads(f"v = {text}")["v"]
            except tomllib.TOMLDecodeError:
                raise _wrong(field, value, source, HOW[kind]) from None
            return items
        return [line.strip() for line in text.split("\n") if line.strip()]
    raise _wrong(field, value, source, HOW[kind])


def untyped(value: Any) -> Any:
    """A command-line value for a field nobody declared: text, or true/false as a bool."""
    if isinstance(value, Typed):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        return str(value)
    return value


def apply_fields(values: dict[str, Any], fields: tuple[Field, ...], snippet_id: str) -> dict:
    """Convert every present value to its field's type; fill missing optional fields."""
    known = {f.path: f for f in fields}
    for name, kind in BUILTIN_FIELDS.items():
        known.setdefault(name, Field(name, kind))
    result = values
    for dotted, value in list(leaves(values)):
        field = known.get(dotted)
        if (value in ("", None) and not isinstance(value, Blank)) or isinstance(value, Placeholder):
            continue
        if field is None:
            converted = untyped(value)
        else:
            try:
                converted = coerce(field, value)
            except FieldTypeError as exc:
                raise FieldTypeError(f"{snippet_id}: {exc.message}", hint=exc.hint) from None
        if converted is not value:
            result = set_path(result, dotted, converted)
    for field in fields:
        if field.optional and get_path(result, field.path) in (None, ""):
            result = set_path(result, field.path, field.default())
    return result


def dummy(field: Field | None) -> Any:
    """A stand-in while looking for every missing value in one render."""
    if field is None:
        import jinja2

        return jinja2.ChainableUndefined(name="missing")
    return {
        "text": "x",
        "number": 1,
        "date": dt.date(2000, 1, 3),
        "bool": False,
        "list": [],
    }[field.type]


def blank_value(field: Field) -> Any:
    """What ``context new`` writes for a field to fill in."""
    return {"bool": False, "list": []}.get(field.type, "")
