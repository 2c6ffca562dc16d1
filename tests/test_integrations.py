"""Editor and shell integrations in examples/, driven in the real programs.

Every editor gets the same reply, with accents, an emoji and a tab before the flagged
words, and must put each finding on the exact character, with replykit's severity in its
own terms. Each program is installed by .ci/install-tools; without it a test skips
locally and fails under CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, EXAMPLES, installed_command, require_tool

BIN = (
    os.path.dirname(installed_command()[0])
    if len(installed_command()) == 1
    else os.path.dirname(sys.executable)
)
ENV = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}", "LANG": "C.UTF-8"}
REPLY = (
    "Subject: Your order\n\nHi Ana,\n\n"
    "Olá, café résumé 😀 your order XXX ships on Friday.\n"
    "Total:\t€49, refund comes soon!!\n\nBest regards,\nSam\n"
)
# (line, rule, severity, the text the finding covers): in every editor, the cursor (or the
# diagnostic's range) must land on exactly that text.
FINDINGS = [
    (3, "gratitude", "suggestion", ""),
    (5, "emoji", "warning", "😀"),
    (5, "placeholder", "error", "XXX"),
    (6, "punctuation-run", "warning", "!!"),
]
VIM = EXAMPLES / "editors" / "vim"
NEOVIM = EXAMPLES / "editors" / "neovim"
EMACS = EXAMPLES / "editors" / "emacs" / "replykit.el"
SHELL = EXAMPLES / "shell" / "replykit.sh"
# A context value with a control character: draft succeeds and warns on stderr, which an
# editor must show as a message and never insert into the mail.
NOISY_CONTEXT = {"customer": {"first_name": "Ana\x07"}, "order": {"id": "A-1042", "amount": "$49"}}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with the reply and the example config as its project replykit.toml."""
    (tmp_path / "reply.txt").write_text(REPLY, encoding="utf-8")
    shutil.copy(EXAMPLE_CONFIG, tmp_path / "replykit.toml")
    (tmp_path / "ctx.json").write_text(json.dumps(NOISY_CONTEXT))
    return tmp_path


def expected_draft(cwd: Path) -> str:
    proc = subprocess.run(
        [*installed_command(), "draft", "refund-issued", "--context", "ctx.json", "--no-lint"],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        check=True,
    )
    assert proc.stderr == "warning: removed control characters from customer.first_name\n"
    return proc.stdout


def run(args: list[str], cwd: Path, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout, check=False
    )


# ----------------------------------------------------------------------------- vim


def run_vim(project: Path, *commands: str, file: str = "reply.txt") -> None:
    require_tool("vim")
    args = ["vim", "-Nu", "NONE", "-i", "NONE", "-es", "--cmd", "set encoding=utf-8"]
    args += ["-c", f"set rtp^={VIM}", "-c", "runtime plugin/replykit.vim"]
    for command in (*commands, "qa!"):
        args += ["-c", command]
    run([*args, file], project)


# For each quickfix entry: jump to it as a person would (:cc N), then record its type,
# the cursor's line, the rule and the text from the cursor on.
VIM_AT_EACH = """
let s:rows = []
for s:n in range(1, len(getqflist()))
  silent execute 'cc ' . s:n
  let s:e = getqflist()[s:n - 1]
  call add(s:rows, s:e.type . '|' . line('.') . '|' . matchstr(s:e.text, '\\[\\zs[a-z-]\\+\\ze\\]$')
        \\ . '|' . getline('.')[col('.') - 1 :])
endfor
call writefile(s:rows, 'at.txt')
"""


@pytest.mark.parametrize(
    "commands",
    [["ReplykitLint"], ["set filetype=mail", "silent make"], ["normal \\rl"]],
    ids=[":ReplykitLint", ":make", "<Leader>rl"],
)
def test_vim_puts_each_finding_on_its_character(project: Path, commands: list[str]) -> None:
    """Byte columns from the compiler: the cursor lands on the flagged text, typed e/w/i."""
    (project / "at.vim").write_text(VIM_AT_EACH)
    run_vim(project, *commands, "source at.vim")
    rows = [line.split("|", 3) for line in (project / "at.txt").read_text().splitlines()]
    assert [(t, int(n), rule) for t, n, rule, _ in rows] == [
        ("i", 3, "gratitude"),
        ("w", 5, "emoji"),
        ("e", 5, "placeholder"),
        ("w", 6, "punctuation-run"),
    ]
    for (_, _, _, at), (*_, text) in zip(rows, FINDINGS, strict=True):
        assert at.startswith(text), (at, text)
    assert rows[0][3] == "Hi Ana,"


def test_vim_lint_reports_bad_input_instead_of_an_empty_list(project: Path) -> None:
    (project / "bad.txt").write_bytes(b"Subject: Hi\n\n\xff\xfe caf\xe9\n")
    run_vim(
        project,
        "ReplykitLint",
        "call writefile(map(getqflist(), {i, e -> e.type . '|' . e.text}), 'qf.txt')",
        "redir! > msg.txt | messages | redir END",
        file="bad.txt",
    )
    [entry] = (project / "qf.txt").read_text().splitlines()
    assert entry.startswith("e|") and "bad.txt" in entry and "UTF-8" in entry
    assert "replykit could not lint this file: " in (project / "msg.txt").read_text()


def test_vim_draft_inserts_only_the_reply(project: Path) -> None:
    run_vim(
        project,
        "ReplykitDraft refund-issued --context ctx.json",
        "1delete",
        "write! out.txt",
        "redir! > msg.txt | messages | redir END",
        file="new.txt",
    )
    assert (project / "out.txt").read_text() == expected_draft(project)
    assert "warning: removed control characters" in (project / "msg.txt").read_text()


def test_vim_draft_failure_inserts_nothing(project: Path) -> None:
    run_vim(
        project,
        "ReplykitDraft refund-issued",
        "write! out.txt",
        "redir! > msg.txt | messages | redir END",
        file="new.txt",
    )
    assert (project / "out.txt").read_text() == ""
    assert "error: billing/refund-issued needs" in (project / "msg.txt").read_text()


def test_vim_completes_snippet_ids_from_what_was_typed(project: Path) -> None:
    run_vim(
        project,
        "call writefile(getcompletion('ReplykitDraft billing/refund-', 'cmdline'), 'ids.txt')",
    )
    assert (project / "ids.txt").read_text().split() == [
        "billing/refund-issued",
        "billing/refund-refused",
    ]


# ----------------------------------------------------------------------------- neovim

NVIM_REPORT = """
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 20)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local line = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1]
  table.insert(out, table.concat({d.lnum + 1, d.end_lnum + 1,
    vim.diagnostic.severity[d.severity], d.source, d.code,
    line:sub(d.col + 1, d.end_col)}, "|"))
end
vim.fn.writefile(out, "diagnostics.txt")
"""
NVIM_EXPECTED = [
    "3|3|INFO|replykit|gratitude|",
    "5|5|WARN|replykit|emoji|😀",
    "5|5|ERROR|replykit|placeholder|XXX",
    "6|6|WARN|replykit|punctuation-run|!!",
]


def neovims() -> list[str]:
    """Debian's Neovim (0.7) and the newer one the test extra installs from PyPI."""
    found: dict[str, str] = {}
    scripts = os.path.join(sysconfig.get_path("scripts"), "nvim")
    for path in ("/usr/bin/nvim", scripts, shutil.which("nvim")):
        if path and os.path.isfile(path):
            version = subprocess.run(
                [path, "--version"], capture_output=True, text=True, timeout=60, check=False
            ).stdout.split("\n", 1)[0]
            found.setdefault(version, path)
    return list(found.values()) or ["nvim"]


@pytest.fixture(params=neovims())
def nvim(request: pytest.FixtureRequest) -> str:
    require_tool(request.param)
    return request.param


def run_nvim(
    nvim: str, project: Path, *commands: str, rtp: list[Path] = (), file: str = "reply.txt"
):
    args = [nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n"]
    for folder in (NEOVIM, *rtp):
        args += ["--cmd", f"set rtp^={folder}"]
    args += ["-c", "runtime plugin/replykit.lua"]
    for command in (*commands, "qa!"):
        args += ["-c", command]
    return run([*args, file], project)


def test_neovim_without_plugins_sets_diagnostics_on_the_exact_text(
    nvim: str, project: Path
) -> None:
    """Only Neovim: the buffer on stdin, JSON back, byte ranges in vim.diagnostic."""
    (project / "report.lua").write_text(NVIM_REPORT)
    run_nvim(nvim, project, "set filetype=mail", "doautocmd BufReadPost", "luafile report.lua")
    assert (project / "diagnostics.txt").read_text().splitlines() == NVIM_EXPECTED


def test_neovim_lints_unsaved_text_with_the_files_config(nvim: str, project: Path) -> None:
    """Stdin carries the edited buffer; --stdin-filename finds the project's config."""
    (project / "replykit.toml").write_text('[lint]\ndisable = ["gratitude", "emoji"]\n')
    (project / "report.lua").write_text(NVIM_REPORT)
    run_nvim(
        nvim,
        project,
        "call setline(6, 'Total: €49, and XXX again!!')",
        "ReplykitLint",
        "luafile report.lua",
    )
    assert (project / "diagnostics.txt").read_text().splitlines() == [
        "5|5|ERROR|replykit|placeholder|XXX",
        "6|6|ERROR|replykit|placeholder|XXX",
        "6|6|WARN|replykit|punctuation-run|!!",
    ]


# nvim-lint's documented linter contract (README "Custom Linters"): cmd, args (functions
# are called), stdin (buffer lines written with "\n"), stream, ignore_exitcode, and
# parser(output, bufnr, cwd) called from vim.schedule; diagnostics go to the linter's own
# namespace. nvim-lint itself is not in a package registry, so this stand-in implements
# exactly that contract, and the linter definition shipped in replykit.lua runs through it.
NVIM_LINT_STANDIN = """
local M = { linters = {}, linters_by_ft = {} }
function M.try_lint(name)
  local linter = M.linters[name]
  local args = vim.tbl_map(function(a) return type(a) == "function" and a() or a end,
    linter.args)
  local bufnr = vim.api.nvim_get_current_buf()
  local chunks = {}
  local job = vim.fn.jobstart(vim.list_extend({ linter.cmd }, args), {
    on_stdout = function(_, data) table.insert(chunks, table.concat(data, "\\n")) end,
    on_exit = function()
      vim.schedule(function()
        local ns = vim.api.nvim_create_namespace(name)
        vim.diagnostic.set(ns, bufnr, linter.parser(table.concat(chunks), bufnr, vim.fn.getcwd()))
      end)
    end,
  })
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true)) do
    vim.fn.chansend(job, line .. "\\n")
  end
  vim.fn.chanclose(job, "stdin")
end
return M
"""


def test_neovim_nvim_lint_linter(nvim: str, project: Path) -> None:
    stand_in = project / "nvim-lint"
    (stand_in / "lua").mkdir(parents=True)
    (stand_in / "lua" / "lint.lua").write_text(NVIM_LINT_STANDIN)
    (project / "report.lua").write_text(
        NVIM_REPORT
        + 'vim.fn.writefile({tostring(require("lint").linters_by_ft.mail[1])}, "ft.txt")\n'
    )
    run_nvim(nvim, project, "ReplykitLint", "luafile report.lua", rtp=[stand_in])
    assert (project / "diagnostics.txt").read_text().splitlines() == NVIM_EXPECTED
    assert (project / "ft.txt").read_text() == "replykit\n"


def test_neovim_draft_inserts_only_the_reply(nvim: str, project: Path) -> None:
    run_nvim(
        nvim,
        project,
        "ReplykitDraft refund-issued --context ctx.json",
        "1delete",
        "write! out.txt",
        "redir! > msg.txt | messages | redir END",
        file="new.txt",
    )
    assert (project / "out.txt").read_text() == expected_draft(project)
    assert "warning: removed control characters" in (project / "msg.txt").read_text()


def test_neovim_completes_snippet_ids_from_what_was_typed(nvim: str, project: Path) -> None:
    run_nvim(
        nvim,
        project,
        "call writefile(getcompletion('ReplykitDraft billing/refund-', 'cmdline'), 'ids.txt')",
    )
    assert (project / "ids.txt").read_text().split() == [
        "billing/refund-issued",
        "billing/refund-refused",
    ]


# ----------------------------------------------------------------------------- emacs


def run_emacs(project: Path, lisp: str) -> subprocess.CompletedProcess[str]:
    require_tool("emacs")
    (project / "test.el").write_text(f'(load "{EMACS}")\n{lisp}', encoding="utf-8")
    proc = run(["emacs", "--batch", "-Q", "-l", "test.el"], project)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_emacs_flymake_backend_marks_the_exact_text(project: Path) -> None:
    run_emacs(
        project,
        """
(find-file "reply.txt")
(replykit-flymake-setup)
(flymake-start)  ; batch Emacs has no command loop to run flymake-mode's deferred start
(let ((n 0))
  (while (and (< n 300) (null (flymake-diagnostics)))
    (accept-process-output nil 0.1) (setq n (1+ n))))
(let ((rows
       (mapcar (lambda (d)
                 (format "%d|%s|%s|%s\n"
                         (line-number-at-pos (flymake-diagnostic-beg d))
                         (flymake-diagnostic-type d)
                         (buffer-substring-no-properties
                          (flymake-diagnostic-beg d) (flymake-diagnostic-end d))
                         (flymake-diagnostic-text d)))
               (sort (flymake-diagnostics)
                     (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))
  (with-temp-file "diagnostics.txt" (apply #'insert rows)))
""",
    )
    rows = [r.split("|") for r in (project / "diagnostics.txt").read_text().splitlines()]
    assert [(int(n), kind, text, msg.rsplit("[", 1)[1]) for n, kind, text, msg in rows] == [
        (3, ":note", "H", "gratitude]"),  # a finding about the whole reply: one character
        (5, ":warning", "😀", "emoji]"),
        (5, ":error", "XXX", "placeholder]"),
        (6, ":warning", "!!", "punctuation-run]"),
    ]


def test_emacs_compile_mode_next_error_visits_each_finding(project: Path) -> None:
    run_emacs(
        project,
        """
(find-file "reply.txt")
(let ((buf (replykit-lint)))
  (while (process-live-p (get-buffer-process buf)) (accept-process-output nil 0.1)))
(with-temp-file "visits.txt"
  (condition-case nil
      (dotimes (_ 10)
        (let ((at (with-current-buffer "reply.txt" (next-error) (point))))
          (insert (format "%d|%d|%s\\n"
                          (with-current-buffer next-error-last-buffer
                            (compilation--message->type
                             (get-text-property (point) 'compilation-message)))
                          (with-current-buffer "reply.txt" (line-number-at-pos at))
                          (with-current-buffer "reply.txt"
                            (buffer-substring-no-properties at (line-end-position)))))))
    (user-error nil)))
""",
    )
    rows = [r.split("|", 2) for r in (project / "visits.txt").read_text().splitlines()]
    # compile-mode's types: 2 error, 1 warning, 0 info.
    assert [(int(t), int(n)) for t, n, _ in rows] == [(0, 3), (1, 5), (2, 5), (1, 6)]
    for (*_, at), (*_, text) in zip(rows, FINDINGS, strict=True):
        assert at.startswith(text), (at, text)


def test_emacs_draft_inserts_only_the_reply(project: Path) -> None:
    proc = run_emacs(
        project,
        """
(find-file "new.txt")
(replykit-draft "refund-issued" "ctx.json")
(write-region (point-min) (point-max) "out.txt")
""",
    )
    assert (project / "out.txt").read_text() == expected_draft(project)
    assert "warning: removed control characters" in proc.stderr


def test_emacs_draft_failure_is_an_error_not_text(project: Path) -> None:
    proc = run_emacs(
        project,
        """
(find-file "new.txt")
(condition-case err (replykit-draft "refund-issued" "replykit.toml")
  (error (message "caught: %s" (error-message-string err))))
(write-region (point-min) (point-max) "out.txt")
""",
    )
    assert (project / "out.txt").read_text() == ""
    assert "caught: replykit draft failed: error: billing/refund-issued needs" in proc.stderr


# ----------------------------------------------------------------------------- VS Code


def test_vscode_problem_matchers_read_utf16_columns_and_three_severities(project: Path) -> None:
    """VS Code is not in any package registry, so this applies its documented matcher
    rules (JavaScript regexps, 1-based columns in UTF-16 units, the matcher's own
    ``severity`` when the pattern has no severity group) to the task's real output."""
    tasks = json.loads((EXAMPLES / "editors" / "vscode" / "tasks.json").read_text())
    task = tasks["tasks"][0]
    args = [a.replace("${file}", str(project / "reply.txt")) for a in task["args"]]
    proc = run([task["command"], *args], project)
    assert proc.returncode == 1, proc.stderr
    lines = REPLY.split("\n")
    problems = []
    for output_line in proc.stdout.splitlines():
        for matcher in task["problemMatcher"]:
            pattern = matcher["pattern"]
            m = re.match(pattern["regexp"], output_line)
            if m:
                severity = m[pattern["severity"]] if "severity" in pattern else matcher["severity"]
                line = int(m[pattern["line"]])
                units = lines[line - 1].encode("utf-16-le")
                column = int(m[pattern["column"]])
                at = units[(column - 1) * 2 :].decode("utf-16-le")
                problems.append((line, severity, m[pattern["code"]], at))
                break
        else:
            pytest.fail(f"no problem matcher reads {output_line!r}")
    assert [p[:3] for p in problems] == [
        (3, "info", "gratitude"),
        (5, "warning", "emoji"),
        (5, "error", "placeholder"),
        (6, "warning", "punctuation-run"),
    ]
    for (*_, at), (*_, text) in zip(problems, FINDINGS, strict=True):
        assert at.startswith(text), (at, text)
    bindings = json.loads((EXAMPLES / "editors" / "vscode" / "keybindings.json").read_text())
    assert {b["args"] for b in bindings} <= {t["label"] for t in tasks["tasks"]}


# ----------------------------------------------------------------------------- shells


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
    assert "5:31: error: unfilled placeholder 'XXX'" in (tmp_path / "lint.txt").read_text()


def test_fish_functions_and_completion(tmp_path: Path) -> None:
    require_tool("fish")
    (tmp_path / "clip.txt").write_text(REPLY)
    fish = EXAMPLES / "shell" / "replykit.fish"
    script = f"""
source {fish}
rk welcome --example --config {EXAMPLE_CONFIG} --no-lint > draft.txt
echo "rk=$status"
printf '3\\n' | rkp --example --config {EXAMPLE_CONFIG} --no-lint > picked.txt 2>/dev/null
echo "rkp=$status"
set -x REPLYKIT_PASTE 'cat clip.txt'
rkl --format line > lint.txt
echo "rkl=$status"
complete -C 'rk account/pass'
"""
    env = {**ENV, "PATH": ENV["PATH"].replace("/usr/bin/fzf", ""), "HOME": str(tmp_path)}
    proc = run_in(["fish", "--no-config", "-c", script], tmp_path, env)
    assert proc.stdout.split() == ["rk=0", "rkp=0", "rkl=1", "account/password-reset"], proc
    assert (tmp_path / "draft.txt").read_text().startswith("Subject: Welcome to Acme Cloud\n")
    assert (tmp_path / "picked.txt").read_text().startswith("Subject: Reset your password\n")
    assert "<stdin>:5:31: error: unfilled placeholder 'XXX'" in (tmp_path / "lint.txt").read_text()


def run_in(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_bash_completion_for_rk(tmp_path: Path) -> None:
    script = (
        f"source {SHELL}\nCOMP_WORDS=(rk pass); COMP_CWORD=1\n_rk_complete\n"
        "echo ${COMPREPLY[@]}\n"
    )
    out = subprocess.run(
        ["bash", "-c", script], env=ENV, capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    assert out.split() == ["password-reset"]


def test_neovim_reports_a_run_that_failed_instead_of_a_clean_buffer(
    nvim: str, project: Path
) -> None:
    (project / "replykit.toml").write_text("[lint]\nfail_on = 'never'\n")
    run_nvim(
        nvim,
        project,
        "ReplykitLint",
        "lua vim.wait(30000, function() return vim.fn.execute('messages'):find('replykit:') end)",
        "lua vim.fn.writefile({tostring(#vim.diagnostic.get(0))}, 'count.txt')",
        "redir! > msg.txt | messages | redir END",
    )
    assert (project / "count.txt").read_text() == "0\n"
    messages = (project / "msg.txt").read_text()
    assert "replykit: error: " in messages and "fail_on" in messages


def test_emacs_flymake_reports_a_failed_run_instead_of_a_clean_buffer(project: Path) -> None:
    (project / "replykit.toml").write_text("[lint]\nfail_on = 'never'\n")
    proc = run_emacs(
        project,
        """
(find-file "reply.txt")
(replykit-flymake-setup)
(flymake-start)
(let ((n 0))
  (while (and (< n 300) (not (memq 'replykit-flymake (flymake-disabled-backends))))
    (accept-process-output nil 0.1) (setq n (1+ n))))
(let ((state (format "%S %d" (memq 'replykit-flymake (flymake-disabled-backends))
                     (length (flymake-diagnostics)))))
  (with-temp-file "state.txt" (insert state)))
""",
    )
    assert (project / "state.txt").read_text() == "(replykit-flymake) 0"
    # flymake says why, with replykit's own error line
    assert "Disabling backend replykit-flymake because error: " in proc.stderr
    assert "'lint.fail_on' must be one of" in proc.stderr


def test_emacs_next_error_stops_at_two_findings_in_the_same_place(project: Path) -> None:
    """needs-work.txt's 'Dear Customer,' is both a generic greeting and where the missing
    thanks is reported: compile-mode's default would skip the second."""
    shutil.copy(EXAMPLES / "replies" / "needs-work.txt", project / "needs-work.txt")
    lines = run([*installed_command(), "lint", "--format", "line", "needs-work.txt"], project)
    run_emacs(
        project,
        """
(find-file "needs-work.txt")
(let ((buf (replykit-lint)))
  (while (process-live-p (get-buffer-process buf)) (accept-process-output nil 0.1)))
(let (visits)
  (condition-case nil
      (dotimes (_ 50)
        (with-current-buffer "needs-work.txt" (next-error))
        (push (with-current-buffer next-error-last-buffer
                (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
              visits))
    (user-error nil))
  (with-temp-file "visits.txt" (insert (mapconcat #'identity (nreverse visits) "\\n") "\\n")))
""",
    )
    visited = (project / "visits.txt").read_text().replace(f"{project}/", "").splitlines()
    places = [v.split(": ", 1)[0] for v in visited]
    assert places.count("needs-work.txt:3:1") == 2
    assert visited == lines.stdout.splitlines()
