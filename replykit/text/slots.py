"""Unfilled slots of a canned reply, in every syntax teams and tools use.

A slot left in a sent reply proves it was pasted, so this errs on the side of finding
one: brackets of any case, angle brackets that are not HTML, the merge tags of common
tools, slot words in capitals (``ORDERID``, ``DATE_HERE``, also inside a link), masks
(``$XX.XX``, ``#NNNN``) and alternatives left for the writer to pick (``(he/she)``).
Each family is a regex behind a cheap gate; a few are then judged by a short test that
a regex would state badly (is ``<order number>`` an HTML tag? is ``ORGNAME`` two slot
words?).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from replykit.text.gate import Gated, Lazy

# Syntactic slots, one regex per family behind the characters it needs: a price's "$" or
# an email's "<" then costs one small scan, not one of every family's alternatives.
BRACES = Gated(
    Lazy(
        # {{ x }}, {% x %}, {# x #}, a lone {{ or }}, ${x}, %{x.y}, {x}
        r"\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}|\{#[^{}\n]{0,80}#\}|\{\{|\}\}"
        r"|[$%]?\{[A-Za-z_][\w.]{0,40}\}"
        # ${Cases.Contact Name} (Zoho), {!Contact.FirstName} (Salesforce), {0}
        r"|\$\{[^{}\n]{1,60}\}|\{![A-Za-z][\w.]{0,60}\}|\{\d\}"
    ),
    needles=("{", "}"),
)
BRACKETS = Gated(
    Lazy(
        # [[name]]; [any words]: not a footnote [1], not a markdown link [text](url)
        r"\[\[[^\[\]\n]{1,60}\]\]|[@#$]?\[[A-Za-z][\w .,'’/&:-]{0,60}\](?![(\[])"
    ),
    needles=("[",),
)
ANGLES = Gated(
    # <<date>>, <CUSTOMER NAME>, @<handle>, <%= name %>: HTML is judged in code
    Lazy(r"<<[^<>\n]{1,60}>>|[@#$]?<[A-Za-z][A-Za-z0-9_ .'’-]{0,60}>|<%=?[^%\n]{0,80}%>"),
    needles=("<",),
)
MERGE_TAGS = Gated(
    Lazy(
        # *|FNAME|* (Mailchimp), %AGENT_NAME%, %s, $FIRST_NAME, __ORDER_ID__
        r"\*\|[A-Za-z_][\w:]{0,40}\|\*"
        r"|(?<![\w%])%[A-Za-z_][\w.]{0,40}%(?![\w%])|(?<![\w%])%[sd](?![\w%])"
        r"|\$[A-Z][A-Z0-9_]{2,40}\b"
        r"|(?<![\w])__(?:[A-Z][A-Z0-9]*|[a-z0-9]+_[a-z0-9_]*|[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+)__(?!\w)"
    ),
    gate=Lazy(r"\*\||%|\$[A-Z]|__"),  # "$49.00" is no tag: most replies skip the scan
)
MASK_WORDS = ("XX", "xx", "NN", "TODO", "TBD", "FIXME")
MASK_LETTERS = frozenset("XxN")


def _could_be_mask(text: str) -> bool:
    """A mask word, or a currency sign before X or N (``$X``, ``€ N``): every mask has one.

    A regex gate with ``£`` or ``€`` in it costs 0.4 ms to compile, more than the test saves.
    """
    if any(word in text for word in MASK_WORDS):
        return True
    for sign in "$£€":
        at = text.find(sign)
        while at != -1:
            after = text[at + 1 : at + 3]
            if after[:1] in MASK_LETTERS or (after[:1].isspace() and after[1:] in MASK_LETTERS):
                return True
            at = text.find(sign, at + 1)
    return False


MASKS = Gated(
    Lazy(
        # $XX.XX, XX/XX/XXXX, #NNNN, XXXX, xxx, and the markers TODO, TBD, FIXME
        r"(?<![\w$£€#])(?:[$£€#]\s?)?(?:X{2,}|x{2,}|N{2,})(?:[./:,-](?:X{2,}|x{2,}|N{2,}|\d+))+(?!\w)"
        r"|(?<![\w$£€#])[$£€]\s?(?:X+|x+|N+)(?!\w)"
        r"|(?<!\w)#(?:N{3,}|X{3,}|x{3,})(?!\w)"
        r"|(?<![\w-])(?:X{3,}|x{3,}|TODO|TBD|FIXME)(?![\w-])"
    ),
    test=_could_be_mask,
)
SYNTAX = (BRACES, BRACKETS, ANGLES, MERGE_TAGS, MASKS)

# Words in capitals: a slot when glued with underscores or made of two slot words.
CAPS_TOKEN = Gated(
    Lazy(r"(?<![A-Za-z0-9_])#?(?=[A-Z0-9_]{4})[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?![A-Za-z0-9_])"),
    gate=Lazy(r"[A-Z][A-Z0-9_]{3}"),
)

# (refund, replacement), (he/she): two to four short choices, nothing else.
ALTERNATIVES = Gated(
    Lazy(r"(?<![\w(])\(([A-Za-z][A-Za-z' -]{0,30}(?:\s*[,/|]\s*[A-Za-z][A-Za-z' -]{0,30}){1,3})\)"),
    needles=("(",),
)

# "Order # has shipped": the number was never filled in.
EMPTY_NUMBER = Gated(
    Lazy(r"\b(?i:order|ticket|invoice|case|reference|request|account)[ \t]+(#)(?=[\s,.;:]|$)"),
    needles=("#",),
)
# Slot words that stand alone in capitals: "Hello NAME," is a slot, not a shout.
LONE_SLOT_WORDS = frozenset(
    ["NAME", "FIRSTNAME", "DATE", "EMAIL", "PHONE", "AMOUNT", "COMPANY", "CUSTOMER", "AGENT"]
)
SLOT_WORDS = frozenset(
    """NAME FIRST LAST FULL ORDER ORG ORGANIZATION ORGANISATION COMPANY CUSTOMER CLIENT
    USER AGENT TICKET CASE ID NO NUM NUMBER NR DATE TIME HERE EMAIL PHONE LINK URL
    ADDRESS AMOUNT PRICE TOTAL PRODUCT PLAN ACCOUNT INVOICE TRACKING CODE INSERT YOUR
    TEAM SIGNATURE TITLE CITY COUNTRY POSTCODE REF REFERENCE DOMAIN WORKSPACE PROJECT
    SITE STORE SHOP BRAND HANDLE USERNAME LOGIN PASSWORD COUPON DISCOUNT DUE START END
    DEADLINE DEPARTMENT ROLE MONTH YEAR VALUE FIELD TEXT SOMETHING PLACEHOLDER""".split()  # noqa: SIM905
)
HTML_TAGS = frozenset(
    """a abbr address article aside b bdi bdo blockquote body br button caption center cite
    code col colgroup dd del details dfn div dl dt em embed fieldset figcaption figure
    font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd
    label legend li link main mark meta nav ol optgroup option p pre q s samp script
    section select small source span strike strong style sub summary sup table tbody td
    template textarea tfoot th thead time title tr tt u ul var video wbr""".split()  # noqa: SIM905
)
NOT_BRACKET_SLOTS = frozenset(
    ["sic", "at", "dot", "x", "external", "ext", "solved", "resolved", "spam", "sent", "update"]
)
# Parenthesised lists that are ordinary prose, not choices left open.
ORDINARY_CHOICE_WORDS = frozenset(
    """e g i etc and or see including such for example the a an which that if as like not
    but so also usually about yes no really please""".split()  # noqa: SIM905
)


@lru_cache(maxsize=512)
def slot_compound(word: str) -> bool:
    """Whether a word in capitals is two or more slot words run together (ORDERID)."""
    n = len(word)
    reach = [0] * (n + 1)  # reach[i]: the most slot words that spell word[:i] (0: none)
    reach_ok = [False] * (n + 1)
    reach_ok[0] = True
    for end in range(2, n + 1):
        for start in range(max(0, end - 12), end - 1):
            if reach_ok[start] and word[start:end] in SLOT_WORDS:
                reach_ok[end] = True
                reach[end] = max(reach[end], reach[start] + 1)
    return reach_ok[n] and reach[n] >= 2


def _caps_slot(token: str) -> bool:
    word = token.lstrip("#")
    parts = [p for p in word.split("_") if p]
    if len(parts) >= 2 and sum(any(c.isalpha() for c in p) for p in parts) >= 2:
        return True
    if word in LONE_SLOT_WORDS:
        return True
    return len(word) >= 4 and word.isalpha() and slot_compound(word)


def _syntactic_slot(found: str) -> bool:
    """Drop the look-alikes the regex cannot tell apart: HTML tags, [sic], [EXTERNAL]."""
    body = found.lstrip("@#$")
    if body.startswith("<") and not body.startswith("<<"):
        first = re.split(r"[\s/>]", body[1:], maxsplit=1)[0].lower()
        return first not in HTML_TAGS
    if body.startswith("[") and not body.startswith("[["):
        return body[1:-1].strip().lower() not in NOT_BRACKET_SLOTS
    return True


def _alternatives_slot(inner: str) -> bool:
    items = [i.strip() for i in re.split(r"\s*[,/|]\s*", inner)]
    if any(not i or len(i.split()) > 3 for i in items):
        return False
    words = {w.lower() for i in items for w in re.findall(r"[A-Za-z']+", i)}
    if words & ORDINARY_CHOICE_WORDS:
        return False
    # capitals make it a menu path or names, (Settings, Billing), (iOS/Android): prose
    return all(i.islower() for i in items)


SUBJECT_TAG = Lazy(r"(?:(?:re|fwd?|aw|sv)\s*:\s*)*\[([A-Za-z][\w .&'’-]*)\]", re.IGNORECASE)


def is_subject_tag(subject: str, start: int, end: int) -> bool:
    """``[Acme Support] Your refund``: a help desk's tag opening a subject, not a slot,
    unless its words are slot words (``[Product Name] is ready``)."""
    found = SUBJECT_TAG.match(subject)
    if found is None or found.span(1) != (start + 1, end - 1):
        return False
    words = re.findall(r"[A-Za-z]+", found.group(1))
    return not any(w.upper() in SLOT_WORDS for w in words)


def find_slots(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of unfilled slots in ``text``, sorted and not overlapping.

    Cached: the placeholder rule and the capitals rules ask about the same text.
    """
    return _cached(text)


@lru_cache(maxsize=64)
def _cached(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_find_slots(text))


def _find_slots(text: str) -> Iterator[tuple[int, int]]:
    spans = [
        m.span() for family in SYNTAX for m in family.finditer(text) if _syntactic_slot(m.group())
    ]
    spans += [m.span() for m in CAPS_TOKEN.finditer(text) if _caps_slot(m.group())]
    spans += [m.span() for m in ALTERNATIVES.finditer(text) if _alternatives_slot(m.group(1))]
    spans += [m.span(1) for m in EMPTY_NUMBER.finditer(text)]
    end = -1
    for start, stop in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= end:
            yield start, stop
            end = stop
