"""Plain data that flows between loading, rendering, linting and reporting."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (use error, warning or suggestion)"
            ) from None


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

    def to_dict(self) -> dict[str, Any]:
        return {
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


@dataclass(slots=True)
class FileReport:
    """The findings for one checked file, plus the readability figures for the summary."""

    path: str
    findings: list[Finding]
    stats: dict[str, float] = field(default_factory=dict)
    text: str = ""
