"""The layout's promises, through the installed command: the library is found wherever
replykit is installed, the run's word lists are used everywhere, the edited text is the
one linted, and every bad config value is one line naming the file, the key and what is
allowed."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from conftest import REPO, SNIPPETS, Result

SHIPPED_IDS = sorted(
    p.relative_to(SNIPPETS).with_suffix("").as_posix()
    for p in SNIPPETS.rglob("*.txt")
    if not p.name.startswith("_")
)


# ----------------------------------------------------------------------------- wheel


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built wheel installed into a virtualenv under a dotted path, as pipx does."""
    root = tmp_path_factory.mktemp("user")
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("replykit-*.whl")
    venv = root / ".local" / "share" / "pipx" / "venvs" / "replykit"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    subprocess.run(  # with its dependencies from the package index, as pipx installs it
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    return venv


def run_installed(venv: Path, *args: str, cwd: Path, home: Path) -> Result:
    env = {
        **os.environ,
        "HOME": str(home),
        "REPLYKIT_CONFIG_HOME": str(home / ".config" / "replykit"),
        "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}",
    }
    proc = subprocess.run(
        [str(venv / "bin" / "replykit"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def test_the_wheel_runs_from_its_own_install(wheel_venv: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(wheel_venv / "bin" / "python"), "-c", "import replykit; print(replykit.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(wheel_venv)), where


def test_installed_under_a_dotted_path_the_whole_library_is_listed(
    wheel_venv: Path, tmp_path: Path
) -> None:
    result = run_installed(wheel_venv, "snippets", "list", cwd=tmp_path, home=tmp_path)
    assert result.code == 0, result
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == SHIPPED_IDS


def test_installed_draft_lint_and_check_work_from_outside_the_checkout(
    wheel_venv: Path, tmp_path: Path
) -> None:
    context = tmp_path / "ana.toml"
    context.write_text(
        '[customer]\nfirst_name = "Ana"\n[order]\nid = "A-1042"\namount = "$49.00"\n'
        '[agent]\nname = "Sam Rivera"\nrole = "Customer Support"\n'
        '[company]\nname = "Acme Cloud"\nsupport_url = "https://help.example.com"\n'
    )
    drafted = run_installed(
        wheel_venv, "draft", "refund-issued", "--context", str(context), cwd=tmp_path, home=tmp_path
    )
    assert drafted.code == 0, drafted
    assert drafted.stdout.startswith("Subject: Your refund for order A-1042\n\nHi Ana,\n")
    reply = tmp_path / "reply.txt"
    reply.write_text(drafted.stdout)
    linted = run_installed(wheel_venv, "lint", str(reply), cwd=tmp_path, home=tmp_path)
    assert (linted.code, linted.stderr) == (0, ""), linted
    checked = run_installed(wheel_venv, "check", "--format", "line", cwd=tmp_path, home=tmp_path)
    assert (checked.code, checked.stdout) == (0, ""), checked


def test_a_fresh_install_catches_common_errors_offline(wheel_venv: Path, tmp_path: Path) -> None:
    """Issue 19's sentence, through the wheel and its dependencies as pip installs them."""
    reply = tmp_path / "reply.txt"
    reply.write_text(
        "Subject: Your package\n\nHi Ana,\n\nThanks for you're patience. This is an test. "
        "He go to the store and recieve the package.\n\nBest regards,\nSam\n"
    )
    result = run_installed(
        wheel_venv,
        "lint",
        str(reply),
        "--grammar",
        "harper",
        "--format",
        "json",
        cwd=tmp_path,
        home=tmp_path,
    )
    findings = [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]
    assert [
        (f["rule"], f["line"], f["column"], f["suggestion"].split(",")[0], f["origin"])
        for f in findings
        if f["origin"].startswith("harper:")
    ] == [
        ("grammar", 5, 12, "your", "harper:PronounContraction"),
        ("grammar", 5, 37, "a", "harper:AnA"),
        ("grammar", 5, 49, "goes", "harper:PronounVerbAgreement"),
        ("spelling", 5, 69, "receive", "harper:SpellCheck"),
    ]


def test_a_team_library_in_a_dotted_config_folder_is_listed(
    wheel_venv: Path, tmp_path: Path
) -> None:
    team = tmp_path / ".config" / "replykit" / "snippets" / "team"
    team.mkdir(parents=True)
    (team / "hello.txt").write_text('+++\ntitle = "Hello"\nsubject = "Hi"\n+++\nHello.\n')
    (team.parent / ".drafts").mkdir()
    (team.parent / ".drafts" / "hidden.txt").write_text('+++\ntitle = "x"\nsubject = "x"\n+++\n')
    (tmp_path / ".config" / "replykit" / "config.toml").write_text('library = ["snippets"]\n')
    result = run_installed(wheel_venv, "snippets", "list", cwd=tmp_path, home=tmp_path)
    assert result.code == 0, result
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert ids == sorted(["team/hello", *SHIPPED_IDS])


# ----------------------------------------------------------------------------- bugs


def _pty_run(args: list[str], env: dict[str, str], cwd: Path) -> Result:
    """Run with a terminal on stdin (the controlling one, as an agent's shell has) and
    stdout/stderr captured, so an editor can open /dev/tty while the reply goes to a pipe."""
    master, slave = os.openpty()

    def take_terminal() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    try:
        proc = subprocess.run(
            args,
            stdin=slave,
            capture_output=True,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=take_terminal,
            timeout=60,
            check=False,
        )
    finally:
        os.close(slave)
        os.close(master)
    return Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def test_draft_edit_body_only_lints_the_edited_body(tmp_path: Path, sh) -> None:
    from conftest import EXAMPLE_CONFIG, installed_command

    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Hi Ana,\\n\\nYour order XXX is on its way.\\n" > "$1"\n')
    editor.chmod(0o755)
    env = {**os.environ, "EDITOR": str(editor), "VISUAL": str(editor)}
    args = [
        *installed_command(),
        "draft",
        "refund-issued",
        "--example",
        "--config",
        str(EXAMPLE_CONFIG),
        "--edit",
        "--body-only",
    ]
    result = _pty_run(args, env, tmp_path)
    assert result.code == 1, result
    assert result.stdout == "Hi Ana,\n\nYour order XXX is on its way.\n"
    assert "draft:billing/refund-issued:5:12: error: unfilled placeholder 'XXX'" in result.stderr


def test_a_team_sign_off_ends_the_prose_for_every_rule(tmp_path: Path, sh) -> None:
    (tmp_path / "replykit.toml").write_text('[lint.words]\nsign_offs = ["Cheers mate"]\n')
    reply = tmp_path / "reply.txt"
    reply.write_text(
        "Subject: Your refund\n\nHi Ana,\n\n"
        "Thanks for your patience. I have refunded the charge for order A-1042 today.\n\n"
        "Cheers mate,\nSam Rivera, Customer Support at Acme Cloud, available Monday to Friday "
        "from nine in the morning until six in the evening Central European Time except on "
        "public holidays in Germany\n"
    )
    result = sh("lint", "--format", "line", str(reply), cwd=tmp_path)
    assert (result.code, result.stdout, result.stderr) == (0, "", "")


BAD_CONFIGS = [
    (
        '[lint]\nfail_on = "warn"\n',
        '\'lint.fail_on\' must be one of "error", "warning", "suggestion", not \'warn\'',
    ),
    (
        '[lint]\nmin_severity = "high"\n',
        '\'lint.min_severity\' must be one of "error", "warning", "suggestion", not \'high\'',
    ),
    (
        '[lint]\ntone = "Formal"\n',
        "'lint.tone' must be one of \"casual\", \"formal\", not 'Formal'",
    ),
    (
        '[lint]\ntone = "friendly"\n',
        "'lint.tone' must be one of \"casual\", \"formal\", not 'friendly'",
    ),
    (
        "[lint.thresholds]\nsubject_max = -5\n",
        "'lint.thresholds.subject_max' must be a whole number more than 0, not -5",
    ),
    (
        "[lint.thresholds]\nsubject_max = 6.5\n",
        "'lint.thresholds.subject_max' must be a whole number more than 0, not 6.5",
    ),
    (
        "[lint.thresholds]\nreading_ease_min = nan\n",
        "'lint.thresholds.reading_ease_min' must be a number more than 0, not nan",
    ),
    (
        "[lint.thresholds]\nlong_sentence_words = true\n",
        "'lint.thresholds.long_sentence_words' must be a whole number more than 0, not True",
    ),
    ("library = [1]\n", "'library' must be a list of folder paths, not list"),
    ('library = "snippets"\n', "'library' must be a list of folder paths, not 'snippets'"),
    ("[lint]\ndisable = [1]\n", "'lint.disable' must be a list of strings, not list"),
    (
        '[lint]\ndisable = "exclamation"\n',
        "'lint.disable' must be a list of strings, not 'exclamation'",
    ),
    ('[lint]\nenable = ["exclamations"]\n', "unknown rule 'exclamations' in lint.enable"),
    (
        '[lint.severity]\nexclamation = "loud"\n',
        "'lint.severity.exclamation' must be one of "
        '"error", "warning", "suggestion", not \'loud\'',
    ),
    ('[lint.severity]\nshouting = "error"\n', "unknown rule 'shouting' in lint.severity"),
    (
        "[lint.words]\njargon = 5\n",
        "'lint.words.jargon' must be a list of strings, a table of "
        "term = suggestion, or a file path, not 5",
    ),
    (
        "[lint.words]\njargon = { SKU = 1 }\n",
        "'lint.words.jargon' must be a list of strings, a "
        "table of term = suggestion, or a file path, not dict",
    ),
    ("lint = 3\n", "'lint' must be a table, not 3"),
    ('[agent]\nname = ["Sam"]\n', "'agent.name' must be a string or a number, not list"),
    ("[company]\nname = true\n", "'company.name' must be a string or a number, not True"),
    (
        "[grammar]\ntimeout = inf\n",
        "'grammar.timeout' must be a number more than 0 and at most 600, not inf",
    ),
    (
        "[grammar]\ntimeout = 0\n",
        "'grammar.timeout' must be a number more than 0 and at most 600, not 0",
    ),
    (
        "[grammar]\nparallel = 0\n",
        "'grammar.parallel' must be a whole number at least 1 and at most 64, not 0",
    ),
    (
        '[grammar]\nserver = "localhost:8081"\n',
        "'grammar.server' must be an http:// or https:// URL, not 'localhost:8081'",
    ),
    ('[grammar]\nlanguage = "english"\n', "'grammar.language' must be one of \"en-US\""),
    ('[grammar]\npicky = "yes"\n', "'grammar.picky' must be true or false, not 'yes'"),
    ('[grammar]\nwords = ["ok", 2]\n', "'grammar.words' must be a list of strings, not list"),
    ("[grammar]\nrequired = 1\n", "'grammar.required' must be true or false, not 1"),
    ('[grammar]\ncache = "no"\n', "'grammar.cache' must be true or false, not 'no'"),
    ('[grammar]\ndisabled_rules = "X"\n', "'grammar.disabled_rules' must be a list of strings"),
    (
        "[grammar]\nenabled_categories = [3]\n",
        "'grammar.enabled_categories' must be a list of strings",
    ),
    ("[grammar]\npath = 3\n", "'grammar.path' must be a file path, not 3"),
    (
        '[grammar]\ndictionary = "a\\u0000b"\n',
        "'grammar.dictionary' must be a file path, not 'a\\x00b'",
    ),
    ('library = ["a\\u0000b"]\n', "'library' must be a list of folder paths, not list"),
    ("[lint]\nthresholds = 3\n", "'lint.thresholds' must be a table of name = number, not 3"),
    ("[lint]\nseverity = []\n", "'lint.severity' must be a table of rule = severity, not list"),
    ('[lint]\nwords = "x"\n', "'lint.words' must be a table of word lists, not 'x'"),
]


@pytest.mark.parametrize(("config", "message"), BAD_CONFIGS)
def test_every_bad_config_value_names_file_key_and_allowed_values(
    tmp_path: Path, sh, config: str, message: str
) -> None:
    """Found by searching upward from a subfolder, as an agent's project config is."""
    (tmp_path / "replykit.toml").write_text(config)
    below = tmp_path / "drafts" / "today"
    below.mkdir(parents=True)
    result = sh("lint", "-", input="Subject: Hi\n\nHi Ana,\n\nDone.\n\nBest,\nSam\n", cwd=below)
    assert result.code == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {tmp_path / 'replykit.toml'}: "), lines[0]
    assert message in lines[0]
    assert "internal error" not in lines[0]


def test_config_values_are_checked_for_every_command(tmp_path: Path, sh) -> None:
    (tmp_path / "replykit.toml").write_text('[lint]\nfail_on = "warn"\n')
    for args in (["snippets", "list"], ["draft", "refund-issued", "--example"], ["check"]):
        result = sh(*args, cwd=tmp_path)
        assert result.code == 2, (args, result)
        assert "'lint.fail_on' must be one of" in result.stderr


def test_inputs_that_would_pass_in_silence_are_one_error_line(tmp_path: Path, sh) -> None:
    """Found by a break-test of the installed wheel: each was exit 0 with nothing said."""
    empty = tmp_path / "lib"
    empty.mkdir()
    reply = tmp_path / "reply.txt"
    reply.write_text("Subject: Hi\n\nHi Ana,\n\nThanks for writing.\n\nBest regards,\nSam\n")
    cases = {
        ("check", str(empty)): f"error: {empty}: no snippets (*.txt) in this folder "
        "(give a snippet library)\n",
        ("init", "--path", str(tmp_path / "c.json")): f"error: {tmp_path / 'c.json'}: a config "
        "file is TOML, not .json (name it with .toml, e.g. replykit.toml)\n",
        ("lint", "--stdin-filename", "a.txt", str(reply)): "error: --stdin-filename names the "
        "reply read from stdin, and no file is '-' (pass - as the file: an editor sends its "
        "buffer on stdin)\n",
    }
    for args, stderr in cases.items():
        result = sh(*args, cwd=tmp_path)
        assert (result.code, result.stdout, result.stderr) == (2, "", stderr), args
    assert not (tmp_path / "c.json").exists()


def test_fix_says_a_mime_message_was_left_as_it_is(tmp_path: Path, sh) -> None:
    message = tmp_path / "m.eml"
    original = (
        "Subject: Hi\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64\n\nSGkgQW5hLAoKSXQgaXMgb24gdGhlIHRoZSB3YXkuCg==\n"
    )
    message.write_text(original)
    result = sh("lint", "--fix", str(message), cwd=tmp_path)
    assert result.stderr.splitlines()[0] == (
        f"warning: {message}: 1 MIME-encoded message(s) left as they are: --fix changes "
        "plain text only (edit its text in your mail client)"
    )
    assert message.read_text() == original
