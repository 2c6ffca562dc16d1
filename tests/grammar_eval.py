"""Recall and false positives of the grammar engines on tests/data/grammar_eval.toml.

    python3 tests/grammar_eval.py                      # Harper, and LanguageTool on loopback
    python3 tests/grammar_eval.py --languagetool URL   # a real LanguageTool server
    python3 tests/grammar_eval.py --verbose            # every miss and false finding

Each sentence is put in a reply (subject, greeting, the sentence, sign-off) and checked
through replykit's own grammar path (masking, names, rules off by default), so the
figures are what an agent sees. The loopback server (tests/lt_server.py) knows only a
handful of LanguageTool's rules: its figures show the plumbing, not LanguageTool.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DATA = HERE / "data" / "grammar_eval.toml"
NAMES = ("Ana", "Okafor-Silva")
TEAM = {
    "agent": {"name": "Sam Rivera", "email": "sam@example.com"},
    "company": {"name": "Acme Cloud"},
}
HEAD = "Subject: Your question\n\nHi Ana,\n\n"
TAIL = "\n\nBest regards,\nSam Rivera\n"
LINE = 5  # the sentence's first line in the reply


@dataclass
class Score:
    engine: str
    hits: int = 0
    errors: int = 0
    false_findings: int = 0
    clean: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    unavailable: str = ""

    @property
    def recall(self) -> float:
        return self.hits / self.errors if self.errors else 0.0


def load_set() -> tuple[list[dict[str, str]], list[str]]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return data["errors"], data["clean"]


def findings_for(texts: list[str], engine: str, url: str | None = None) -> list[list]:
    """Grammar and spelling findings of each text in a reply, through the service."""
    from replykit.config import Config
    from replykit.models import FileReport
    from replykit.service import GrammarRequest, add_grammar

    config = Config(data={**TEAM, "grammar": {"cache": False, "timeout": 10}})
    reports = [FileReport(f"eval-{i}.txt", [], text=HEAD + t + TAIL) for i, t in enumerate(texts)]
    add_grammar(
        reports,
        config,
        GrammarRequest(engine=engine, url=url, no_cache=True),
        default="off",
        names=NAMES,
        jobs=1,
    )
    return [r.findings for r in reports]


def score(engine: str, url: str | None = None) -> Score:
    errors, clean = load_set()
    result = Score(engine, errors=len(errors), clean=len(clean))
    for item, findings in zip(
        errors, findings_for([e["text"] for e in errors], engine, url), strict=True
    ):
        if any(f.rule == "grammar-unavailable" for f in findings):
            result.unavailable = findings[0].message
        start = item["text"].index(item["expect"]) + 1
        end = start + len(item["expect"])
        hit = any(
            f.rule in ("grammar", "spelling")
            and f.line == LINE
            and f.column < end
            and f.end_column > start
            for f in findings
        )
        result.hits += hit
        if not hit:
            result.misses.append(item["text"])
    for text, findings in zip(clean, findings_for(clean, engine, url), strict=True):
        for f in findings:
            if f.rule in ("grammar", "spelling"):
                result.false_findings += 1
                lines = (HEAD + text + TAIL).split("\n")
                word = lines[f.line - 1][f.column - 1 : f.end_column - 1]
                result.false.append(f"{text!r}: {word!r} {f.message} [{f.origin}]")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languagetool", metavar="URL", help="a real LanguageTool server")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    scores = [score("harper")]
    if args.languagetool:
        scores.append(score("languagetool", args.languagetool))
    else:
        from lt_server import FakeLanguageTool

        with FakeLanguageTool() as server:
            lt = score("languagetool", server.url)
            lt.engine = "languagetool (loopback test server)"
            scores.append(lt)
    print("| engine | recall | errors caught | false findings on clean text |")
    print("| --- | --- | --- | --- |")
    for s in scores:
        print(
            f"| {s.engine} | {s.recall:.0%} | {s.hits}/{s.errors} | "
            f"{s.false_findings} in {s.clean} texts |"
        )
    for s in scores:
        if s.unavailable:
            print(f"\n{s.engine}: {s.unavailable}")
        if args.verbose:
            print(f"\n{s.engine} missed:")
            print("\n".join(f"  {m}" for m in s.misses) or "  nothing")
            print(f"{s.engine} false findings:")
            print("\n".join(f"  {m}" for m in s.false) or "  none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
