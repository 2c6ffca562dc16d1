"""Comments that turn rules off: ``{# replykit: disable RULE #}`` and ``disable-line``.

The syntax is Jinja2's comment, the snippet language's own: in a snippet it vanishes on
rendering, and in a reply it is a form no customer-facing text takes. Two forms:

- ``{# replykit: disable exclamation, emoji #}`` anywhere in the body: those rules are off
  for the whole file;
- ``... text {# replykit: disable-line exclamation #}``: off for findings that start on
  the comment's own line.

The linter masks every such comment with spaces (as it masks quoted text), so no rule
sees it and every other character keeps its position.
"""

from __future__ import annotations

from replykit.text.gate import Lazy

NEEDLE = "{#"
DIRECTIVE = Lazy(r"\{#[ \t]*replykit:[ \t]*(disable-line|disable)\b([^#\n]*)#\}")
RULE_NAME = Lazy(r"[a-z][a-z0-9-]*")


class Directives:
    """Rules turned off: for the file, and per body line (0-based line of the body)."""

    __slots__ = ("file_rules", "line_rules", "spans")  # a plain class: see replykit/__main__.py

    def __init__(self) -> None:
        self.file_rules: set[str] = set()
        self.line_rules: dict[int, set[str]] = {}
        self.spans: list[tuple[int, int]] = []  # body offsets of the comments

    def __bool__(self) -> bool:
        return bool(self.spans)

    def allows(self, rule: str, body_line: int | None) -> bool:
        """Whether a finding of ``rule`` starting on ``body_line`` (None: in the headers)
        is kept."""
        if rule in self.file_rules:
            return False
        return body_line is None or rule not in self.line_rules.get(body_line, ())


def find_directives(body: str) -> Directives:
    """Every replykit comment in ``body`` (quoted text already masked)."""
    found = Directives()
    if NEEDLE not in body:
        return found
    for match in DIRECTIVE.finditer(body):
        rules = set(RULE_NAME.findall(match.group(2)))
        found.spans.append(match.span())
        if match.group(1) == "disable":
            found.file_rules |= rules
        else:
            line = body.count("\n", 0, match.start())
            found.line_rules.setdefault(line, set()).update(rules)
    return found


def file_directive(rules: list[str]) -> str:
    return "{# replykit: disable " + ", ".join(rules) + " #}"


def line_directive(rules: list[str]) -> str:
    return "{# replykit: disable-line " + ", ".join(rules) + " #}"
