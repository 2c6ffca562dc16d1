"""replykit check: a broken library gets one finding per problem at the right line."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

from conftest import DATA, SNIPPETS, installed_command

BROKEN = DATA / "broken-library"
GOLDEN = Path(__file__).resolve().parent / "golden"


def test_broken_library_one_finding_per_problem(cli) -> None:
    result = cli("check", str(BROKEN), "--format", "line")
    assert result.code == 1
    text = result.stdout.replace(str(BROKEN), "lib").replace(str(SNIPPETS), "builtin")
    golden = GOLDEN / "broken-library.line"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    rows = {(line.split(": ")[0], line.rsplit("[", 1)[1].rstrip("]")) for line in text.splitlines()}
    assert rows == {
        ("lib/_part.txt:1:1", "template-syntax"),
        ("lib/badtoml.txt:2:1", "front-matter"),
        ("lib/billing/refund.txt:4:1", "front-matter"),  # unknown key 'colour'
        ("lib/billing/refund.txt:6:1", "unused-example"),  # order.number
        ("lib/billing/refund.txt:12:1", "undefined-variable"),  # order.amount
        ("lib/billing/refund.txt:14:1", "missing-partial"),  # _signatur.txt
        ("lib/billing/syntax.txt:7:1", "template-syntax"),
        ("lib/notitle.txt:2:1", "front-matter"),
        ("lib/shouty.txt:3:12", "subject-caps"),
        ("lib/shouty.txt:3:12", "subject-filler"),
        ("lib/shouty.txt:8:1", "gratitude"),
        ("lib/shouty.txt:10:8", "generic-apology"),
        ("lib/shouty.txt:10:35", "punctuation-run"),
        ("lib/shouty.txt:10:52", "all-caps"),
    }


def test_check_json_uses_the_lint_schema(cli) -> None:
    data = json.loads(cli("check", str(BROKEN), "--format", "json").stdout)
    assert data["version"] == 1
    assert data["summary"]["error"] == 7


def test_finding_in_a_partial_of_the_checked_library(cli, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "_closing.txt").write_text("Thanks!!\n\nBest regards,\n{{ agent.name }}\n")
    (lib / "s.txt").write_text(
        '+++\ntitle = "T"\nsubject = "Your order"\n[example]\n'
        'customer = { first_name = "Ana" }\n+++\nHi {{ customer.first_name }},\n'
        '\nIt ships today.\n\n{% include "_closing.txt" %}\n'
    )
    result = cli("check", str(lib), "--format", "line")
    assert result.stdout == (
        f"{lib / '_closing.txt'}:1:7: warning: '!!' reads as shouting or over-excitement "
        "(in s rendered with its example) (suggestion: use one ! or a full stop) "
        "[punctuation-run]\n"
    )


def test_shipped_library_checks_clean(cli) -> None:
    result = cli("check", "--format", "line", "--fail-on", "warning")
    assert result.code == 0, result.stdout
    assert result.stdout == ""


def test_bash_completion_completes_snippet_ids(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "COMP_WORDS": "replykit draft pass",
        "COMP_CWORD": "2",
        "_REPLYKIT_COMPLETE": "complete_bash",
    }
    out = subprocess.run(
        installed_command(), env=env, capture_output=True, text=True, cwd=tmp_path, check=False
    ).stdout
    assert out.split() == ["password-reset"]


def test_completion_through_real_bash(tmp_path: Path) -> None:
    script = subprocess.run(
        [*installed_command(), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SHELL": "/bin/bash"},
    ).stdout
    bin_dir = tmp_path / "bin"  # the replykit under test, whatever else is on PATH
    bin_dir.mkdir()
    shim = bin_dir / "replykit"
    shim.write_text("#!/bin/sh\nexec " + shlex.join(installed_command()) + ' "$@"\n')
    shim.chmod(0o755)
    program = (
        f'export PATH="{bin_dir}:$PATH"\n{script}\n'
        "COMP_WORDS=(replykit draft pass); COMP_CWORD=2\n"
        '_replykit_completion replykit\necho "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run(
        ["bash", "-c", program], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    assert out.strip() == "password-reset"
