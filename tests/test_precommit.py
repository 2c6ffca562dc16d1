"""The pre-commit hooks as the README shows them, run by pre-commit itself.

``pre-commit try-repo`` builds the hooks' environment from this checkout (a pip install,
so it needs the package index) and runs them on a team repository: its own snippets,
one broken, and a reply draft. The user's config there names a company without a
support_url, which must not fail the built-in library.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, require_tool

GOOD_SNIPPET = """+++
title = "Late fee waived"
subject = "Your late fee is waived"
tags = ["billing"]

[example]
customer = { first_name = "Ana" }
+++
{% include "_greeting.txt" %}

Thanks for your patience. I have waived the late fee on your account.

{% include "_signature.txt" %}
"""
DRAFT = (
    "Subject: Your refund\n\nHi Ana,\n\n"
    "Thanks for waiting. Olá, café résumé 😀: your refund XXX is on its way.\n\n"
    "Best regards,\nSam\n"
)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def test_hooks_check_the_teams_library_and_lint_only_drafts(tmp_path: Path) -> None:
    require_tool("git")
    pre_commit = shutil.which("pre-commit", path=os.path.dirname(sys.executable))
    if pre_commit is None:
        pytest.fail("pre-commit is not installed; it is in the test extra")
    team = tmp_path / "team"
    (team / "snippets" / "billing").mkdir(parents=True)
    (team / "replies").mkdir()
    (team / "snippets" / "billing" / "late-fee.txt").write_text(GOOD_SNIPPET)
    (team / "snippets" / "billing" / "broken.txt").write_text(
        GOOD_SNIPPET.replace("{% include", "{% inclde", 1)
    )
    (team / "replies" / "ana.txt").write_text(DRAFT)
    (team / "replykit.toml").write_text('[company]\nname = "Acme"\n')
    git(team, "init", "-q")
    git(team, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": f"{os.path.dirname(sys.executable)}:{os.environ.get('PATH', '')}",
    }
    proc = subprocess.run(
        [pre_commit, "try-repo", str(REPO), "--all-files", "--color", "never"],
        cwd=team,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    check, lint = out.split("replykit lint (reply drafts)", 1)
    assert "replykit check (snippet library)" in check and "Failed" in check
    assert "snippets/billing/broken.txt:9:1: error: template syntax error" in check
    assert "late-fee.txt" not in check  # the good team snippet passes
    assert "_builtin_snippets" not in check and "support_url" not in check
    assert "Failed" in lint
    assert "replies/ana.txt:5:53: error: unfilled placeholder 'XXX'" in lint
    assert "snippets/" not in lint  # templates are not linted as replies


def test_check_project_without_a_library_says_what_to_do(sh, tmp_path: Path) -> None:
    result = sh("check", "--project", cwd=tmp_path)
    assert result.code == 2
    assert result.stderr.startswith("error: ")
    assert "no snippet library in this repository" in result.stderr
    assert "snippets/" in result.stderr and result.stderr[-1] == "\n"
    assert result.stderr.count("\n") == 1


def test_check_project_finds_the_configured_library(sh, tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "late-fee.txt").write_text(GOOD_SNIPPET.replace("{% inc", "{% x", 1))
    (tmp_path / "replykit.toml").write_text('library = ["templates"]\n')
    result = sh("check", "--project", "--format", "line", cwd=tmp_path)
    assert result.code == 1, result
    assert result.stdout.startswith(f"{tmp_path}/templates/late-fee.txt:9:1: error: template")


def test_builtin_library_check_ignores_the_users_company(sh, tmp_path: Path) -> None:
    (tmp_path / "replykit.toml").write_text('[company]\nname = "Acme"\n')
    result = sh("check", "--format", "line", "--disable", "spelling", cwd=tmp_path)
    assert result.code == 0, result
    assert ": error: " not in result.stdout and "support_url" not in result.stdout
