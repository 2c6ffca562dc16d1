"""``--fix``: apply the fixes rules are certain of, and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from replykit.lint.settings import LintSettings
from replykit.text.reply import Reply, parse_reply

if TYPE_CHECKING:
    from replykit.rules import Hit

Edit = tuple[int, int, str]  # start, end, replacement: offsets into the reply's text


def fix_hits(reply: Reply, settings: LintSettings) -> list[tuple[str, Hit]]:
    """Every hit that carries a certain fix, with its rule's name (an editor offers each)."""
    from replykit.rules import all_rules

    found: list[tuple[str, Hit]] = []
    for name, item in all_rules().items():
        if item.check is None or name in settings.disabled:
            continue
        found.extend(
            (name, h)
            for h in item.check(reply, settings)
            if h.fix is not None and reply.allows(name, h.start)
        )
    return found


def fixes_for(
    reply: Reply, settings: LintSettings, extra: Callable[[Reply], list[Edit]] | None = None
) -> list[Edit]:
    """The certain fixes rules (and ``extra``, the grammar engine) offer, non-overlapping."""
    edits: list[Edit] = list(extra(reply)) if extra is not None else []
    edits.extend((h.start, h.end, h.fix) for _, h in fix_hits(reply, settings) if h.fix is not None)
    edits.sort(key=lambda e: (e[0], e[1]))
    chosen: list[Edit] = []
    for start, end, replacement in edits:
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, replacement))
    return chosen


def encoded_messages(text: str) -> int:
    """How many messages of ``text`` are MIME-encoded (``fix_text`` leaves those alone)."""
    from replykit.text.lines import normalise_newlines, split_mbox

    spans = split_mbox(normalise_newlines(text)) or [None]
    return sum(1 for span in spans if parse_reply(text, span=span).decoded)


def fix_text(
    text: str,
    settings: LintSettings,
    *,
    subject: str | None = None,
    names: tuple[str, ...] = (),
    tone: str | None = None,
    extra: Callable[[Reply], list[Edit]] | None = None,
) -> tuple[str, int]:
    """Apply only certain fixes; every character outside the fixed spans is kept.

    Each message of an mbox file is fixed; a MIME-encoded one is left as it is.
    """
    from replykit.text.lines import normalise_newlines, split_mbox

    total = 0
    for _ in range(5):  # a fix can reveal another ("on the the  Thursday")
        edits = []
        for span in split_mbox(normalise_newlines(text)) or [None]:
            reply = parse_reply(
                text,
                subject=subject,
                customer_names=names,
                tone=tone or settings.tone,
                lexicon=settings.lexicon,
                span=span,
            )
            if not reply.decoded:
                edits.extend(fixes_for(reply, settings, extra))
        if not edits:
            break
        for start, end, replacement in reversed(edits):
            text = text[:start] + replacement + text[end:]
        total += len(edits)
    return text, total
