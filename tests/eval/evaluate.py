"""Precision and recall of every lint rule on the evaluation set.

    python tests/eval/evaluate.py            # the table
    python tests/eval/evaluate.py --details  # and every missed or unexpected finding

replies/*.txt are support replies, good and bad, written the way agents write them;
expected.toml says what a careful reader expects lint to report on each one. A finding
counts as expected when its rule matches and the text it marks is the expected span or
starts with it (ignoring case). The built-in defaults are used (no config file), and no
grammar server.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPLIES = HERE / "replies"
EXPECTED = HERE / "expected.toml"
FLOORS = HERE / "floors.toml"


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    right: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


@dataclass
class Result:
    scores: dict[str, Score] = field(default_factory=dict)
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # file, rule, span
    unexpected: list[tuple[str, str, str, str]] = field(default_factory=list)  # + message
    clean: int = 0
    clean_alarms: int = 0  # warnings and errors on replies expected to be clean

    def score(self, rule: str) -> Score:
        return self.scores.setdefault(rule, Score())


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1


def evaluate() -> Result:
    from replykit.config import Config
    from replykit.lint.engine import lint_text
    from replykit.lint.settings import make_settings
    from replykit.models import Severity

    settings = make_settings(Config())
    expected = tomllib.loads(EXPECTED.read_text(encoding="utf-8"))
    files = sorted(p.name for p in REPLIES.glob("*.txt"))
    if sorted(expected) != files:
        raise SystemExit(
            f"expected.toml and replies/ disagree: {sorted(set(files) ^ set(expected))}"
        )
    result = Result()
    for name in files:
        text = (REPLIES / name).read_text(encoding="utf-8")
        case = expected[name]
        report = lint_text(
            text,
            name,
            settings,
            names=tuple(case.get("names", ())),
            tone=case.get("tone", "casual"),
        )
        wanted = {rule: list(spans) for rule, spans in case.get("expect", {}).items()}
        if not wanted:
            result.clean += 1
            result.clean_alarms += sum(f.severity >= Severity.WARNING for f in report.findings)
        for rule, spans in wanted.items():
            result.score(rule).expected += len(spans)
        for finding in report.findings:
            start = _offset(text, finding.line, finding.column)
            end = _offset(text, finding.end_line, finding.end_column)
            marked = text[start:end]
            score = result.score(finding.rule)
            score.found += 1
            spans = wanted.get(finding.rule, [])
            folded = marked.lower()
            match = next((s for s in spans if folded == s.lower()), None) or next(
                (s for s in spans if folded.startswith(s.lower())), None
            )
            if match is None:
                result.unexpected.append((name, finding.rule, marked, finding.message))
                continue
            spans.remove(match)
            score.right += 1
        for rule, spans in wanted.items():
            result.missed.extend((name, rule, span) for span in spans)
    return result


def floors() -> dict[str, dict[str, float]]:
    return tomllib.loads(FLOORS.read_text(encoding="utf-8"))


def table(result: Result) -> str:
    rows = [f"{'rule':<22}{'expected':>9}{'found':>7}{'right':>7}{'precision':>11}{'recall':>8}"]
    for rule in sorted(result.scores):
        s = result.scores[rule]
        rows.append(
            f"{rule:<22}{s.expected:>9}{s.found:>7}{s.right:>7}{s.precision:>11.2f}{s.recall:>8.2f}"
        )
    total = Score(
        sum(s.expected for s in result.scores.values()),
        sum(s.found for s in result.scores.values()),
        sum(s.right for s in result.scores.values()),
    )
    rows.append(
        f"{'all rules':<22}{total.expected:>9}{total.found:>7}{total.right:>7}"
        f"{total.precision:>11.2f}{total.recall:>8.2f}"
    )
    rows.append(f"{result.clean} clean replies: {result.clean_alarms} warnings or errors on them")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    result = evaluate()
    print(table(result))
    if "--details" in argv:
        for name, rule, span in result.missed:
            print(f"missed      {name}: {rule} {span!r}")
        for name, rule, marked, message in result.unexpected:
            print(f"unexpected  {name}: {rule} {marked[:60]!r} ({message})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
