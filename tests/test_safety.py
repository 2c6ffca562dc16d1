"""Untrusted snippets and customers, bad input, and never losing a word."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, installed_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replykit.config import Config
from replykit.io.files import atomic_write
from replykit.lint.engine import lint_text
from replykit.lint.settings import make_settings
from replykit.reporters import json as json_reporter
from replykit.reporters import line as line_reporter

LINE = re.compile(r"^.+:\d+:\d+: (error|warning|suggestion): .* \[[a-z-]+\]$")


def snippet_lib(tmp_path: Path, body: str, extra: dict[str, str] | None = None) -> Path:
    lib = tmp_path / "lib"
    lib.mkdir(exist_ok=True)
    (lib / "s.txt").write_text(f'+++\ntitle = "T"\nsubject = "S"\n+++\nHi\n{body}\n')
    for name, text in (extra or {}).items():
        (lib / name).write_text(text)
    return lib


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{{ ''.__class__.__mro__ }}",
            "s.txt:6: unsafe template operation refused: access to "
            "attribute '__class__' of 'str' object is unsafe",
        ),
        ("{{ cycler.__init__.__globals__.os }}", "s.txt:6: unsafe template operation refused"),
        ("{{ lipsum.__globals__['os'].environ }}", "s.txt:6: unsafe template operation refused"),
        (
            "{% include '../secret.txt' %}",
            "s.txt:6: includes '../secret.txt', which is not in the snippet libraries",
        ),
        (
            "{% include '/etc/passwd' %}",
            "s.txt:6: includes '/etc/passwd', which is not in the snippet libraries",
        ),
        ("{% for x in range(10**9) %}{% endfor %}", "s.txt:6: cannot render: Range too big"),
    ],
)
def test_sandbox_refuses_escapes(cli, tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "secret.txt").write_text("TOP SECRET\n")
    lib = snippet_lib(tmp_path, body)
    result = cli("draft", "s", "-L", str(lib), "--no-lint")
    assert result.code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "TOP SECRET" not in result.stderr and "root:" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_error_inside_a_partial_names_the_partial_and_line(cli, tmp_path: Path) -> None:
    lib = snippet_lib(
        tmp_path, '{% include "_part.txt" %}', {"_part.txt": "line one\n{{ 1 / 0 }}\n"}
    )
    result = cli("draft", "s", "-L", str(lib), "--no-lint")
    assert result.code == 2
    assert result.stderr == f"error: {lib / '_part.txt'}:2: cannot render: division by zero\n"


def test_syntax_error_at_the_files_own_line(cli, tmp_path: Path) -> None:
    lib = snippet_lib(tmp_path, "fine\n{% if %}")
    result = cli("draft", "s", "-L", str(lib), "--no-lint")
    assert result.stderr.startswith(f"error: {lib / 's.txt'}:7: template syntax error:")


def test_customer_values_are_data(cli, tmp_path: Path) -> None:
    ctx = tmp_path / "c.json"
    ctx.write_text(
        json.dumps(
            {
                "customer": {"first_name": "{{ 7*7 }}{% raw %}\x1b[31mBob\x07\u202e"},
                "order": {"id": "1", "amount": "$1"},
            }
        )
    )
    result = cli(
        "draft", "refund-issued", "-c", str(ctx), "--config", str(EXAMPLE_CONFIG), "--no-lint"
    )
    assert result.code == 0
    assert "Hi {{ 7*7 }}{% raw %}[31mBob,\n" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert result.stderr == "warning: removed control characters from customer.first_name\n"


def test_file_text_cannot_drive_the_terminal(cli, tmp_path: Path) -> None:
    reply = tmp_path / "r.txt"
    reply.write_text(
        "Subject: Hi [bold]there[/bold]\n\nHi Ana,\n\nXXX \x1b]52;c;ZXZpbA==\x07 "
        "[red]TODO[/red]\n\nBest regards,\nSam\n"
    )
    for fmt in ("rich", "line", "json"):
        out = cli("lint", str(reply), "--format", fmt, "--color", "always").stdout
        assert "\x1b]52" not in out and "\x07" not in out
    rich = cli("lint", str(reply), "--format", "rich", "--color", "never").stdout
    assert "\\x1b]52;c;ZXZpbA==\\x07 [red]TODO[/red]" in rich


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"c.toml": "[customer]\nfirst_name = \n"}, "c.toml:2:14: invalid TOML"),
        (
            {"c.json": '{"customer": {"first_name": }}'},
            "c.json:1:29: invalid JSON: Expecting value",
        ),
    ],
)
def test_malformed_context_names_file_line_column(cli, tmp_path: Path, files, message) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = cli("draft", "welcome", "-c", str(tmp_path / next(iter(files))))
    assert result.code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_malformed_front_matter_names_file_and_line(cli, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "s.txt").write_text('+++\ntitle = "T"\nsubject = \n+++\nHi\n')
    result = cli("draft", "s", "-L", str(lib))
    assert result.code == 2
    assert f"{lib / 's.txt'}:3:11: invalid TOML" in result.stderr


def test_missing_context_file_and_library(cli, tmp_path: Path) -> None:
    result = cli("draft", "welcome", "-c", str(tmp_path / "nope.toml"))
    assert (
        result.stderr == f"error: {tmp_path / 'nope.toml'}: no such context file (check the path)\n"
    )
    result = cli("draft", "welcome", "-L", str(tmp_path / "nolib"))
    assert result.stderr.startswith(
        f"error: {tmp_path / 'nolib'}: snippet library folder not found"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Subject: x\n\nHi\n")
    path.chmod(0)
    result = cli("lint", str(path))
    assert result.code == 2 and "permission denied" in result.stderr


def test_atomic_write_keeps_permissions_and_leaves_nothing_on_error(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "reply.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write(target, "new\n", force=True)
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "newer\n", force=True)
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "reply.txt", "work"]


def test_failed_clipboard_still_prints_the_reply(cli) -> None:
    result = cli(
        "draft",
        "welcome",
        "--example",
        "--config",
        str(EXAMPLE_CONFIG),
        "--no-lint",
        "--copy",
        env={
            "REPLYKIT_CLIPBOARD": "no-such-clipboard-program",
            "DISPLAY": "",
            "WAYLAND_DISPLAY": "",
        },
    )
    assert result.code == 0
    assert result.stdout.startswith("Subject: Welcome to Acme Cloud\n")
    assert result.stderr.startswith(
        "warning: nothing was copied: no-such-clipboard-program is not installed"
    )


def test_ctrl_c_mid_run_exits_quietly_with_130() -> None:
    proc = subprocess.Popen(
        [*installed_command(), "lint", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.5)  # let it start and block on stdin
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err and out == b""


# --- property-based: lint never raises, and every view of its findings is well formed

SETTINGS = make_settings(Config())
reply_text = st.one_of(
    st.text(max_size=400),
    st.builds(
        lambda s, b: f"Subject: {s}\n\n{b}",
        st.text(max_size=80).filter(lambda s: "\n" not in s),
        st.text(max_size=400),
    ),
    st.lists(
        st.sampled_from(
            [
                "Hi",
                " Ana",
                ",",
                "\n",
                "!!",
                "??",
                "XXX",
                "{{",
                "}}",
                "[",
                "]",
                "<b>",
                ":)",
                "the the",
                "  ",
                "Best regards",
                "\r\n",
                "> quoted",
                "On Mon wrote:",
                "Subject:",
                "é",
                "🎉",
                "\u202e",
                "\x1b",
            ]
        ),
        max_size=60,
    ).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=reply_text, subject=st.one_of(st.none(), st.text(max_size=40)))
def test_lint_never_raises_and_positions_are_inside(text: str, subject: str | None) -> None:
    report = lint_text(text, "p.txt", SETTINGS, subject=subject)
    lines = re.sub(r"\r(?!\n)", "\n", text).split("\n")  # a lone CR ends a line too
    for f in report.findings:
        for line, column in ((f.line, f.column), (f.end_line, f.end_column)):
            assert 1 <= line <= len(lines)
            assert 1 <= column <= len(lines[line - 1]) + 1
        assert (f.line, f.column) <= (f.end_line, f.end_column)
    data = json.loads(json_reporter.render([report]))
    assert len(data["files"][0]["findings"]) == len(report.findings)
    for row in line_reporter.render([report]).splitlines():
        assert LINE.match(row), row


@pytest.mark.parametrize(
    "unit",
    [
        "!",
        "A",
        " ",
        "{{",
        "[",
        "<",
        "%{",
        "?!",
        ":)",
        "ab ",
        "\n",
        "a.",
        "a-",
        "*a ",
        "`",
        "_",
        "the ",
        "1. ",
    ],
)
def test_pathological_input_finishes(unit: str) -> None:
    """200 KB of one character or pair: no catastrophic backtracking (timed in the benchmark)."""
    text = "Subject: x\n\n" + unit * (200_000 // len(unit))
    report = lint_text(text, "p.txt", SETTINGS)
    assert isinstance(report.findings, list)
