"""Rules over one reply: the only place a Finding is built."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from replykit.models import FileReport, Finding, Severity

if TYPE_CHECKING:
    from replykit.lint.settings import LintSettings
    from replykit.models import Decoded
    from replykit.rules import Rule
    from replykit.text.reply import Reply

Position = tuple[int, int]  # 1-based line and column


def make_finding(
    rule: str,
    *,
    start: Position,
    end: Position | None = None,
    message: str,
    suggestion: str | None = None,
    origin: str = "replykit",
    settings: LintSettings | None = None,
    severity: Severity | None = None,
    decoded: Decoded | None = None,
) -> Finding:
    """A Finding for rule ``rule``: its code from the registry, the severity in force.

    ``severity`` wins over the run's ``[lint.severity]``, which wins over the rule's own.
    """
    from replykit.rules import all_rules

    item: Rule = all_rules()[rule]
    if severity is None:
        severity = settings.severities.get(rule, item.severity) if settings else item.severity
    end = end or start
    return Finding(
        rule=rule,
        code=item.code,
        severity=severity,
        line=start[0],
        column=start[1],
        end_line=end[0],
        end_column=end[1],
        message=message,
        suggestion=suggestion,
        origin=origin,
        decoded=decoded,
    )


def sort_findings(findings: list[Finding]) -> None:
    findings.sort(key=lambda f: (f.line, f.column, f.rule))


def run_rules(reply: Reply, settings: LintSettings) -> list[Finding]:
    """Every enabled rule over ``reply``, findings in file order."""
    from replykit.rules import checked_hits

    findings: list[Finding] = []
    for name, _, hit in checked_hits(reply, settings):  # each span once, most specific rule
        if not reply.allows(name, hit.start):
            continue  # a {# replykit: disable ... #} comment
        line, column, end_line, end_column, decoded = reply.locate(hit.start, hit.end)
        findings.append(
            make_finding(
                name,
                start=(line, column),
                end=(end_line, end_column),
                message=hit.message,
                suggestion=hit.suggestion,
                settings=settings,
                decoded=decoded,
            )
        )
    sort_findings(findings)
    return findings


def customer_names(values: dict[str, Any]) -> tuple[str, ...]:
    """The customer's names from a context, for the greeting rule and the spell checker."""
    customer = values.get("customer", {}) if isinstance(values, dict) else {}
    if not isinstance(customer, dict):
        return ()
    names = [customer.get(k) for k in ("first_name", "last_name", "name")]
    return tuple(str(n) for n in names if n and isinstance(n, str | int))


def lint_text(
    text: str,
    path: str,
    settings: LintSettings,
    *,
    subject: str | None = None,
    names: tuple[str, ...] = (),
    tone: str | None = None,
    span: tuple[int, int] | None = None,
) -> FileReport:
    """Lint one reply's text (one message of it: ``span``); pure: no I/O, no terminal."""
    from replykit.text.reply import parse_reply

    reply = parse_reply(
        text,
        path,
        subject=subject,
        customer_names=names,
        tone=tone or settings.tone,
        lexicon=settings.lexicon,
        span=span,
    )
    findings = run_rules(reply, settings)
    stats: dict[str, float] = {}
    if "readability" not in settings.disabled and reply.prose.strip():
        from replykit.text.readability import scores

        stats = scores(reply.prose).as_dict()
    return FileReport(
        path=path,
        findings=findings,
        stats=stats,
        text=reply.file_text,
        notices=reply.notices,
        span=span,
    )


def lint_messages(text: str, path: str, settings: LintSettings, **options: Any) -> list[FileReport]:
    """One report per message of an mbox file (numbered), else one for the file."""
    from replykit.text.lines import normalise_newlines, split_mbox

    spans = split_mbox(normalise_newlines(text))
    if not spans or len(spans) == 1:
        return [lint_text(text, path, settings, **options)]
    reports = []
    for number, span in enumerate(spans, 1):
        report = lint_text(text, path, settings, span=span, **options)
        report.message = number
        reports.append(report)
    return reports
