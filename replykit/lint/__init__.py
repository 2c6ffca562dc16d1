"""The lint engine: settings from config and flags, rules over a reply, reports."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from replykit.config import Config
from replykit.errors import ConfigError, InputError
from replykit.io.files import STDIN, STDIN_LABEL, read_text
from replykit.models import FileReport, Finding, Severity
from replykit.rules import LintSettings, Rule, all_rules, default_thresholds
from replykit.text.lexicon import Lexicon
from replykit.text.reply import Reply, parse_reply

REPLY_SUFFIXES = (".txt", ".eml")
BATCH_PARALLEL_MIN = 128  # the benchmark measured the crossover between 100 and 200 files


def _check_rule_names(names: Iterable[str], where: str, path: Path | None) -> None:
    known = all_rules()
    for name in names:
        if name not in known:
            from replykit.library.snippets import closest_ids

            close = closest_ids(name, sorted(known))
            hint = f"did you mean {', '.join(close)}?" if close else "see 'replykit rules'"
            raise ConfigError(f"unknown rule '{name}' in {where}", path=path, hint=hint)


def make_settings(
    config: Config, *, disable: Iterable[str] = (), enable: Iterable[str] = ()
) -> LintSettings:
    """Built-in defaults < config's [lint] < --disable/--enable."""
    lint = config.lint
    path = config.files[-1] if config.files else None
    thresholds = default_thresholds()
    for key, value in lint.get("thresholds", {}).items():
        if key not in thresholds:
            raise ConfigError(
                f"unknown threshold 'lint.thresholds.{key}'",
                path=path,
                hint=f"known: {', '.join(thresholds)}",
            )
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ConfigError(f"'lint.thresholds.{key}' must be a number", path=path)
        thresholds[key] = value
    severities: dict[str, Severity] = {}
    _check_rule_names(lint.get("severity", {}), "lint.severity", path)
    for name, value in lint.get("severity", {}).items():
        try:
            severities[name] = Severity.parse(str(value))
        except ValueError as exc:
            raise ConfigError(f"lint.severity.{name}: {exc}", path=path) from None
    disabled = set(lint.get("disable", []))
    _check_rule_names(disabled, "lint.disable", path)
    enabled = set(lint.get("enable", []))
    _check_rule_names(enabled, "lint.enable", path)
    _check_rule_names(disable, "--disable", None)
    _check_rule_names(enable, "--enable", None)
    disabled = (disabled - enabled | set(disable)) - set(enable)
    disabled |= {
        n
        for n, r in all_rules().items()
        if not r.default_enabled and n not in enabled and n not in set(enable)
    }
    return LintSettings(
        lexicon=Lexicon(lint.get("words"), path),
        thresholds=thresholds,
        disabled=disabled,
        severities=severities,
    )


def customer_names(values: dict[str, Any]) -> tuple[str, ...]:
    customer = values.get("customer", {}) if isinstance(values, dict) else {}
    names = [customer.get(k) for k in ("first_name", "last_name", "name")]
    return tuple(str(n) for n in names if n)


def run_rules(
    reply: Reply, settings: LintSettings, rules: dict[str, Rule] | None = None
) -> list[Finding]:
    findings: list[Finding] = []
    for name, item in (rules or all_rules()).items():
        if item.check is None or name in settings.disabled:
            continue
        severity = settings.severities.get(name, item.severity)
        for hit in item.check(reply, settings):
            line, column = reply.position(hit.start)
            end_line, end_column = reply.position(hit.end)
            findings.append(
                Finding(
                    name,
                    item.code,
                    severity,
                    line,
                    column,
                    end_line,
                    end_column,
                    hit.message,
                    hit.suggestion,
                )
            )
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return findings


def lint_text(
    text: str,
    path: str,
    settings: LintSettings,
    *,
    subject: str | None = None,
    names: tuple[str, ...] = (),
    tone: str = "casual",
) -> FileReport:
    """Lint one reply's text; pure: no I/O, no terminal."""
    reply = parse_reply(text, path, subject=subject, customer_names=names, tone=tone)
    findings = run_rules(reply, settings)
    stats: dict[str, float] = {}
    if "readability" not in settings.disabled and reply.prose.strip():
        from replykit.text.readability import scores

        stats = scores(reply.prose).as_dict()
    return FileReport(path=path, findings=findings, stats=stats, text=text)


def collect_files(targets: list[str]) -> list[str]:
    """Files as given, every reply file in a directory (recursively), ``-`` for stdin."""
    files: list[str] = []
    for target in targets:
        if target == STDIN:
            files.append(STDIN)
            continue
        path = Path(target)
        if path.is_dir():
            from replykit.io.walk import walk

            walked = walk(path, REPLY_SUFFIXES)
            if walked.unreadable:
                raise InputError(
                    "cannot read this folder: permission denied",
                    path=walked.unreadable[0],
                    hint="check its permissions, or lint the readable files by name",
                )
            found = [str(p) for p in walked.files]
            if not found:
                raise InputError(
                    "no replies (*.txt, *.eml) in this directory",
                    path=target,
                    hint="give a reply file or a folder that has some",
                )
            files.extend(found)
        elif not path.exists():
            raise InputError("no such file", path=target, hint="check the path")
        else:
            files.append(target)
    return files


def read_reply(path: str) -> str:
    text = read_text(path, what="reply")
    if not text.strip():
        raise InputError(
            "the reply is empty",
            path=STDIN_LABEL if path == STDIN else path,
            hint="write the reply first",
        )
    return text


def _lint_each(
    paths: list[str],
    settings: LintSettings,
    subject: str | None,
    names: tuple[str, ...],
    tone: str,
) -> list[FileReport | InputError]:
    out: list[FileReport | InputError] = []
    for path in paths:
        try:
            label = STDIN_LABEL if path == STDIN else path
            out.append(
                lint_text(
                    read_reply(path), label, settings, subject=subject, names=names, tone=tone
                )
            )
        except InputError as exc:
            out.append(exc)
    return out


_worker_job: tuple[LintSettings, str | None, tuple[str, ...], str] | None = None


def _start_worker(*job: Any) -> None:
    """Keep the batch's settings in the worker: sent once, not with every chunk."""
    global _worker_job
    _worker_job = job  # type: ignore[assignment]


def _lint_in_worker(paths: list[str]) -> list[FileReport | InputError]:
    assert _worker_job is not None
    return _lint_each(paths, *_worker_job)


def lint_files(
    paths: list[str],
    settings: LintSettings,
    *,
    subject: str | None = None,
    names: tuple[str, ...] = (),
    tone: str = "casual",
    jobs: int | None = None,
) -> list[FileReport | InputError]:
    """Lint many files; a process pool above BATCH_PARALLEL_MIN files uses every core."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if len(paths) < BATCH_PARALLEL_MIN or workers <= 1 or STDIN in paths:
        return _lint_each(paths, settings, subject, names, tone)
    from concurrent.futures import ProcessPoolExecutor

    size = max(8, len(paths) // (workers * 8))  # small chunks: no worker idles at the end
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    results: list[FileReport | InputError] = []
    with ProcessPoolExecutor(
        max_workers=workers,
        initializer=_start_worker,
        initargs=(settings, subject, names, tone),
    ) as pool:
        for part in pool.map(_lint_in_worker, chunks):
            results.extend(part)
    return results


def fails(reports: list[FileReport], fail_on: Severity) -> bool:
    return any(f.severity >= fail_on for r in reports for f in r.findings)


def fixes_for(reply: Reply, settings: LintSettings) -> list[tuple[int, int, str]]:
    """The certain fixes rules offer: (start, end, replacement), non-overlapping."""
    edits: list[tuple[int, int, str]] = []
    for name, item in all_rules().items():
        if item.check is None or name in settings.disabled:
            continue
        edits.extend(
            (h.start, h.end, h.fix) for h in item.check(reply, settings) if h.fix is not None
        )
    edits.sort(key=lambda e: (e[0], e[1]))
    chosen: list[tuple[int, int, str]] = []
    for start, end, replacement in edits:
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, replacement))
    return chosen


def fix_text(
    text: str,
    settings: LintSettings,
    *,
    subject: str | None = None,
    names: tuple[str, ...] = (),
    tone: str = "casual",
) -> tuple[str, int]:
    """Apply only certain fixes; every byte outside the fixed spans is kept."""
    total = 0
    for _ in range(5):  # a fix can reveal another ("on the the  Thursday")
        reply = parse_reply(text, subject=subject, customer_names=names, tone=tone)
        if reply.decoded:
            return text, 0
        edits = fixes_for(reply, settings)
        if not edits:
            break
        for start, end, replacement in reversed(edits):
            text = text[:start] + replacement + text[end:]
        total += len(edits)
    return text, total
