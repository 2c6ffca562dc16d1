"""Many replies: which files a command line names, and linting them, in a pool when it pays."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from replykit.errors import InputError
from replykit.io.files import STDIN, STDIN_LABEL, read_text
from replykit.lint.engine import lint_messages
from replykit.lint.settings import LintSettings
from replykit.models import FileReport

REPLY_SUFFIXES = (".txt", ".eml", ".mbox")
BATCH_PARALLEL_MIN = 128  # the benchmark measured the crossover between 100 and 200 files


def collect_files(targets: list[str]) -> list[str]:
    """Files as given, every reply file in a folder (recursively), ``-`` for stdin."""
    files: list[str] = []
    for target in targets:
        if target == STDIN:
            files.append(STDIN)
            continue
        path = Path(target)
        if path.is_dir():
            from replykit.io.walk import walk_names  # a folder only: one reply never pays

            found, unreadable = walk_names(path, REPLY_SUFFIXES)
            if unreadable:
                raise InputError(
                    "cannot read this folder: permission denied",
                    path=unreadable[0],
                    hint="check its permissions, or lint the readable files by name",
                )
            if not found:
                raise InputError(
                    "no replies (*.txt, *.eml, *.mbox) in this directory",
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


LintJob = tuple[LintSettings, str | None, tuple[str, ...], str | None]


def _lint_each(paths: list[str], job: LintJob) -> list[FileReport | InputError]:
    settings, subject, names, tone = job
    out: list[FileReport | InputError] = []
    for path in paths:
        try:
            label = STDIN_LABEL if path == STDIN else path
            text = read_reply(path)
            out.extend(
                lint_messages(text, label, settings, subject=subject, names=names, tone=tone)
            )
        except InputError as exc:
            out.append(exc)
    return out


_worker_job: LintJob | None = None


def _start_worker(job: LintJob) -> None:
    """Keep the batch's settings in the worker: sent once, not with every chunk."""
    global _worker_job
    _worker_job = job


def _lint_in_worker(paths: list[str]) -> list[FileReport | InputError]:
    assert _worker_job is not None
    return _lint_each(paths, _worker_job)


def usable_cpus() -> int:
    """The CPUs this process may run on (a container or taskset may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def iter_lint(
    paths: list[str],
    settings: LintSettings,
    *,
    subject: str | None = None,
    names: tuple[str, ...] = (),
    tone: str | None = None,
    jobs: int | None = None,
) -> Iterator[FileReport | InputError]:
    """Each file's report (or input error) as soon as it and every file before it are done,
    in input order; nothing is kept once handed over, so a batch runs in flat memory.

    Above BATCH_PARALLEL_MIN files, a process pool as large as the CPUs this process may
    use, with a few chunks in flight at a time, handed back in order.
    """
    job: LintJob = (settings, subject, names, tone)
    workers = jobs if jobs is not None else usable_cpus()
    if len(paths) < BATCH_PARALLEL_MIN or workers <= 1 or STDIN in paths:
        for path in paths:
            yield from _lint_each([path], job)
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(8, min(64, len(paths) // (workers * 8)))  # no worker idles at the end
    chunks = (paths[i : i + size] for i in range(0, len(paths), size))
    window = workers * 4  # chunks in flight: a slow reader of the output holds no more
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(job,)
    ) as pool:
        pending = deque(pool.submit(_lint_in_worker, c) for c in islice(chunks, window))
        while pending:
            part = pending.popleft().result()
            for chunk in islice(chunks, 1):
                pending.append(pool.submit(_lint_in_worker, chunk))
            yield from part
            del part
