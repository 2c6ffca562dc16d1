"""Plain data that flows between loading, rendering, linting and reporting."""

from enum import IntEnum
from pathlib import Path
from typing import Any, NamedTuple


class Severity(IntEnum):
    """Ordered so that ``finding.severity >= fail_on`` reads naturally."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (use error, warning or suggestion)"
            ) from None


class Decoded(NamedTuple):
    """Where a finding stands in a MIME message's decoded text, when the file has it encoded.

    The decoded text is what was linted: a ``Subject:`` line, a blank line, the text part.
    """

    offset: int  # 0-based character offset
    line: int
    column: int
    text: str  # the decoded line, for the rich view
    end_column: int = 0  # where the flagged text ends on that line (the rich view's carets)


class Finding(NamedTuple):
    """One problem in one reply; 1-based positions in characters of the file as given."""

    rule: str
    code: str
    severity: Severity
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    suggestion: str | None = None
    origin: str = "replykit"
    decoded: Decoded | None = None  # set when line:column cannot point at the text itself

    def to_dict(self) -> dict[str, Any]:
        data = {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.label,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "suggestion": self.suggestion,
            "origin": self.origin,
        }
        if self.decoded is not None:
            data["decoded"] = {
                "offset": self.decoded.offset,
                "line": self.decoded.line,
                "column": self.decoded.column,
            }
        return data


class Snippet(NamedTuple):
    """A reply template: front matter plus a Jinja2 body, found in a library."""

    id: str
    path: Path
    library: Path
    title: str
    subject: str
    body: str
    body_line: int  # the file line on which the body starts (front matter counted)
    example: dict[str, Any]  # values for a preview; may be empty
    tags: tuple[str, ...] = ()
    tone: str = "casual"
    description: str = ""
    fields: tuple[Any, ...] = ()  # replykit.library.fields.Field: declared, then inferred
    reply_subject: str = ""  # the subject when replying to a message; default "Re: ..."

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "tags": list(self.tags),
            "tone": self.tone,
            "description": self.description,
            "path": str(self.path),
        }


class Draft(NamedTuple):
    """A rendered reply: what ``replykit draft`` prints and ``replykit lint`` reads."""

    snippet_id: str
    subject: str
    body: str
    tone: str = "casual"

    def as_text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"


class FileReport:
    """The findings for one checked file, plus the readability figures for the summary."""

    __slots__ = ("findings", "message", "notices", "path", "span", "stats", "text")

    def __init__(
        self,
        path: str,
        findings: list[Finding],
        stats: dict[str, float] | None = None,
        text: str = "",
        notices: list[str] | None = None,  # e.g. "linted the text/html part"
        message: int | None = None,  # 1-based number of the message in an mbox file
        span: tuple[int, int] | None = None,  # that message's characters in ``text``
    ) -> None:
        self.path, self.findings, self.text = path, findings, text
        self.stats = {} if stats is None else stats
        self.notices = [] if notices is None else notices
        self.message, self.span = message, span

    def __repr__(self) -> str:
        return f"FileReport({self.path!r}, {len(self.findings)} findings)"
