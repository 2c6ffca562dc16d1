"""Speed and memory of ``replykit lsp``, driven over stdio as an editor drives it, and
the memory of a large streamed batch.

    python3 -m pip install . && python3 tests/benchmark_lsp.py

Measures (medians unless said otherwise):

- server ready: from starting ``python -m replykit lsp`` to the ``initialize`` answer,
  and to the first diagnostics of an opened reply;
- re-lint: a 200-word reply gets a one-character change (typed, then deleted, at a
  different place each time), ``didChange`` -> ``publishDiagnostics`` for that version.
  Each change comes after a pause longer than the debounce window, as a key after a
  pause does; a burst of keys is measured apart (the lag after its last key);
- memory: the server's peak resident set after all that;
- batch: ``replykit lint --grammar off`` over N replies (``--batch``, default 100,000)
  printing line and JSON output, peak resident set of the biggest process (``wait4``)
  and replies per second;
- grammar: the re-lint and the memory again with Harper warm (the second publish of
  each version, the one with Harper's findings).

Not part of the test suite: timings on a shared machine are too noisy to assert.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import make_reply
from lspclient import LspClient

MiB = 1024 * 1024
TARGETS = {"initialize_ms": 300, "relint_ms": 10, "rss_mib": 200, "batch_rss_mib": 60}


def reply_of(words: int, seed: int = 7) -> str:
    """A reply whose body has exactly ``words`` words, from the generated corpus's text."""
    rng = random.Random(seed)
    head, body = make_reply(rng).split("\n\n", 1)
    paragraphs = body.split("\n\n")
    while sum(len(p.split()) for p in paragraphs) < words:
        paragraphs[-1:-1] = make_reply(rng).split("\n\n")[2:-1]  # middle paragraphs
    kept, count = [], 0
    for paragraph in paragraphs:
        taken = paragraph.split(" ")[: words - count]
        if taken:
            kept.append(" ".join(taken))
        count += len(taken)
    return f"{head}\n\n" + "\n\n".join(kept) + "\n"


def peak_rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure_start(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    ready, first = [], []
    text = reply_of(200)
    for _ in range(runs):
        start = time.perf_counter()
        client = LspClient(cwd=folder)
        client.initialize(folder)
        ready.append(time.perf_counter() - start)
        uri = client.open(folder / "reply.txt", text)
        message = client.wait_for("textDocument/publishDiagnostics", uri=uri)
        first.append(message["_received"] - start)
        client.close()
    return ready, first


def one_change(text: str, index: int) -> tuple[int, int, str]:
    """Where the ``index``-th edit goes: a line and column inside the body."""
    lines = text.split("\n")
    body_lines = [i for i, line in enumerate(lines) if len(line) > 20 and i > 1]
    line = body_lines[index % len(body_lines)]
    column = (index * 7) % (len(lines[line]) - 1) + 1
    return line, column, lines[line]


def measure_relint(
    folder: Path, edits: int, pause: float, grammar: str = "off"
) -> tuple[list[float], float, float | None, int]:
    """With ``grammar`` on, each latency runs to the second publish of the version: the
    one that carries the engine's findings with the built-in ones."""
    text = reply_of(200)
    client = LspClient(cwd=folder)
    client.initialize(folder, options={"grammar": grammar})
    uri = client.open(folder / "reply.txt", text)
    client.wait_for("textDocument/publishDiagnostics", uri=uri, version=1)
    if grammar != "off":  # warm: wait until the engine has answered once
        client.wait_for("textDocument/publishDiagnostics", uri=uri, version=1, timeout=120)
    version, latencies = 1, []

    def change(line: int, column: int, new: str, length: int) -> float:
        nonlocal version
        version += 1
        sent = client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [
                    {
                        "range": {
                            "start": {"line": line, "character": column},
                            "end": {"line": line, "character": column + length},
                        },
                        "text": new,
                    }
                ],
            },
        )
        return sent

    for index in range(edits):
        line, column, _ = one_change(text, index)
        for new, length in (("x", 0), ("", 1)):  # type a character, then delete it
            time.sleep(pause)
            sent = change(line, column, new, length)
            message = client.wait_for("textDocument/publishDiagnostics", uri=uri, version=version)
            if grammar != "off":
                message = client.wait_for(
                    "textDocument/publishDiagnostics", uri=uri, version=version
                )
            latencies.append(message["_received"] - sent)
    # A burst: ten keys 30 ms apart; the lag from the last key to its diagnostics.
    time.sleep(pause)
    line, column, _ = one_change(text, 3)
    for key in range(10):
        sent = change(line, column + key, "y", 0)
        time.sleep(0.03)
    message = client.wait_for("textDocument/publishDiagnostics", uri=uri, version=version)
    if grammar != "off":
        message = client.wait_for("textDocument/publishDiagnostics", uri=uri, version=version)
    burst = message["_received"] - sent
    rss = peak_rss_mib(client.proc.pid)
    client.close()
    return latencies, burst, rss, len(text.split("\n\n", 1)[1].split())


def measure_batch(count: int, folder: Path, fmt: str) -> tuple[float, float | None]:
    rng = random.Random(11)
    batch = folder / "batch"
    if not batch.is_dir() or len(list(batch.iterdir())) != count:
        batch.mkdir(exist_ok=True)
        for index in range(count):
            (batch / f"reply-{index:06d}.txt").write_text(make_reply(rng), encoding="utf-8")
    start = time.perf_counter()
    process = subprocess.Popen(
        # built-in rules only: with Harper (a batch's default) each process holds its tables
        [sys.executable, "-m", "replykit", "lint", str(batch), "--format", fmt, "--grammar", "off"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=folder,
    )
    _, _, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="server starts to time")
    parser.add_argument("--edits", type=int, default=50, help="characters typed and deleted")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between changes")
    parser.add_argument("--batch", type=int, default=100_000, help="replies in the batch")
    parser.add_argument("--quick", action="store_true", help="a smoke run: few samples")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument(
        "--parts",
        default="server,grammar,batch",
        help="what to measure, comma-separated: server, grammar (Harper), batch",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.edits, args.batch = 2, 5, 2_000
    results: dict[str, float | int | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "server" in args.parts:
            ready, first = measure_start(folder, args.runs)
            results["initialize_ms"] = statistics.median(ready) * 1000
            results["first_diagnostics_ms"] = statistics.median(first) * 1000
            latencies, burst, rss, words = measure_relint(folder, args.edits, args.pause)
            results["relint_ms"] = statistics.median(latencies) * 1000
            results["relint_p90_ms"] = statistics.quantiles(latencies, n=10)[-1] * 1000
            results["burst_lag_ms"] = burst * 1000
            results["rss_mib"] = rss
            results["reply_words"] = words
        if "grammar" in args.parts:
            latencies, _, rss, _ = measure_relint(folder, args.edits, args.pause, "harper")
            results["grammar_relint_ms"] = statistics.median(latencies) * 1000
            results["grammar_relint_p90_ms"] = statistics.quantiles(latencies, n=10)[-1] * 1000
            results["grammar_rss_mib"] = rss
        if "batch" in args.parts:
            for fmt in ("line", "json"):
                seconds, batch_rss = measure_batch(args.batch, folder, fmt)
                results[f"batch_{fmt}_seconds"] = seconds
                results[f"batch_{fmt}_rss_mib"] = batch_rss
            results["batch_replies"] = args.batch
    words = results.get("reply_words")
    rows = [
        ("server ready (initialize answered)", "initialize_ms", "ms", "initialize_ms"),
        ("first diagnostics after start", "first_diagnostics_ms", "ms", None),
        (f"re-lint, {words}-word reply, one character", "relint_ms", "ms", "relint_ms"),
        ("re-lint, 90th percentile", "relint_p90_ms", "ms", None),
        ("lag after a 10-key burst (debounced)", "burst_lag_ms", "ms", None),
        ("server peak memory (no grammar)", "rss_mib", "MiB", "rss_mib"),
        ("re-lint with Harper warm, to its findings", "grammar_relint_ms", "ms", "g"),
        ("re-lint with Harper warm, 90th percentile", "grammar_relint_p90_ms", "ms", None),
        ("server peak memory with Harper", "grammar_rss_mib", "MiB", "rss_mib"),
        (f"lint {args.batch:,} replies, line output, peak", "batch_line_rss_mib", "MiB", "b"),
        (f"lint {args.batch:,} replies, json output, peak", "batch_json_rss_mib", "MiB", "b"),
    ]
    TARGETS["b"] = TARGETS["batch_rss_mib"]
    TARGETS["g"] = 20
    print("| measure | value | target | met |")
    print("| --- | --- | --- | --- |")
    for label, name, unit, key in rows:
        if name not in results:
            continue
        value = results[name]
        target = TARGETS.get(key) if key else None
        shown = f"{value:.1f} {unit}" if value is not None else "unknown"
        met = "" if target is None or value is None else ("yes" if value <= target else "**no**")
        print(f"| {label} | {shown} | {f'<= {target} {unit}' if target else ''} | {met} |")
    if "batch_line_seconds" in results:
        seconds = results["batch_line_seconds"]
        print(f"\nbatch: {args.batch / seconds:.0f} replies/s (line), {seconds:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
