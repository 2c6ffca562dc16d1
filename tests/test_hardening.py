"""Issue 18, item by item: each test failed before the fix and passes after it.

Where permissions matter the command runs as an unprivileged user: as root, a forked
child drops to ``nobody`` (the interpreter and every module it needs are loaded first,
so nothing has to be read from a root-only folder) and runs the CLI in-process.
"""

from __future__ import annotations

import concurrent.futures  # noqa: F401  (loaded before a fork drops privileges)
import difflib  # noqa: F401
import email.policy  # noqa: F401
import hashlib  # noqa: F401
import hmac  # noqa: F401
import json
import os
import pickle
import pwd
import resource
import secrets  # noqa: F401
import stat
import subprocess
import tempfile
import tomllib  # noqa: F401
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_CONFIG, EXAMPLES, Result, installed_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import replykit.cli.draft
import replykit.cli.library
import replykit.cli.lint
import replykit.cli.setup
import replykit.io.editor
import replykit.library.check
import replykit.library.render
import replykit.lint.fix  # noqa: F401
from replykit.cli import app_for
from replykit.errors import OutputError
from replykit.io import files

ESC_TITLE = "\x1b]0;pwned\x07"  # sets the terminal's window title
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"  # writes the agent's clipboard


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(
        app_for(list(args)), list(args), input=input, env=env, catch_exceptions=False
    )
    return Result(result.exit_code, result.stdout, result.stderr)


def snippet(lib: Path, name: str, body: str, example: str = "") -> Path:
    path = lib / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'+++\ntitle = "T"\nsubject = "S"\n{example}+++\n{body}\n')
    return path


def assert_one_error(result: Result, *needles: str) -> None:
    assert result.code == 2, result
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result


# ------------------------------------------------------------------ an unprivileged user


def _preload() -> None:
    """Import what a command may import lazily while the interpreter's files are readable:
    the unprivileged child cannot read them under /root."""
    import importlib
    import pkgutil

    import typer._click

    import replykit

    for package in (replykit, typer._click):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if info.name.startswith(("replykit.lsp", "replykit.grammar.harper")):
                continue  # optional engines, never reached by these commands
            try:
                importlib.import_module(info.name)
            except Exception:  # another platform's module (typer's Windows console)
                continue


def as_nobody(function: Callable[..., Any], *args: Any) -> Any:
    """Run ``function(*args)`` as an unprivileged user (as root: in a forked child)."""
    if os.geteuid() != 0:
        return function(*args)
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' user to drop privileges to")
    _preload()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            payload = pickle.dumps(("ok", function(*args)))
        except BaseException as exc:  # report it to the parent, whatever it was
            payload, status = pickle.dumps(("error", repr(exc))), 1
        os.write(write, payload)
        os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(data)
    if kind == "error":
        raise AssertionError(f"as nobody: {value}")
    return value


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder both root and the unprivileged user can use (pytest's tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="replykit-hardening-"))
    folder.chmod(0o777)
    yield folder
    subprocess.run(["chmod", "-R", "u+rwx", str(folder)], check=False)
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def cli_in(folder: Path, *args: str) -> Result:
    """The CLI with ``folder`` as working directory, config home and cache."""
    os.chdir(folder)
    env = {"REPLYKIT_CONFIG_HOME": str(folder / ".config"), "REPLYKIT_CACHE_DIR": str(folder)}
    return run_cli(*args, env=env)


# ------------------------------------------------------------------ 1 terminal injection


def test_1_nothing_from_data_or_file_names_reaches_the_terminal(tmp_path: Path) -> None:
    context = tmp_path / "c.json"
    context.write_text(json.dumps({"customer": {"first_name": "Ana", CLIPBOARD: "x\x1b[2J"}}))
    drafted = run_cli(
        "draft", "welcome", "-c", str(context), "--config", str(EXAMPLE_CONFIG), "--no-lint"
    )
    assert drafted.code == 0
    assert drafted.stderr == (
        "warning: removed control characters from customer.\\x1b]52;c;ZXZpbA==\\x07\n"
    )

    evil = tmp_path / f"reply{ESC_TITLE}\nerror: forged.txt"
    evil.write_text(
        "Subject: Your refund\n\nHi Ana,\n\nIt is on the the way.\n\nBest regards,\nSam\n"
    )
    fixed = run_cli("lint", "--fix", str(evil))
    assert (
        fixed.stderr == f"fixed 1 problem in {tmp_path}/reply\\x1b]0;pwned\\x07 error: forged.txt\n"
    )
    missing = run_cli("lint", str(tmp_path / f"no{CLIPBOARD}.txt"))
    assert missing.stderr.startswith(f"error: {tmp_path}/no\\x1b]52;c;ZXZpbA==\\x07.txt:")
    assert missing.stderr.count("\n") == 1

    lib = tmp_path / "lib"
    snippet(lib, f"we{ESC_TITLE}lcome.txt", "Hi {{ customer.first_name }},\x1b[31m")
    listed = run_cli("snippets", "list", "-L", str(lib))  # piped: the tab-separated view
    assert "we\\x1b]0;pwned\\x07lcome\tT\t\tcasual\n" in listed.stdout
    shown = run_cli("snippets", "show", f"we{ESC_TITLE}lcome", "-L", str(lib))
    assert shown.stdout.startswith("# we\\x1b]0;pwned\\x07lcome (")
    assert "Hi {{ customer.first_name }},\\x1b[31m" in shown.stdout

    wrote = run_cli("context", "new", str(tmp_path / f"ctx{ESC_TITLE}.toml"))
    assert wrote.stderr == f"wrote {tmp_path}/ctx\\x1b]0;pwned\\x07.toml\n"
    for result in (drafted, fixed, missing, listed, shown, wrote):
        assert "\x1b" not in result.stdout + result.stderr
        assert "\x07" not in result.stdout + result.stderr


DANGEROUS = ["\x1b", "\x07", "\r", "\x9b", "\u202e", "\u2028", "\x00", "\x1b]52;c;", "\x1b[2J"]
key_or_value = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)
    | st.sampled_from(DANGEROUS),
    max_size=5,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    values=st.dictionaries(key_or_value, key_or_value, max_size=4),
    first_name=key_or_value.filter(lambda s: s.strip()),
)
def test_1_property_no_control_byte_reaches_stdout_or_stderr(
    tmp_path_factory: pytest.TempPathFactory, values: dict[str, str], first_name: str
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    lib = folder / "lib"
    snippet(
        lib,
        "s.txt",
        "Hi {{ customer.first_name }},\n\n"
        "{% for key, value in customer.items() %}{{ key }}: {{ value }}\n{% endfor %}\n"
        "Best regards,\nSam",
    )
    context = folder / "c.json"
    context.write_text(json.dumps({"customer": {**values, "first_name": first_name}}))
    result = run_cli("draft", "s", "-L", str(lib), "-c", str(context))
    for stream in (result.stdout, result.stderr):
        data = stream.encode("utf-8", "surrogateescape")
        assert b"\x1b" not in data
        assert not [b for b in data if b < 0x20 and b not in (0x09, 0x0A)], stream


# ------------------------------------------------------------------ 2 links out of the library


def test_2_links_out_of_the_library_are_refused_and_reported(tmp_path: Path) -> None:
    secret_dir = tmp_path / "home" / ".ssh"
    secret_dir.mkdir(parents=True)
    (secret_dir / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    lib = tmp_path / "lib"
    snippet(lib, "a.txt", 'Hi,\n{% include "_sig.txt" %}')
    snippet(lib, "b.txt", 'Hi,\n{% include "parts/id_rsa" %}')
    (lib / "_sig.txt").symlink_to(secret_dir / "id_rsa")
    (lib / "parts").symlink_to(secret_dir)
    for name, include in (("a", "_sig.txt"), ("b", "parts/id_rsa")):
        result = run_cli("draft", name, "-L", str(lib), "--no-lint")
        assert_one_error(
            result,
            f"{lib / (name + '.txt')}:6: '{include}' is a link to {secret_dir / 'id_rsa'}, "
            "outside the snippet library; refused",
        )
        assert "PRIVATE KEY" not in result.stdout + result.stderr

    checked = run_cli("check", str(lib), "--format", "line")
    assert checked.code == 1
    lines = checked.stdout.splitlines()
    assert (
        f"{lib}/_sig.txt:1:1: error: a link to {secret_dir / 'id_rsa'}, outside the library: "
        "drafts will not read it" in checked.stdout
    )
    assert any(line.startswith(f"{lib}/parts:1:1: error: a link to {secret_dir}") for line in lines)
    assert any(
        line.startswith(f"{lib}/a.txt:6:1: error: includes '_sig.txt', a link to") for line in lines
    )
    assert "PRIVATE KEY" not in checked.stdout


def test_a_pipe_in_a_folder_is_left_out_and_as_the_dictionary_refused(tmp_path: Path) -> None:
    """A FIFO has no writer: reading it would wait for good (the language server with
    it). A folder walk (a library, lint DIR) leaves it out like a hidden file; named as
    the team dictionary it is one error, at once."""
    import subprocess
    import sys

    lib = tmp_path / "lib"
    snippet(lib, "hello.txt", "Hi,")
    os.mkfifo(lib / "pipe.txt")
    os.mkfifo(tmp_path / "words.txt")
    (tmp_path / "replykit.toml").write_text(
        'library = ["lib"]\n[grammar]\ndictionary = "words.txt"\n'
    )
    replies = tmp_path / "replies"
    replies.mkdir()
    (replies / "reply.txt").write_text("Subject: Hi\n\nHi Sam,\n\nThanks!!\n\nAna\n")
    os.mkfifo(replies / "pipe.txt")

    def replykit(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "replykit", *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=30)

    listed = replykit("snippets", "list", "--format", "json")
    assert (listed.returncode, listed.stderr) == (0, "")
    ids = {entry["id"] for entry in json.loads(listed.stdout)}
    assert "hello" in ids and "pipe" not in ids
    folder = replykit("lint", "replies", "--format", "line", "--grammar", "off")
    assert folder.stderr == ""
    assert {row.split(":")[0] for row in folder.stdout.splitlines()} == {"replies/reply.txt"}
    linted = replykit("lint", "replies/reply.txt", "--grammar", "harper")
    assert linted.returncode == 2
    assert linted.stderr == (
        f"error: {tmp_path / 'replykit.toml'}: grammar.dictionary {tmp_path / 'words.txt'}: is a"
        " named pipe (FIFO), not a dictionary (give a UTF-8 text file with one word or name per"
        " line)\n"
    )


# ------------------------------------------------------------------ 5 writes never destroy


def test_5_writes_refuse_non_regular_files_and_keep_links_mode_and_owner(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    result = run_cli("context", "new", str(fifo), "--force")
    assert_one_error(result, f"{fifo}: is a named pipe (FIFO), not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    target = tmp_path / "real.toml"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    result = run_cli("context", "new", str(link), "--force")
    assert result.code == 0 and result.stderr == f"wrote {target} (through the link {link})\n"
    assert link.is_symlink() and "[customer]" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640

    dangling = tmp_path / "dangling.toml"
    dangling.symlink_to(tmp_path / "elsewhere.toml")
    result = run_cli("context", "new", str(dangling))
    assert_one_error(result, "is a symbolic link to", "which does not exist; nothing was written")
    assert not (tmp_path / "elsewhere.toml").exists() and dangling.is_symlink()

    reply = tmp_path / "reply.txt"
    reply.write_text("Subject: Your refund\n\nHi Ana,\n\nIt is on the the way.\n")
    twin = tmp_path / "twin.txt"
    os.link(reply, twin)
    result = run_cli("lint", "--fix", str(reply))
    assert_one_error(result, "has 2 hard links, which replacing it would break")
    assert reply.read_text() == twin.read_text() and "the the" in reply.read_text()
    assert reply.stat().st_ino == twin.stat().st_ino

    if os.geteuid() == 0:  # keeping another user's ownership needs the right to chown
        twin.unlink()
        nobody = pwd.getpwnam("nobody")
        os.chown(reply, nobody.pw_uid, nobody.pw_gid)
        assert run_cli("lint", "--fix", str(reply)).code in (0, 1)
        assert "the the" not in reply.read_text()
        owner = reply.stat()
        assert (owner.st_uid, owner.st_gid) == (nobody.pw_uid, nobody.pw_gid)


# ------------------------------------------------------------------ 6 exclusive creation


def test_6_a_file_that_appears_during_the_write_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer creates the file after our check and before ours is in place."""
    target = tmp_path / "reply.txt"
    real_mkstemp = tempfile.mkstemp

    def racing_mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        target.write_text("the other writer's reply\n")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", racing_mkstemp)
    with pytest.raises(OutputError, match="already exists; nothing was written"):
        files.atomic_write(target, "ours\n")
    assert target.read_text() == "the other writer's reply\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "reply.txt", "work"]


def test_6_ten_concurrent_writers_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "ctx.toml"
    procs = [
        subprocess.Popen(
            [*installed_command(), "context", "new", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(10)
    ]
    codes = [p.wait(timeout=60) for p in procs]
    assert sorted(codes) == [0] + [2] * 9
    assert all(
        b"already exists" in p.stderr.read() for p, c in zip(procs, codes, strict=True) if c == 2
    )


# ------------------------------------------------------------------ 7 failed writes


def test_7_a_full_disk_is_an_error_not_a_truncated_success(sh, tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    reply = EXAMPLES / "replies" / "needs-work.txt"
    for args in (
        ("draft", "welcome", "--example", "--config", str(EXAMPLE_CONFIG), "--no-lint"),
        ("lint", "--format", "json", str(reply)),
        ("lint", "--format", "line", str(reply)),
        ("snippets", "list"),
        ("--version",),
    ):
        with open("/dev/full", "w") as full:
            proc = subprocess.run(
                [*installed_command(), *args], stdout=full, stderr=subprocess.PIPE, timeout=60
            )
        assert proc.returncode == 2, args
        assert proc.stderr.decode() == (
            "error: cannot write the output: No space left on device; "
            "what was written is incomplete\n"
        ), args

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    out = tmp_path / "reply.txt"
    proc = subprocess.run(
        [
            *installed_command(),
            "draft",
            "welcome",
            "--example",
            "--config",
            str(EXAMPLE_CONFIG),
            "--no-lint",
            "--out",
            str(out),
        ],
        capture_output=True,
        preexec_fn=small_files,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"error: {out}: cannot write: File too large\n"
    assert not out.exists() and list(tmp_path.glob(".reply.txt.*")) == []


# ------------------------------------------------------------------ 8 --fix and meaning


def test_8_fix_never_removes_names_or_grammatical_repetitions(tmp_path: Path) -> None:
    text = (
        "Subject: Your trip\n\nHi Ana,\n\nWe booked Bora Bora, Walla Walla and the Duran Duran "
        "show. What it is is a refund for the the hotel.\n\nBest regards,\nSam\n"
    )
    reply = tmp_path / "r.txt"
    reply.write_text(text)
    fixed = run_cli("lint", "--fix", str(reply))
    assert fixed.stderr == f"fixed 1 problem in {reply}\n"
    assert reply.read_text() == text.replace("the the", "the")
    found = run_cli("lint", "--format", "line", "--disable", "readability", str(reply))
    repeated = [line for line in found.stdout.splitlines() if "[repeated-word]" in line]
    assert [line.split(": warning: ")[1] for line in repeated] == [
        "'Bora' is repeated (suggestion: delete the second 'Bora') [repeated-word]",
        "'Walla' is repeated (suggestion: delete the second 'Walla') [repeated-word]",
        "'Duran' is repeated (suggestion: delete the second 'Duran') [repeated-word]",
        "'is' is repeated (suggestion: delete the second 'is') [repeated-word]",
    ]


# ------------------------------------------------------------------ 9 Ctrl-C in the editor


@pytest.mark.parametrize("edited", [False, True])
def test_9_ctrl_c_in_the_editor_leaves_no_customer_data_behind(
    tmp_path: Path, edited: bool
) -> None:
    """Ctrl-C typed on a real (pseudo-)terminal while the editor is open."""
    import fcntl
    import pty
    import termios
    import time

    editor = tmp_path / "editor.sh"
    told = tmp_path / "file-name"
    editor.write_text(
        "#!/bin/sh\n"
        f"{'echo my own words >> $1' if edited else ':'}\n"
        f'echo "$1" > {told}.part && mv {told}.part {told}\n'
        "sleep 30\n"
    )
    editor.chmod(0o755)
    master, slave = pty.openpty()

    def own_terminal() -> None:  # a new session whose controlling terminal is the pty
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [
            *installed_command(),
            *("draft", "welcome", "--example", "--edit", "--no-lint"),
            *("--config", str(EXAMPLE_CONFIG)),
        ],
        env={**os.environ, "EDITOR": str(editor)},
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=own_terminal,
    )
    try:
        for _ in range(600):  # until the editor is open on the draft
            if told.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        os.write(master, b"\x03")  # Ctrl-C: SIGINT to the terminal's foreground group
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        os.close(master)
        os.close(slave)
    temp = Path(told.read_text().strip())
    assert proc.returncode == 130 and out == "", err
    if edited:
        assert err == f"error: the editor was interrupted; your edited draft is kept in {temp}\n"
        assert temp.read_text().endswith("my own words\n")
        temp.unlink()
    else:
        assert err == "error: the editor was interrupted; the draft was discarded\n"
        assert not temp.exists()


# ------------------------------------------------------------------ 10 capped inputs


def test_10_every_input_is_capped_and_devices_are_refused(sh, tmp_path: Path) -> None:
    result = sh("lint", "/dev/zero")
    assert result.code == 2
    assert result.stderr == (
        "error: /dev/zero: is a device, not a reply (give a regular file, or - for stdin)\n"
    )
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run(
            [*installed_command(), "lint", "-"], stdin=zero, capture_output=True, timeout=60
        )
    assert proc.returncode == 2
    assert (
        proc.stderr == b"error: <stdin>: is larger than 10 MB, the limit for a reply "
        b"(a reply is at most 10 MB)\n"
    )
    result = sh("draft", "welcome", "--context", "/dev/zero")
    assert result.stderr == (
        "error: /dev/zero: is a device, not a context file (give a regular file, or - for stdin)\n"
    )
    big = tmp_path / "big.toml"
    big.write_text("[customer]\nnote = '" + "x" * 1_000_000 + "'\n")
    result = sh("draft", "welcome", "--context", str(big))
    assert result.stderr == (
        f"error: {big}: is larger than 1 MB, the limit for a context file "
        "(a context file is at most 1 MB)\n"
    )
    config = tmp_path / "replykit.toml"
    config.write_text('[lint.words]\njargon = "/dev/zero"\n')
    result = sh("lint", "--config", str(config), str(EXAMPLES / "replies" / "needs-work.txt"))
    assert result.code == 2 and "/dev/zero: is a device" in result.stderr
    assert result.stderr.count("\n") == 1


# ------------------------------------------------------------------ 11 render budget


def test_11_templates_have_an_output_and_time_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = tmp_path / "lib"
    cases = {
        "repeat": ("{{ 'x' * 10**9 }}", "repeats a value to 1,000,000,000 characters"),
        "center": ("{{ 'x'|center(10**9) }}", "asks for 1,000,000,000 characters"),
        "width": ("{{ '{:>999999999}'.format(1) }}", "formats a value wider than a reply"),
        "doubling": (
            "{% set ns = namespace(x='x') %}{% for i in range(40) %}"
            "{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x|length }}",
            "builds a value larger than a reply",
        ),
        "loops": (
            "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}"
            "{% endfor %}{% endfor %}",
            "the rendered text is longer than 1,000,000 characters",
        ),
        "slow": (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "took longer than 0.5 seconds to render",
        ),
    }
    from replykit.library import limits

    monkeypatch.setattr(limits, "MAX_SECONDS", 0.5)
    for name, (body, message) in cases.items():
        snippet(lib, f"{name}.txt", body)
        assert_one_error(run_cli("draft", name, "-L", str(lib), "--no-lint"), message)
    (lib / "good.txt").write_text(
        '+++\ntitle = "Thanks"\nsubject = "Thanks for writing"\n'
        '[example]\ncustomer = { first_name = "Ana" }\n+++\n'
        "Hi {{ customer.first_name }},\n\nThanks for writing.\n\nBest regards,\nSam\n"
    )
    checked = run_cli("check", str(lib), "--format", "line")
    assert checked.code == 1
    errors = {line.split(":")[0].rsplit("/", 1)[1] for line in checked.stdout.splitlines()}
    assert errors == {f"{name}.txt" for name in cases}  # each its own finding; good is clean


# ------------------------------------------------------------------ 12 no internal errors


def _deep_multipart(depth: int) -> str:
    parts = ["Subject: Hi\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n\n"]
    for i in range(1, depth):
        parts.append(f"--b{i - 1}\nContent-Type: multipart/mixed; boundary=b{i}\n\n")
    parts.append(f"--b{depth - 1}\nContent-Type: text/plain\n\nHello\n")
    return "".join(parts)


INTERNAL_ERROR_CASES = {
    "recursive include": ("snippet", '{% include "s.txt" %}', "nests too deeply"),
    "recursive macro": (
        "snippet",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "nests too deeply",
    ),
    "recursive import": ("snippet", '{% import "s.txt" as me %}', "nests too deeply"),
    "deep brackets": ("snippet", "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "too deeply"),
    "deep JSON": ("c.json", '{"customer": ' + "[" * 100_000 + "]" * 100_000 + "}", "too deeply"),
    "deep TOML": (
        "c.toml",
        "customer = { a = " + "[" * 100_000 + "]" * 100_000 + " }",
        "too deeply",
    ),
    "long int JSON": ("c.json", '{"order": {"id": ' + "9" * 5000 + "}}", "more than 4300 digits"),
    "long int TOML": ("c.toml", "[order]\nid = " + "9" * 5000 + "\n", "more than 4300 digits"),
    "customer not a table": ("c.json", '{"customer": "Ana"}', "'customer' must be a table"),
    "charset=foo": (
        "r.eml",
        "Subject: Hi\nMIME-Version: 1.0\nContent-Type: text/plain; charset=foo\n"
        "Content-Transfer-Encoding: quoted-printable\n\nHello=C3=A9\n",
        "unknown charset 'foo'",
    ),
    "2000-deep multipart": ("r.eml", _deep_multipart(2000), "nested too deeply"),
}


@pytest.mark.parametrize("case", INTERNAL_ERROR_CASES)
def test_12_ordinary_bad_input_is_one_error_line(tmp_path: Path, case: str) -> None:
    kind, text, message = INTERNAL_ERROR_CASES[case]
    if kind == "snippet":
        lib = tmp_path / "lib"
        snippet(lib, "s.txt", text)
        result = run_cli("draft", "s", "-L", str(lib), "--no-lint")
    elif kind.startswith("c."):
        (tmp_path / kind).write_text(text)
        result = run_cli(
            "draft",
            "welcome",
            "--example",
            "--config",
            str(EXAMPLE_CONFIG),
            "-c",
            str(tmp_path / kind),
            "--no-lint",
        )
        assert str(tmp_path / kind) in result.stderr
    else:
        (tmp_path / kind).write_text(text)
        result = run_cli("lint", str(tmp_path / kind))
        assert str(tmp_path / kind) in result.stderr
    assert_one_error(result, message)


def test_12_lone_surrogate_in_a_context_is_removed_with_a_warning(tmp_path: Path) -> None:
    context = tmp_path / "c.json"
    context.write_text('{"customer": {"first_name": "An\\ud800a"}}')
    result = run_cli(
        "draft",
        "welcome",
        "--example",
        "--config",
        str(EXAMPLE_CONFIG),
        "-c",
        str(context),
        "--no-lint",
    )
    assert result.code == 0 and "Hi Ana,\n" in result.stdout
    assert result.stderr == "warning: removed control characters from customer.first_name\n"


def test_12_out_into_a_read_only_folder(shared_dir: Path) -> None:
    folder = shared_dir / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    out = folder / "reply.txt"
    result = as_nobody(
        cli_in,
        shared_dir,
        "draft",
        "welcome",
        "--example",
        "--config",
        str(EXAMPLE_CONFIG),
        "--no-lint",
        "--out",
        str(out),
    )
    assert_one_error(result, f"{out}: cannot write in this folder: Permission denied")
    assert not out.exists()


# ------------------------------------------------------------------ 14 linear patterns


N = 300_000  # a quadratic pattern takes minutes on these (SENTENCE_END: 69 s at 100 KB)


@pytest.mark.parametrize(
    ("module", "name", "text", "matches"),
    [
        ("replykit.text.reply", "SENTENCE_END", "a" + "!" * N + "x. b", ["."]),
        ("replykit.text.reply", "SENTENCE_END", "a" + "?." * (N // 2) + "x", []),
        ("replykit.rules.tone", "PROMO_CODE", "code" + " " * N + "! code SAVE10", ["code SAVE10"]),
        ("replykit.rules.tone", "PROMO_CODE", "coupon :" + "\t" * N + "!", []),
        ("replykit.text.reply", "BEFORE_LIST_ITEM", "a" + "\n" * N + "x\n1. Open it", ["\n"]),
        ("replykit.rules.clarity", "CLAUSE_SPLIT", "a" + " " * N + "x then y", [" then "]),
        ("replykit.library.render", "_TRAILING_SPACE", "a" + "\t" * N + "x \ny", [" "]),
    ],
)
def test_14_patterns_are_linear(module: str, name: str, text: str, matches: list[str]) -> None:
    import importlib

    from replykit.text.gate import Gated, Lazy

    pattern = getattr(importlib.import_module(module), name)
    if isinstance(pattern, Gated):
        pattern = pattern.pattern  # the regex behind the gate
    if isinstance(pattern, Lazy):
        pattern = pattern.compiled()
    assert [m.group() for m in pattern.finditer(text)] == matches


# ------------------------------------------------------------------ 15 unreadable folders


def test_15_unreadable_folders_are_reported(shared_dir: Path) -> None:
    replies = shared_dir / "replies"
    (replies / "locked").mkdir(parents=True)
    (replies / "ok.txt").write_text("Subject: Hi\n\nHi Ana,\n\nThanks.\n\nBest regards,\nSam\n")
    (replies / "locked" / "hidden.txt").write_text("Subject: Hi\n\nHi\n")
    (replies / "locked").chmod(0)
    lib = shared_dir / "lib"
    snippet(lib, "ok.txt", "Hi,\n\nThanks for writing.\n\nBest regards,\nSam")
    (lib / "locked").mkdir()
    snippet(lib, "locked/secret.txt", "Hi")
    (lib / "locked").chmod(0)
    linted = as_nobody(cli_in, shared_dir, "lint", str(replies))
    assert_one_error(linted, f"{replies / 'locked'}: cannot read this folder: permission denied")
    checked = as_nobody(cli_in, shared_dir, "check", str(lib), "--format", "line")
    assert checked.code == 2
    assert checked.stderr == (
        f"error: {lib / 'locked'}: cannot read this folder: permission denied; its snippets "
        "were not checked (check its permissions)\n"
    )
    for args in (("snippets", "list", "-L", str(lib)), ("draft", "ok", "-L", str(lib))):
        assert_one_error(
            as_nobody(cli_in, shared_dir, *args),
            f"{lib / 'locked'}: cannot read this folder of a snippet library: permission denied",
        )


# ------------------------------------------------------------------ 16 values


def test_16_values_render_as_text_or_fail_clearly(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    snippet(lib, "table.txt", "Hi {{ customer }},")
    snippet(lib, "list.txt", "Hi {{ customer.tags }},")
    snippet(lib, "none.txt", "Hi {{ customer.get('nickname') }},")
    snippet(lib, "name.txt", "Hi {{ customer.first_name }} {{ customer.last_name }},")
    context = tmp_path / "c.toml"
    context.write_text('[customer]\nfirst_name = "Ana"\ntags = ["vip"]\n')
    args = ("-L", str(lib), "-c", str(context), "--no-lint")
    assert_one_error(
        run_cli("draft", "table", *args),
        "table.txt:5: cannot render: 'customer' is a table, not text; print one of its keys",
    )
    assert_one_error(run_cli("draft", "list", *args), "a list would print as Python")
    assert_one_error(run_cli("draft", "none", *args), "would print as 'None'")

    invisible = "\u200b\u200c\u200d\u2060\ufeff\u061c\u2028\u2029"
    context.write_text(
        json.dumps({"customer": {"first_name": f"A{invisible}na", "last_name": "Silva\rLee"}})
    )
    json_context = tmp_path / "c.json"
    json_context.write_text(context.read_text())
    result = run_cli("draft", "name", "-L", str(lib), "-c", str(json_context), "--no-lint")
    assert "Hi Ana Silva\nLee,\n" in result.stdout
    assert result.stderr == "warning: removed control characters from customer.first_name\n"

    for text, message in (
        ('{"customer": {"first_name": "Ana", "first_name": "Bob"}}', "duplicate key 'first_name'"),
        ('{"order": {"amount": NaN}}', "NaN is not a JSON value"),
        ('{"order": {"amount": -Infinity}}', "-Infinity is not a JSON value"),
    ):
        json_context.write_text(text)
        result = run_cli("draft", "name", "-L", str(lib), "-c", str(json_context))
        assert_one_error(result, f"{json_context}: invalid JSON: {message}")


# ------------------------------------------------------------------ 17 messages


def test_17_messages(sh, tmp_path: Path) -> None:
    result = sh("lint", "--zzz")
    assert result.code == 2
    assert result.stderr == "error: no such option: --zzz (see 'replykit lint -h')\n"
    result = sh("lint", "--format", "xml")
    assert result.stderr == (
        "error: invalid value for '--format' / '-f': 'xml' is not one of 'rich', 'line', "
        "'json' (see 'replykit lint -h')\n"
    )
    assert sh("nosuch").stderr == "error: no such command 'nosuch' (see 'replykit -h')\n"
    assert sh("draft").stderr == "error: missing argument 'snippet' (see 'replykit draft -h')\n"
    result = sh("lint", "--config", str(tmp_path), "x.txt")
    assert result.stderr.startswith(f"error: {tmp_path}: is a folder, not a config file")
    utf16 = tmp_path / "r.txt"
    utf16.write_bytes("Subject: Hi\n\nHi Ana\n".encode("utf-16"))
    assert sh("lint", str(utf16)).stderr == (
        f"error: {utf16}: is UTF-16 text, not UTF-8 (save the file as UTF-8)\n"
    )
    result = sh("draft", "welcome", "--example", "--config", str(EXAMPLE_CONFIG), "--out", "")
    assert result.stderr == "error: --out needs a file name, not '.' (e.g. --out reply.txt)\n"
    assert (
        sh("lint", "--jobs", "0", str(utf16)).stderr == "error: --jobs must be 1 or more, not 0\n"
    )
    config = tmp_path / "neg.toml"
    config.write_text("[lint.thresholds]\nlong_sentence_words = -5\n")
    result = sh("lint", "--config", str(config), str(utf16))
    assert_one_error(result, "'lint.thresholds.long_sentence_words' must be a whole number")
