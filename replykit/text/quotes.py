"""Whose text is it: the lines of a reply body that the customer (or anyone but the agent) wrote.

The agent may write above, below or between quoted blocks (top-, bottom- and inline-posted
replies: mutt, neomutt and aerc start a draft with the quote). The customer's text is:

- ``>``-quoted lines;
- the attribution before a quoted block: one line, or one wrapped over two or three lines
  (``On <date>, <name> wrote:``, Gmail's ``... <`` / ``address> wrote:``, ``Name wrote:``,
  ``Quoting Name:``, and the German, French, Spanish, Italian, Portuguese, Dutch and
  Scandinavian forms);
- unquoted history from a marker to the end: ``-----Original Message-----`` and the
  forwarded-message markers, an Outlook header block (``From:`` then ``Sent:``/``Date:``,
  ``To:`` or ``Subject:`` lines), a help-desk "reply above this line" marker, and an
  ``On ... wrote:`` line with no quote under it.

A ``-- `` line starts the signature, which is not the agent's prose either. Lines are
masked (replaced by spaces), never removed, so every offset still points into the text.
"""

from __future__ import annotations

import re

from replykit.text.gate import Lazy

QUOTED = Lazy(r"[ \t]*>(?!>*From )")  # ">From " is an mbox-escaped "From " line
SIGNATURE = Lazy(r"--[ \t]?")
_VERBS = (
    r"wrote|writes|said|schrieb|a\s+[ée]crit|escribi[óo]|ha\s+scritto|escreveu|schreef|skrev"
    r"|napisa[łl]\(a\)|napisa[łl]|kirjoitti"
)
_START = r"(?:On|Am|Le|El|Il|Em|Op|Den|Dne|W\s+dniu|\d)"
ATTRIBUTION = Lazy(
    rf"(?:.{{0,300}}?(?<![^\s>)\]]))?(?:{_VERBS})(?!\w)(?:\s.{{0,200}})?\s?:"
    r"|Quoting\s.{1,300}:"
    r"|\*\s.{1,200}\[\d{4}-\d\d-\d\d[^\]]*\]:",
    re.IGNORECASE,
)
WRAPPED_START = Lazy(_START + r"\b", re.IGNORECASE)
ON_WROTE = Lazy(r"On\s.{3,300}\swrote\s?:", re.IGNORECASE)
_MESSAGE_WORDS = (
    r"Original\s+Message|Forwarded\s+Message|Message\s+d'origine|Message\s+transf[ée]r[ée]"
    r"|Urspr[üu]ngliche\s+Nachricht|Weitergeleitete\s+Nachricht|Mensaje\s+original"
    r"|Mensaje\s+reenviado|Messaggio\s+originale|Messaggio\s+inoltrato|Mensagem\s+original"
    r"|Oorspronkelijk\s+bericht|Doorgestuurd\s+bericht|Reply\s+message"
)
HISTORY_MARKER = Lazy(
    rf"[-_=\s]*-{{2,}}\s*(?:{_MESSAGE_WORDS})\s*-{{2,}}[-_=\s]*"
    r"|Begin\s+forwarded\s+message\s*:|Anfang\s+der\s+weitergeleiteten\s+Nachricht\s*:"
    r"|D[ée]but\s+du\s+message\s+r[ée]exp[ée]di[ée]\s*:",
    re.IGNORECASE,
)
HELPDESK_MARKER = Lazy(
    r".{0,60}\b(?:reply|respond|write|type\s+(?:your\s+)?(?:reply|response|answer))\b"
    r".{0,40}\babove\s+this\s+line\b.{0,30}"
    r"|.{0,40}\b(?:do\s+not|don't|please\s+do\s+not)\s+(?:write|reply|type)\b.{0,30}"
    r"\bbelow\s+this\s+line\b.{0,30}",
    re.IGNORECASE,
)
_FROM = r"From|Von|De|Van|Da|Fra|Från|Od"
_OTHER = (
    r"Sent|Date|To|Cc|Subject|Gesendet|Datum|An|Betreff|Envoy[ée]|[ÀA]|Objet"
    r"|Enviad[oa](?:\s+em)?|Para|Asunto|Assunto|Data|Inviato|Oggetto|Verzonden|Aan"
    r"|Onderwerp|Skickat|Till|[ÄA]mne|Sendt|Emne"
)
OUTLOOK_FROM = Lazy(rf"[ \t]*\*?(?:{_FROM})\s*:\*?\s*\S.*", re.IGNORECASE)
OUTLOOK_OTHER = Lazy(rf"[ \t]*\*?(?:{_OTHER})\s*:\*?(?:\s.*)?", re.IGNORECASE)
RULE_LINE = Lazy(r"[ \t]*_{10,}[ \t]*")
INLINE_HEADER = Lazy(r"(?:^|\s)\*?(From|Sent|Date|To|Cc|Subject)\s*:\*?\s", re.IGNORECASE)


MARKER_MAX = 400  # no marker or attribution line is longer; bounds the regex work per line


def _joined(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def _attribution_before(lines: list[str], quote: int, taken: list[bool]) -> list[int]:
    """Indexes of the attribution lines just above the quoted line ``quote`` (maybe none).

    One blank line may stand between the attribution and the quote; the attribution may be
    wrapped over up to three lines (Gmail wraps long ones at the address).
    """
    end = quote - 1
    if end >= 0 and not lines[end].strip():
        end -= 1
    for size in (3, 2, 1):
        first = end - size + 1
        if first < 0 or any(taken[i] or not lines[i].strip() for i in range(first, end + 1)):
            continue
        if size > 1 and not WRAPPED_START.match(lines[first].lstrip()):
            continue  # a wrapped attribution starts like one: never swallow the agent's line
        joined = _joined(lines[first : end + 1])
        if len(joined) <= MARKER_MAX and ATTRIBUTION.fullmatch(joined):
            return list(range(first, end + 1))
    return []


_HISTORY_WORDS = ("begin", "anfang", "début", "debut")


def _could_start_history(line: str) -> bool:
    """A cheap look that every marker line passes (most prose lines do not): a run of
    dashes or underscores, "... this line", a forwarding phrase, or a colon after a short
    header-like name. It spares most replies the patterns' compiling (about 4 ms)."""
    if "--" in line or "___" in line or "this line" in line.lower():
        return True
    head, colon, _ = line.partition(":")
    if not colon:
        return False
    head = head.strip(" \t*").lower()
    return len(head) <= 16 or head.startswith(_HISTORY_WORDS) or line.count(":") >= 3


def _history_start(lines: list[str], index: int) -> bool:
    """Whether unquoted earlier mail starts at line ``index`` and runs to the end."""
    line = lines[index].rstrip("\r")
    if len(line) > MARKER_MAX or not _could_start_history(line):
        return False
    if HISTORY_MARKER.fullmatch(line):
        return True
    if "this line" in line.lower() and HELPDESK_MARKER.fullmatch(line.strip()):
        return True
    if "___" in line and RULE_LINE.fullmatch(line):
        following = [x for x in lines[index + 1 : index + 3] if x.strip()]
        return bool(following) and bool(OUTLOOK_FROM.fullmatch(following[0].rstrip("\r")))
    if INLINE_HEADER.match(line) and len({m.lower() for m in INLINE_HEADER.findall(line)}) >= 3:
        return True  # the whole Outlook block on one line (some web mailers)
    if OUTLOOK_FROM.fullmatch(line) or OUTLOOK_OTHER.fullmatch(line):
        block = []
        for nxt in lines[index : index + 7]:
            nxt = nxt.rstrip("\r")
            if not (OUTLOOK_FROM.fullmatch(nxt) or OUTLOOK_OTHER.fullmatch(nxt)):
                break
            block.append(nxt)
        return len(block) >= 3 and any(OUTLOOK_FROM.fullmatch(x) for x in block[:2])
    return False


def customer_lines(lines: list[str]) -> list[bool]:
    """For each body line, whether it is not the agent's own prose (quote, history, signature)."""
    return _classify(lines)[0]


def _classify(lines: list[str]) -> tuple[list[bool], int | None]:
    """``customer_lines``, and the index of a ``-- `` line that starts the signature."""
    count = len(lines)
    taken = [False] * count
    for index, line in enumerate(lines):
        if QUOTED.match(line):
            taken[index] = True
    for index in range(count):
        if taken[index] and (index == 0 or not taken[index - 1]):
            for attribution in _attribution_before(lines, index, taken):
                taken[attribution] = True
    for index in range(count):
        if taken[index]:
            continue
        line = lines[index].rstrip("\r")
        if not (
            ":" in line
            or "-" in line
            or "_" in line
            or line.lstrip().startswith("On")
            or "line" in line.lower()
        ):
            continue  # every marker has one of these: most prose lines cost no regex
        if SIGNATURE.fullmatch(line):
            return taken[:index] + [True] * (count - index), index
        if (
            _history_start(lines, index)
            or ON_WROTE.fullmatch(line)
            or _wrapped_on_wrote(lines, index)
        ):
            return taken[:index] + [True] * (count - index), None
    return taken, None


def _wrapped_on_wrote(lines: list[str], index: int) -> bool:
    """An ``On ... wrote:`` attribution over two or three lines with no quote under it."""
    if not lines[index].lstrip().startswith("On "):
        return False
    for size in (2, 3):
        chunk = lines[index : index + size]
        if len(chunk) < size or not all(x.strip() for x in chunk):
            return False
        if ON_WROTE.fullmatch(_joined(chunk)):
            return True
    return False


NOT_NEWLINE = Lazy(r"[^\n]")


def mask_customer_text(body: str) -> str:
    """``body`` with every line that is not the agent's replaced by spaces (same length)."""
    return mask_body(body)[0]


def mask_body(body: str) -> tuple[str, int | None]:
    """``mask_customer_text``, and the offset of the ``-- `` line if a signature follows.

    The signature is not linted as prose, but it is where the agent's name stands: the
    sign-off rule asks for it.
    """
    lines = body.split("\n")
    taken, signature = _classify(lines)
    at = None if signature is None else sum(len(line) + 1 for line in lines[:signature])
    if not any(taken):
        return body, at
    masked = "\n".join(
        NOT_NEWLINE.sub(" ", line) if hidden else line
        for line, hidden in zip(lines, taken, strict=True)
    )
    return masked, at
