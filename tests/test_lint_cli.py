"""replykit lint end to end: formats, exit codes, inputs, config."""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import pytest
from conftest import DATA, EXAMPLES

GOLDEN = Path(__file__).resolve().parent / "golden"
NEEDS_WORK = EXAMPLES / "replies" / "needs-work.txt"
CLEAN = sorted((DATA / "clean").iterdir())


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_replies_have_no_error_or_warning(cli, path: Path) -> None:
    result = cli("lint", str(path), "--format", "line", "--fail-on", "warning")
    assert result.code == 0, result.stdout
    assert "warning" not in result.stdout and "error" not in result.stdout


def test_line_format_golden(cli) -> None:
    result = cli("lint", str(NEEDS_WORK), "--format", "line")
    assert result.code == 1
    check_golden("needs-work.line", result.stdout.replace(str(EXAMPLES), "examples"))
    pattern = re.compile(r"^[^:]+:\d+:\d+: (error|warning|suggestion): .+ \[[a-z-]+\]$")
    assert all(pattern.match(line) for line in result.stdout.splitlines())


def test_json_format_golden_and_schema(cli) -> None:
    result = cli("lint", str(NEEDS_WORK), str(CLEAN[0]), "--format", "json")
    assert result.code == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert [f["path"] for f in data["files"]] == [str(NEEDS_WORK), str(CLEAN[0])]
    assert data["files"][1]["findings"] == []  # a clean file is still listed
    assert data["summary"] == {"files": 2, "error": 1, "warning": 19, "suggestion": 4}
    first = data["files"][0]["findings"][0]
    assert set(first) == {
        "rule",
        "code",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "suggestion",
        "origin",
    }
    check_golden(
        "needs-work.json",
        result.stdout.replace(str(EXAMPLES), "examples").replace(str(DATA), "tests/data"),
    )


def test_exit_codes(cli, tmp_path: Path) -> None:
    assert cli("lint", str(CLEAN[0])).code == 0
    assert cli("lint", str(NEEDS_WORK)).code == 1
    warning_only = tmp_path / "w.txt"
    warning_only.write_text(
        "Subject: Your refund\n\nHi Ana,\n\nThanks. It is DONE.\n\nBest regards,\nSam\n"
    )
    assert cli("lint", str(warning_only)).code == 0
    assert cli("lint", str(warning_only), "--fail-on", "warning").code == 1
    missing = cli("lint", str(tmp_path / "nope.txt"))
    assert missing.code == 2
    assert missing.stderr == f"error: {tmp_path / 'nope.txt'}: no such file (check the path)\n"
    assert cli("lint", "--format", "xml", str(CLEAN[0])).code == 2


def test_min_severity_hides_but_fail_on_still_counts(cli) -> None:
    result = cli("lint", str(NEEDS_WORK), "--format", "line", "--min-severity", "error")
    assert result.code == 1
    assert result.stdout.count("\n") == 1
    assert "[placeholder]" in result.stdout


def test_stdin_is_reported_as_stdin(cli) -> None:
    result = cli("lint", "-", "--format", "line", input="Subject: Hi\n\nHi Ana,\n\nXXX\n")
    assert "<stdin>:5:1: error: unfilled placeholder 'XXX'" in result.stdout


def test_body_only_file_takes_subject_flag(cli, tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("Hi Ana,\n\nThanks for writing.\n\nBest regards,\nSam\n")
    result = cli("lint", str(body), "--format", "line")
    assert f"{body}:1:1: error: the reply has no subject" in result.stdout
    assert cli("lint", str(body), "--subject", "Your refund", "--format", "line").stdout == ""


def test_directory_recurses_and_empty_directory_is_an_error(cli, tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.eml").write_text("Subject: X\n\nTODO\n")
    (tmp_path / "a" / "notes.md").write_text("TODO\n")
    result = cli("lint", str(tmp_path / "a"), "--format", "json")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [
        str(tmp_path / "a" / "b" / "one.eml")
    ]
    (tmp_path / "empty").mkdir()
    empty = cli("lint", str(tmp_path / "empty"))
    assert empty.code == 2
    assert "no replies (*.txt, *.eml, *.mbox) in this directory" in empty.stderr


def test_bad_input_files_are_one_line_errors(cli, tmp_path: Path) -> None:
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    bad_utf8 = tmp_path / "latin1.txt"
    bad_utf8.write_bytes(b"Subject: Hi\n\nCaf\xe9 ok\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    for path, message in (
        (binary, "looks like a binary file, not a text reply"),
        (bad_utf8, ":3:4: is not valid UTF-8 (save the file as UTF-8)"),
        (empty, "the reply is empty (write the reply first)"),
    ):
        result = cli("lint", str(path))
        assert result.code == 2, path
        assert message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_mime_message_lints_decoded_plain_text(cli, tmp_path: Path) -> None:
    body = "Hi Ana,\n\nYour order XXX is here.\n\nBest regards,\nSam\n"
    message = (
        "From: a@example.com\nSubject: Your order\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + base64.b64encode(body.encode()).decode()
        + "\n"
    )
    path = tmp_path / "m.eml"
    path.write_text(message)
    result = cli("lint", str(path), "--format", "line")
    # base64 has no verbatim place in the file: the first line of the part (line 7)
    assert f"{path}:7:1: error: unfilled placeholder 'XXX'" in result.stdout
    found = json.loads(cli("lint", str(path), "--format", "json").stdout)["files"][0]
    placeholder = next(f for f in found["findings"] if f["rule"] == "placeholder")
    assert placeholder["decoded"] == {"offset": 41, "line": 5, "column": 12}


def test_name_and_context_feed_the_greeting_rule(cli, tmp_path: Path) -> None:
    reply = tmp_path / "r.txt"
    reply.write_text("Subject: Your refund\n\nHi Bob,\n\nThanks.\n\nBest regards,\nSam\n")
    by_name = cli("lint", str(reply), "--name", "Ana", "--format", "line")
    assert "greeting does not use the customer's name (Ana)" in by_name.stdout
    by_context = cli(
        "lint", str(reply), "-c", str(EXAMPLES / "customers" / "ana.toml"), "--format", "line"
    )
    assert by_context.stdout == by_name.stdout


def test_config_severity_disable_thresholds_and_words(cli, tmp_path: Path) -> None:
    words = tmp_path / "team.txt"
    words.write_text("# team words\nwidgetizer = the export tool\n")
    (tmp_path / "replykit.toml").write_text(
        '[lint]\ndisable = ["gratitude"]\n[lint.severity]\nall-caps = "error"\n'
        '[lint.thresholds]\nsubject_max = 10\n[lint.words]\njargon = "team.txt"\n'
        'acronyms = ["DONE"]\n'
    )
    reply = tmp_path / "r.txt"
    reply.write_text(
        "Subject: Your refund today\n\nHi Ana,\n\nUse the widgetizer. It is DONE. "
        "It is LATE.\n\nBest regards,\nSam\n"
    )
    result = cli(
        "lint", str(reply), "--format", "line", "--config", str(tmp_path / "replykit.toml")
    )
    assert result.stdout == (
        f"{reply}:1:20: warning: subject is 17 characters, over 10 "
        "(suggestion: shorten the subject) [subject-length]\n"
        f"{reply}:5:9: warning: jargon 'widgetizer' (suggestion: the export tool) [jargon]\n"
        f"{reply}:5:39: error: 'LATE' in capitals reads as shouting (suggestion: late (or add "
        "it to lint.words.acronyms if it is an acronym)) [all-caps]\n"
    )
    assert result.code == 1


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[lint]\ncolour = "red"\n', "unknown config key 'lint.colour'"),
        (
            '[lint]\ndisable = ["exclamations"]\n',
            "unknown rule 'exclamations' in lint.disable (did you mean exclamation?)",
        ),
        (
            "[lint.thresholds]\nsubject_length = 3\n",
            "unknown threshold 'lint.thresholds.subject_length'",
        ),
        (
            "[lint]\nfail_on = 3\n",
            '\'lint.fail_on\' must be one of "error", "warning", "suggestion", not 3',
        ),
        ("[lint\n", ":1:6: invalid TOML"),
        ('[lint.words]\nswear = ["x"]\n', "unknown word list 'lint.words.swear'"),
    ],
)
def test_config_errors_name_the_file_and_key(
    cli, tmp_path: Path, config: str, message: str
) -> None:
    path = tmp_path / "replykit.toml"
    path.write_text(config)
    result = cli("lint", str(CLEAN[0]), "--config", str(path))
    assert result.code == 2
    assert result.stderr.startswith(f"error: {path}")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_nearest_project_config_is_found(cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "replykit.toml").write_text('[lint]\ndisable = ["placeholder"]\n')
    sub = tmp_path / "drafts" / "today"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert cli("lint", "-", input="Subject: Hi\n\nHi Ana,\n\nXXX\n").code == 0


def test_unknown_rule_on_command_line(cli) -> None:
    result = cli("lint", str(CLEAN[0]), "--disable", "emojis")
    assert result.code == 2
    assert result.stderr == "error: unknown rule 'emojis' in --disable (did you mean emoji?)\n"


def test_rules_command_lists_every_rule(cli) -> None:
    data = json.loads(cli("rules", "--format", "json").stdout)
    names = [r["name"] for r in data]
    assert "subject-length" in names and "grammar-unavailable" in names
    assert all(r["summary"] and r["bad"] and r["good"] for r in data)
    table = cli("rules", "--color", "never")
    assert table.code == 0 and "RK401" in table.stdout


def test_rich_output_marks_the_span_and_summarises(cli) -> None:
    result = cli("lint", str(NEEDS_WORK), "--format", "rich", "--color", "never")
    lines = result.stdout.splitlines()
    index = lines.index("  7:12 error unfilled placeholder 'XXX'  [placeholder]")
    assert lines[index + 2] == "    " + " " * 11 + "^^^"
    assert lines[-1] == "1 file checked: 1 error, 19 warnings, 4 suggestions"


def test_a_batch_in_a_process_pool_reports_what_one_process_does(sh, tmp_path: Path) -> None:
    """Above BATCH_PARALLEL_MIN files the installed command lints in worker processes."""
    from replykit.lint.batch import BATCH_PARALLEL_MIN

    good = (EXAMPLES / "replies" / "refund-good.txt").read_text(encoding="utf-8")
    bad = (EXAMPLES / "replies" / "needs-work.txt").read_text(encoding="utf-8")
    folder = tmp_path / "batch"
    folder.mkdir()
    for index in range(BATCH_PARALLEL_MIN + 10):
        text = bad if index % 3 == 0 else good
        (folder / f"reply-{index:03d}.txt").write_text(text, encoding="utf-8")
    (folder / "reply-050.txt").write_bytes(b"\xff\xfe not utf-8")
    pooled = sh("lint", "--format", "json", "--jobs", "2", str(folder))
    single = sh("lint", "--format", "json", "--jobs", "1", str(folder))
    assert pooled.code == single.code == 2  # the bad file: exit 2 in both
    assert pooled.stdout == single.stdout
    assert pooled.stderr == single.stderr
    assert "reply-050.txt" in pooled.stderr and "not valid UTF-8" in pooled.stderr
    files = json.loads(pooled.stdout)["files"]
    assert len(files) == BATCH_PARALLEL_MIN + 9  # every readable file, in path order
    assert [f["path"] for f in files] == sorted(f["path"] for f in files)
    rules = {f["path"].rsplit("-", 1)[1]: {x["rule"] for x in f["findings"]} for f in files}
    assert "punctuation-run" in rules["000.txt"] and "punctuation-run" not in rules["001.txt"]


def _imported_by(*args: str, tmp_path: Path) -> set[str]:
    """Top-level packages a real ``python -m replykit`` run imports (from -X importtime)."""
    import subprocess
    import sys

    env = {**os.environ, "REPLYKIT_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "replykit", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", run.stderr, re.MULTILINE)
    return {name.split(".")[0] for name in names}


def test_lint_imports_no_template_grammar_or_rich_machinery(tmp_path: Path) -> None:
    reply = EXAMPLES / "replies" / "refund-good.txt"
    modules = _imported_by("lint", "--format", "line", str(reply), tmp_path=tmp_path)
    assert "replykit" in modules and "typer" in modules
    assert not modules & {
        "jinja2",
        "language_tool_python",
        "harper",
        "textstat",
        "rich",
        "concurrent",
    }


def test_draft_imports_jinja2_but_not_the_grammar_client(tmp_path: Path) -> None:
    modules = _imported_by(
        "draft",
        "billing/refund-issued",
        "--context",
        str(EXAMPLES / "customers" / "ana.toml"),
        "--config",
        str(EXAMPLES / "replykit.toml"),
        "--no-lint",
        tmp_path=tmp_path,
    )
    assert "jinja2" in modules
    assert not modules & {"language_tool_python", "harper", "textstat"}


def test_lint_imports_only_its_own_command_and_no_mime_decoder(tmp_path: Path) -> None:
    """sys.modules after a real lint (-X importtime misses importlib.import_module)."""
    import subprocess
    import sys

    reply = EXAMPLES / "replies" / "refund-good.txt"
    code = (
        "import sys, contextlib, io\n"
        f"sys.argv = ['replykit', 'lint', '--format', 'line', {str(reply)!r}]\n"
        "from replykit.cli import _run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = _run()\n"
        "print(code, *sorted(m for m in sys.modules if m.startswith('replykit')))"
    )
    env = {**os.environ, "REPLYKIT_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    code_run, *modules = run.stdout.split()
    assert code_run == "0"
    assert {"replykit.cli.lint", "replykit.text.lines", "replykit.rules.subject"} <= set(modules)
    assert not set(modules) & {
        "replykit.cli.draft",
        "replykit.cli.library",
        "replykit.cli.setup",
        "replykit.cli.lsp",
        "replykit.text.mail",
        "replykit.grammar.settings",
        "replykit.library",
    }


def test_templates_load_without_openssl_and_digests_are_unchanged() -> None:
    """jinja2 pulls in hashlib; replykit.library loads it on Python's builtin hashes."""
    import hashlib
    import hmac
    import subprocess
    import sys

    code = (
        "import sys, replykit.library.render\n"
        "loaded = '_hashlib' in sys.modules\n"
        "import hashlib, hmac\n"
        "print(loaded, hashlib.sha256(b'replykit').hexdigest(), hashlib.sha1(b'x').hexdigest(),"
        " hmac.new(b'key', b'message', 'sha256').hexdigest())"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    expected = [
        "False",
        hashlib.sha256(b"replykit").hexdigest(),
        hashlib.sha1(b"x").hexdigest(),
        hmac.new(b"key", b"message", "sha256").hexdigest(),
    ]
    assert run.stdout.split() == expected
