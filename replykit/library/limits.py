"""Bounds on rendering: a snippet is code from a shared repository, so it gets a budget.

The sandbox stops a template reaching Python's internals; these stop it taking the
machine down instead: ``{{ 'x' * 10**9 }}``, ``'x'|center(10**9)`` or two nested
``range(100000)`` loops. A rendered reply is at most MAX_OUTPUT characters and takes at
most MAX_SECONDS; a template that goes over fails with an error at its file and line.
"""

from __future__ import annotations

import contextlib
import math
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2.runtime import Namespace
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_OUTPUT = 1_000_000  # characters in one rendered subject or body (a long reply is 10,000)
MAX_SECONDS = 5.0  # the slowest starter snippet renders in about a millisecond
MAX_POWER_BITS = 16_384  # 2**16384 has 4,933 digits, past what Python will print anyway


class RenderLimitError(Exception):
    """A template went over its output or time budget."""


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


def _check_repeat(left: Any, right: Any) -> None:
    for seq, count in ((left, right), (right, left)):
        size = _sized(seq)
        if size is not None and isinstance(count, int) and size * count > MAX_OUTPUT:
            raise RenderLimitError(
                f"the template repeats a value to {size * count:,} characters "
                f"(a reply is at most {MAX_OUTPUT:,})"
            )


def _check_power(base: Any, exponent: Any) -> None:
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and abs(base) > 1
        and exponent * math.log2(abs(base)) > MAX_POWER_BITS
    ):
        raise RenderLimitError(f"the template computes a number too large ({base} ** {exponent})")


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A width, count or length over the output budget can only build an oversized text."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT:
            raise RenderLimitError(
                f"the template asks for {value:,} characters (a reply is at most {MAX_OUTPUT:,})"
            )


_HUGE_WIDTH = re.compile(r"\d{7,}")


def _check_format(spec: Any) -> None:
    """A format string with a seven-digit width or precision builds a text past the budget."""
    if isinstance(spec, str) and _HUGE_WIDTH.search(spec):
        raise RenderLimitError("the template formats a value wider than a reply")


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    import functools

    @functools.wraps(function)  # keeps jinja's pass_context/pass_environment markers
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args[1:], kwargs)
        if function.__name__ == "do_format" and args:
            _check_format(args[0])
        return function(*args, **kwargs)

    return guarded


# Filters whose numeric arguments set the size of what they build.
SIZING_FILTERS = ("center", "indent", "wordwrap", "truncate", "slice", "batch", "format")


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with sizes checked before ``*``, ``**``, ``+``, filters and calls build them."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SIZING_FILTERS:
            self.filters[name] = _guarded(self.filters[name])
        self.globals["namespace"] = LimitedNamespace

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "+":
            sizes = (_sized(left), _sized(right))
            if None not in sizes and sum(sizes) > MAX_OUTPUT:  # type: ignore[arg-type]
                raise RenderLimitError("the template joins values past the size of a reply")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if getattr(value, "__name__", "") in ("format", "format_map"):
            _check_format(getattr(value, "__self__", None))  # '{:>999999999}'.format(1)
        return super().wrap_str_format(value)

    def call(self, context: Any, obj: Any, *args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):  # a macro that doubles its argument each call
            size = _sized(value)
            if size is not None and size > MAX_OUTPUT:
                raise RenderLimitError("the template passes a value larger than a reply")
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str):  # 'x'.center(10**9), 'x'.ljust(10**9)
            _check_arguments(args, kwargs)
        return super().call(context, obj, *args, **kwargs)


class LimitedNamespace(Namespace):
    """``namespace()`` whose attributes cannot grow past a reply (``ns.x = ns.x ~ ns.x``)."""

    def __setitem__(self, name: str, value: Any) -> None:
        size = _sized(value)
        if size is not None and size > MAX_OUTPUT:
            raise RenderLimitError("the template builds a value larger than a reply")
        super().__setitem__(name, value)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt a render that runs too long (main thread only: signals go there)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise RenderLimitError(f"the template took longer than {seconds:g} seconds to render")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_limited(template: Any, context: Any, *, seconds: float | None = None) -> str:
    """``template.render(context)`` within the output and time budget."""
    seconds = MAX_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + seconds
    parts: list[str] = []
    size = 0
    with _alarm(seconds):
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise RenderLimitError(
                    f"the rendered text is longer than {MAX_OUTPUT:,} characters"
                )
            if time.monotonic() > deadline:  # off the main thread, where no alarm rings
                raise RenderLimitError(
                    f"the template took longer than {seconds:g} seconds to render"
                )
            parts.append(chunk)
    return "".join(parts)
