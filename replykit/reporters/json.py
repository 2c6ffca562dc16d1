"""The stable JSON schema (version 1), documented in the README."""

from __future__ import annotations

import json
from collections.abc import Callable

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
        "files": [file_data(r) for r in reports],
        "summary": summary,
    }


def render(reports: list[FileReport]) -> str:
    return json.dumps(as_data(reports), ensure_ascii=True, indent=2) + "\n"


def file_data(report: FileReport) -> dict:
    data: dict = {"path": report.path}
    if report.message is not None:  # one message of an mbox file
        data["message"] = report.message
    data["findings"] = [f.to_dict() for f in report.findings]
    data["stats"] = report.stats
    return data


class JsonStream:
    """The same document as ``render``, written one file at a time (a batch of 100,000
    replies is never one string); ``close`` writes the summary from the counts."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self.write = write
        self.started = False

    def add(self, report: FileReport) -> None:
        item = json.dumps(file_data(report), ensure_ascii=True, indent=2)
        item = "\n".join("    " + line for line in item.split("\n"))
        if not self.started:
            self.write(f'{{\n  "version": {SCHEMA_VERSION},\n  "files": [\n{item}')
            self.started = True
        else:
            self.write(f",\n{item}")

    def close(self, summary: dict[str, int]) -> None:
        if not self.started:
            self.write(f'{{\n  "version": {SCHEMA_VERSION},\n  "files": [')
            files_end = "],\n"
        else:
            files_end = "\n  ],\n"
        body = json.dumps(summary, ensure_ascii=True, indent=2).replace("\n", "\n  ")
        self.write(f'{files_end}  "summary": {body}\n}}\n')
