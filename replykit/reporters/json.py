"""The stable JSON schema (version 1), documented in the README."""

from __future__ import annotations

import json

from replykit.models import FileReport, Severity

SCHEMA_VERSION = 1


def as_data(reports: list[FileReport]) -> dict:
    summary = {"files": len(reports)}
    for severity in (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION):
        summary[severity.label] = sum(
            1 for r in reports for f in r.findings if f.severity == severity
        )
    return {
        "version": SCHEMA_VERSION,
        "files": [
            {"path": r.path, "findings": [f.to_dict() for f in r.findings], "stats": r.stats}
            for r in reports
        ],
        "summary": summary,
    }


def render(reports: list[FileReport]) -> str:
    return json.dumps(as_data(reports), ensure_ascii=True, indent=2) + "\n"
