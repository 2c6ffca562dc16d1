"""Editor, shell and mail integrations in examples/, run for real where the program is here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, EXAMPLES, installed_command, require_tool

BIN = (
    os.path.dirname(installed_command()[0])
    if len(installed_command()) == 1
    else os.path.dirname(sys.executable)
)
ENV = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
REPLY = "Subject: Your order\n\nHi Ana,\n\nYour order XXX ships!!\n\nBest regards,\nSam\n"
VIM = EXAMPLES / "editors" / "vim"
SHELL = EXAMPLES / "shell" / "replykit.sh"


def run_vim(args: list[str], cwd: Path) -> None:
    require_tool("vim")
    subprocess.run(
        [
            "vim",
            "-Nu",
            "NONE",
            "-i",
            "NONE",
            "-es",
            "-c",
            f"set rtp^={VIM}",
            "-c",
            "runtime plugin/replykit.vim",
            *args,
        ],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_vim_make_fills_the_quickfix_list(tmp_path: Path) -> None:
    (tmp_path / "reply.txt").write_text(REPLY)
    run_vim(
        [
            "-c",
            "set filetype=mail",
            "-c",
            "silent make",
            "-c",
            'call writefile(map(getqflist(), {i, e -> e.lnum . ":" . e.col . ":" . e.type . '
            '":" . e.text}), "qf.txt")',
            "-c",
            "qa!",
            "reply.txt",
        ],
        tmp_path,
    )
    assert (tmp_path / "qf.txt").read_text().splitlines() == [
        "3:1::the reply never thanks the customer (suggestion: thank them for writing, for "
        "their patience, or for using the product) [gratitude]",
        "5:12:e:unfilled placeholder 'XXX' (suggestion: replace it with the real value before "
        "sending) [placeholder]",
        "5:21:w:'!!' reads as shouting or over-excitement (suggestion: use one ! or a full "
        "stop) [punctuation-run]",
    ]


def test_vim_draft_command_inserts_the_reply(tmp_path: Path) -> None:
    run_vim(
        [
            "-c",
            f"ReplykitDraft welcome --example --config {EXAMPLE_CONFIG}",
            "-c",
            "1delete",
            "-c",
            "write! out.txt",
            "-c",
            "qa!",
        ],
        tmp_path,
    )
    expected = subprocess.run(
        [
            *installed_command(),
            "draft",
            "welcome",
            "--example",
            "--config",
            str(EXAMPLE_CONFIG),
            "--no-lint",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (tmp_path / "out.txt").read_text() == expected


def errorformat_to_regex(efm: str) -> list[tuple[re.Pattern[str], str]]:
    """The subset of Vim's errorformat the integrations use, as Python patterns."""
    out = []
    for part in efm.split(","):
        if part.startswith("%-G"):
            continue
        kind = "e" if "%trror" in part else "w" if "%tarning" in part else ""
        pattern = re.escape(part.replace("\\ ", " "))
        for token, repl in (
            ("%f", "(?P<f>.+?)"),
            ("%l", r"(?P<l>\d+)"),
            ("%c", r"(?P<c>\d+)"),
            ("%trror", "error"),
            ("%tarning", "warning"),
            ("%m", "(?P<m>.*)"),
        ):
            pattern = pattern.replace(re.escape(token), repl)
        out.append((re.compile("^" + pattern + "$"), kind))
    return out


def lint_lines(tmp_path: Path, *args: str, stdin: str | None = None) -> list[str]:
    proc = subprocess.run(
        list(args),
        input=stdin,
        capture_output=True,
        text=True,
        env=ENV,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    return proc.stdout.splitlines()


def test_neovim_nvim_lint_definition_runs_and_parses(tmp_path: Path) -> None:
    lua = (EXAMPLES / "editors" / "neovim" / "replykit.lua").read_text()
    cmd = re.search(r'cmd = "([^"]+)"', lua).group(1)
    args = re.findall(r'"([^"]+)"', re.search(r"args = \{([^}]*)\}", lua).group(1))
    efm = re.search(r'from_errorformat\(\s*"([^"]+)"', lua).group(1)
    assert "stdin = true" in lua
    lines = lint_lines(tmp_path, cmd, *args, stdin=REPLY)
    patterns = errorformat_to_regex(efm)
    parsed = []
    for line in lines:
        match = next((m, kind) for p, kind in patterns if (m := p.match(line)))
        parsed.append((match[0]["l"], match[0]["c"], match[1]))
    assert parsed == [("3", "1", ""), ("5", "12", "e"), ("5", "21", "w")]


def test_vscode_task_and_problem_matcher(tmp_path: Path) -> None:
    tasks = json.loads((EXAMPLES / "editors" / "vscode" / "tasks.json").read_text())
    task = tasks["tasks"][0]
    (tmp_path / "reply.txt").write_text(REPLY)
    args = [a.replace("${file}", str(tmp_path / "reply.txt")) for a in task["args"]]
    lines = lint_lines(tmp_path, task["command"], *args)
    pattern = task["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])
    rows = []
    for line in lines:
        m = regexp.match(line)
        assert m, line
        rows.append(
            (m[pattern["line"]], m[pattern["column"]], m[pattern["severity"]], m[pattern["code"]])
        )
    assert rows[1] == ("5", "12", "error", "placeholder")
    assert all(m[0] for m in rows)
    bindings = json.loads((EXAMPLES / "editors" / "vscode" / "keybindings.json").read_text())
    labels = {t["label"] for t in tasks["tasks"]}
    assert {b["args"] for b in bindings} <= labels


def test_emacs_compile_command_output_matches_its_regexp(tmp_path: Path) -> None:
    elisp = (EXAMPLES / "editors" / "emacs" / "replykit.el").read_text()
    assert '"%s lint --format line %s"' in elisp
    regexp = re.search(r'"\^(.+?): "\n', elisp).group(1)
    pattern = (
        regexp.replace("\\\\(?:", "(?:")
        .replace("\\\\(", "(")
        .replace("\\\\)", ")")
        .replace("\\\\|", "|")
    )
    (tmp_path / "reply.txt").write_text(REPLY)
    for line in lint_lines(tmp_path, "replykit", "lint", "--format", "line", "reply.txt"):
        assert re.match("^" + pattern + ": ", line), line


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_shell_functions(shell: str, tmp_path: Path) -> None:
    require_tool(shell)
    (tmp_path / "clip.txt").write_text(REPLY)
    script = f"""
source {SHELL}
rk welcome --example --config {EXAMPLE_CONFIG} --no-lint > draft.txt
echo "rk=$?"
printf '3\\n' | rkp --example --config {EXAMPLE_CONFIG} --no-lint > picked.txt 2>/dev/null
echo "rkp=$?"
REPLYKIT_PASTE='cat clip.txt' rkl --format line > lint.txt
echo "rkl=$?"
"""
    env = {**ENV, "PATH": ENV["PATH"].replace("/usr/bin/fzf", "")}
    proc = subprocess.run(
        [shell, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.stdout.split() == ["rk=0", "rkp=0", "rkl=1"], proc.stderr
    assert (tmp_path / "draft.txt").read_text().startswith("Subject: Welcome to Acme Cloud\n")
    third = (
        subprocess.run(
            [*installed_command(), "snippets", "list"],
            capture_output=True,
            text=True,
            check=True,
            env=ENV,
        )
        .stdout.splitlines()[2]
        .split("\t")[0]
    )
    expected = subprocess.run(
        [
            *installed_command(),
            "draft",
            third,
            "--example",
            "--config",
            str(EXAMPLE_CONFIG),
            "--no-lint",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
    ).stdout
    assert (tmp_path / "picked.txt").read_text() == expected
    assert "5:12: error: unfilled placeholder 'XXX'" in (tmp_path / "lint.txt").read_text()


def test_bash_completion_for_rk(tmp_path: Path) -> None:
    script = (
        f"source {SHELL}\nCOMP_WORDS=(rk pass); COMP_CWORD=1\n_rk_complete\n"
        "echo ${COMPREPLY[@]}\n"
    )
    out = subprocess.run(
        ["bash", "-c", script], env=ENV, capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    assert out.split() == ["password-reset"]


def test_mail_editor_wrapper_lints_after_editing(tmp_path: Path) -> None:
    draft = tmp_path / "draft.eml"
    draft.write_text(REPLY)
    wrapper = EXAMPLES / "mail" / "replykit-edit"
    env = {**ENV, "REPLYKIT_EDITOR": "sed -i s/XXX/A-1042/", "REPLYKIT_NO_PROMPT": "1"}
    proc = subprocess.run(
        [str(wrapper), str(draft)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0
    assert "Your order A-1042 ships!!" in draft.read_text()
    assert "[placeholder]" not in proc.stderr and "[punctuation-run]" in proc.stderr
    draft.write_text(REPLY)
    env["REPLYKIT_EDITOR"] = "true"
    proc = subprocess.run(
        [str(wrapper), str(draft)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert f"{draft}:5:12: error: unfilled placeholder 'XXX'" in proc.stderr
