"""The one Jinja2 environment: sandboxed, strict, plain text.

A missing value never renders as blank: it raises with the full dotted name
(``ticket.order_id``), so the CLI can say exactly what to add. Empty strings count as
missing, since "Hi ," is the failure this exists to prevent; an optional field that is
missing is false or empty on purpose. Every missing value is found in one go, so one
error (or one round of questions) names them all.

Whitespace: a line holding only block tags disappears with its line break; a block tag
inside a line of text keeps the line break after it. A value that ends in ``.``, ``!``
or ``?`` followed by the same mark in the template renders one mark ("Example Inc.").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.ext import Extension
from jinja2.sandbox import SecurityError

from replykit.errors import MissingValueError, SnippetError
from replykit.library.fields import (
    Blank,
    Field,
    Placeholder,
    Typed,
    apply_fields,
    dummy,
    set_path,
)
from replykit.library.limits import LimitedSandbox, RenderLimitError, render_limited
from replykit.library.snippets import Library, is_partial, split_front_matter
from replykit.models import Draft, Snippet

_BLANK_RUN = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"(?<![ \t])[ \t]++$", re.MULTILINE)  # a run starts a match once
# After a value that ends a sentence, so the template's own mark can be dropped.
END_MARK = "\ue002"
_DOUBLED_MARK = re.compile(f"([.!?]){END_MARK}\\1")
_TAG = r"\{%(?:[^%\n]|%(?!\}))*%\}|\{#(?:[^#\n]|#(?!\}))*#\}"
# A line of block tags only; ``check`` puts an origin marker in front of each line.
_STANDALONE = re.compile(rf"^(\ue000\d+:\d+\ue001)?[ \t]*((?:(?:{_TAG})[ \t]*)+)\n", re.MULTILINE)


class StandaloneTags(Extension):
    """trim_blocks for block tags alone on their line only.

    Jinja's trim_blocks drops the line break after every block tag, so text after an
    inline ``{% endif %}`` is glued to the next line. Here the line break of a tag-only
    line moves into a comment: the line vanishes and line numbers stay the file's own.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _STANDALONE.sub(
            lambda m: (m.group(1) or "") + m.group(2).rstrip(" \t") + "{#\n#}", source
        )


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and value.endswith((".", "!", "?")):
        return value + END_MARK
    return value


def collapse_marks(text: str) -> str:
    """``Example Inc.`` + ``.`` -> ``Example Inc.``; drop the remaining markers."""
    return _DOUBLED_MARK.sub(r"\1", text).replace(END_MARK, "")


class Values(dict):
    """A context table that knows its dotted path, so a missing key can be named."""

    __slots__ = ("path",)

    def __init__(self, data: dict[str, Any], path: str = "") -> None:
        super().__init__()
        self.path = path
        for key, value in data.items():
            if (value == "" and not isinstance(value, Blank)) or value is None:
                continue
            dotted = f"{path}.{key}" if path else str(key)
            self[key] = Values(value, dotted) if isinstance(value, dict) else value


class MissingVariable(jinja2.UndefinedError):
    def __init__(self, variable: str) -> None:
        self.variable = variable
        super().__init__(f"missing value {variable}")


class MissingValue(jinja2.StrictUndefined):
    """StrictUndefined that carries the dotted path through attribute access."""

    __slots__ = ()

    def _dotted(self) -> str:
        name = self._undefined_name or "value"
        parent = getattr(self._undefined_obj, "path", "")
        return f"{parent}.{name}" if parent else name

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._child(name)

    def __getitem__(self, key: Any) -> Any:
        return self._child(str(key))

    def _child(self, name: str) -> Any:
        if self._undefined_exception is not jinja2.UndefinedError:
            self._fail_with_undefined_error()  # a sandbox refusal stays a refusal
        return MissingValue(name=f"{self._dotted()}.{name}")

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        if self._undefined_exception is not jinja2.UndefinedError:
            return super()._fail_with_undefined_error(*args, **kwargs)
        raise MissingVariable(self._dotted())

    __str__ = __iter__ = __len__ = __bool__ = __eq__ = __ne__ = _fail_with_undefined_error  # type: ignore[assignment]
    __add__ = __radd__ = __int__ = __float__ = __lt__ = __gt__ = _fail_with_undefined_error  # type: ignore[assignment]
    __hash__ = jinja2.StrictUndefined.__hash__


class LinkOutside(jinja2.TemplateNotFound):
    """A template that is a symbolic link (or under one) to a file outside the library."""

    def __init__(self, name: str, target: Path) -> None:
        super().__init__(name)
        self.target = target


def printable(value: Any) -> Any:
    """What ``{{ value }}`` may print: text and numbers, never a Python repr or "None"."""
    if value is None:
        raise TypeError(
            "a value is missing and would print as 'None' (from .get()?); "
            "write customer.first_name, which names what is missing"
        )
    if isinstance(value, dict):
        where = f"'{value.path}'" if isinstance(value, Values) and value.path else "a value"
        keys = ", ".join(sorted(str(k) for k in value)[:5])
        raise TypeError(f"{where} is a table, not text; print one of its keys ({keys})")
    if isinstance(value, list | tuple | set):
        raise TypeError("a list would print as Python; use | join(', ') or a for loop")
    return _finalize(value)


class LibraryLoader(jinja2.BaseLoader):
    """Loads snippets and partials from the layered libraries, never outside them.

    A snippet's front matter is replaced by blank lines so that Jinja's line numbers
    are the file's own.
    """

    def __init__(self, library: Library) -> None:
        self.library = library

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = template.replace("\\", "/").split("/")
        if template.startswith(("/", "~")) or ".." in parts or ":" in parts[0]:
            raise jinja2.TemplateNotFound(template)
        path = self.library.find_template(template)
        if path is None:
            outside = self.library.link_outside(template)
            if outside is not None:
                raise LinkOutside(template, outside)
            raise jinja2.TemplateNotFound(template)
        from replykit.io.files import read_text

        text = read_text(path, what="snippet").replace("\r\n", "\n")
        if not is_partial(path) and text.lstrip().startswith("+++"):
            _, body, body_line = split_front_matter(text, path)
            text = "\n" * (body_line - 1) + body
        mtime = path.stat().st_mtime
        return text, str(path), lambda: path.stat().st_mtime == mtime


class Slot(Placeholder):
    """A stand-in for a missing value that an editor turns into a tab stop.

    The date filters pass it through unchanged, so a snippet with ``{{ x | date }}``
    still renders when ``x`` is the value still to be typed.
    """

    __slots__ = ()


def _as_date(value: Any) -> dt.date:
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()  # a missing value is named, not "not a date"
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    raise TypeError(f"not a date: {value!r}")


def format_date(value: Any, fmt: str = "%A %-d %B") -> str:
    """``{{ order.date | date }}`` -> ``Monday 3 March``; any strftime format."""
    if isinstance(value, Slot):
        return value
    date = _as_date(value)
    if "%-d" in fmt:
        fmt = fmt.replace("%-d", str(date.day))
    return date.strftime(fmt)


def add_days(value: Any, days: int) -> dt.date:
    """``{{ today | add_days(2) | date }}``: a real time frame, not "soon"."""
    if isinstance(value, Slot):
        return value  # type: ignore[return-value]
    return _as_date(value) + dt.timedelta(days=days)


def add_business_days(value: Any, days: int) -> dt.date:
    """Like add_days, skipping Saturdays and Sundays."""
    if isinstance(value, Slot):
        return value  # type: ignore[return-value]
    date = _as_date(value)
    while days > 0:
        date += dt.timedelta(days=1)
        if date.weekday() < 5:
            days -= 1
    return date


def make_environment(library: Library) -> jinja2.Environment:
    env = LimitedSandbox(
        loader=LibraryLoader(library),
        undefined=MissingValue,
        autoescape=False,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=printable,
        extensions=[StandaloneTags],
    )
    env.filters.update(date=format_date, add_days=add_days, add_business_days=add_business_days)
    return env


def normalise(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    from replykit.library.context import CONTROL_CHARS

    text = CONTROL_CHARS.sub("", collapse_marks(text).replace("\r\n", "\n"))
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_RUN.sub("\n\n", text).strip("\n")
    return text + "\n"


def _template_location(exc: BaseException, library: Library) -> tuple[str | None, int | None]:
    """The innermost library file and line in a rendering traceback (Jinja rewrites them)."""
    where: tuple[str | None, int | None] = (None, None)
    folders = [str(f) for f in library.folders]
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(f) for f in folders):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def prepare_values(
    snippet: Snippet, variables: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Values typed by the snippet's fields, optional ones filled, ``today`` set."""
    values = apply_fields(dict(variables), snippet.fields, snippet.id)
    values.setdefault("today", today or dt.date.today())
    return values


Ask = Callable[[list[Field]], dict[str, Any]]


def render_snippet(
    snippet: Snippet,
    variables: dict[str, Any],
    library: Library,
    *,
    sources: str = "context, config or --set",
    ask: Ask | None = None,
    today: dt.date | None = None,
    subject: str | None = None,
) -> Draft:
    """Render subject and body; ``ask`` (interactive) gets every missing field at once.

    ``subject`` replaces the snippet's subject template (a reply's ``Re: ...``).
    """
    env = make_environment(library)
    values = prepare_values(snippet, variables, today)
    known = {f.path: f for f in snippet.fields}
    for _round in range(20):
        draft, missing = _render(env, snippet, values, library, subject or snippet.subject)
        if draft is not None:
            return draft
        if ask is None:
            raise MissingValueError(snippet.id, missing, sources)
        answers = ask([known.get(path) or Field(path) for path in missing])
        for path, answer in answers.items():
            typed = isinstance(answer, str) and not isinstance(answer, Placeholder)
            value = Typed(answer) if typed else answer  # a stand-in is never converted
            values = set_path(values, path, value)
        values = prepare_values(snippet, values, today)
    raise SnippetError(f"{snippet.id}: too many missing values")


def _render(
    env: jinja2.Environment,
    snippet: Snippet,
    values: dict[str, Any],
    library: Library,
    subject_template: str,
) -> tuple[Draft | None, list[str]]:
    """The draft, or every missing value (found by rendering with stand-ins)."""
    known = {f.path: f for f in snippet.fields}
    missing: list[str] = []
    trial = values
    for _attempt in range(100):
        context = Values(trial)
        try:
            subject = render_limited(env.from_string(subject_template), context)
            template = env.get_template(Path(snippet.path).relative_to(snippet.library).as_posix())
            body = render_limited(template, context)
        except MissingVariable as exc:
            if exc.variable in missing:
                break
            missing.append(exc.variable)
            trial = set_path(trial, exc.variable, dummy(known.get(exc.variable)))
            continue
        except Exception as exc:
            if missing:  # a stand-in that does not fit: report what is known to be missing
                break
            _raise_render_error(exc, snippet, library)
        if missing:
            break
        from replykit.library.context import CONTROL_CHARS

        subject = CONTROL_CHARS.sub("", " ".join(collapse_marks(subject).split()))
        draft = Draft(
            snippet_id=snippet.id, subject=subject, body=normalise(body), tone=snippet.tone
        )
        return draft, []
    return None, missing


def _raise_render_error(exc: BaseException, snippet: Snippet, library: Library) -> None:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        raise SnippetError(
            f"template syntax error: {exc.message}",
            path=exc.filename or snippet.path,
            line=exc.lineno,
        ) from None
    if isinstance(exc, LinkOutside):
        path, line = _template_location(exc, library)
        raise SnippetError(
            f"'{exc.name}' is a link to {exc.target}, outside the snippet library; refused",
            path=path or snippet.path,
            line=line,
            hint="copy the file into the library instead of linking it",
        ) from None
    if isinstance(exc, RenderLimitError):
        path, line = _template_location(exc, library)
        raise SnippetError(
            f"{exc}; refused", path=path or snippet.path, line=line, hint="make it smaller"
        ) from None
    if isinstance(exc, RecursionError):
        raise SnippetError(
            "the template nests too deeply: an include, import or macro that calls "
            "itself, or brackets nested hundreds deep",
            path=snippet.path,
            hint="break the cycle",
        ) from None
    if isinstance(exc, jinja2.TemplateNotFound):
        path, line = _template_location(exc, library)
        raise SnippetError(
            f"includes '{exc.name}', which is not in the snippet libraries",
            path=path or snippet.path,
            line=line,
            hint="partials live inside a library; paths cannot leave it",
        ) from None
    if isinstance(exc, SecurityError):
        path, line = _template_location(exc, library)
        raise SnippetError(
            f"unsafe template operation refused: {exc}", path=path or snippet.path, line=line
        ) from None
    if isinstance(exc, jinja2.TemplateError | TypeError | ValueError | ArithmeticError):
        path, line = _template_location(exc, library)
        raise SnippetError(f"cannot render: {exc}", path=path or snippet.path, line=line) from None
    raise exc
