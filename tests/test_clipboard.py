"""--copy through a real clipboard (xclip on a virtual X display) and OSC 52 to a terminal."""

from __future__ import annotations

import base64
import fcntl
import os
import pty
import subprocess
import termios
import time
from collections.abc import Iterator

import pytest
from conftest import EXAMPLE_CONFIG, installed_command, require_tool, run_on_pty

from replykit.io.clipboard import osc52_sequence

DRAFT = ["draft", "welcome", "--example", "--config", str(EXAMPLE_CONFIG), "--no-lint"]


@pytest.fixture
def x_display() -> Iterator[str]:
    require_tool("Xvfb")
    require_tool("xclip")
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "640x480x16", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if os.path.exists(f"/tmp/.X11-unix/X{display[1:]}"):
            break
        time.sleep(0.05)
    yield display
    server.terminate()
    server.wait(timeout=10)
    subprocess.run(["pkill", "-f", f"xclip.*{display}"], check=False)


def test_copy_puts_the_reply_on_the_x_clipboard(sh, x_display: str) -> None:
    env = {"DISPLAY": x_display, "WAYLAND_DISPLAY": ""}
    result = sh(*DRAFT, "--copy", env=env)
    assert result.code == 0, result
    assert result.stderr == "copied to the clipboard (xclip)\n"
    pasted = subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=10,
        check=True,
    ).stdout
    assert pasted == result.stdout
    assert pasted.startswith("Subject: Welcome to Acme Cloud\n\nHi Ana,\n")


def test_osc52_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    assert osc52_sequence("Hi Ana") == b"\x1b]52;c;" + base64.b64encode(b"Hi Ana") + b"\x07"


def test_osc52_is_wrapped_for_tmux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    assert osc52_sequence("é") == b"\x1bPtmux;\x1b\x1b]52;c;w6k=\x07\x1b\\"


def test_copy_over_ssh_sends_osc52_to_the_terminal() -> None:
    """No clipboard program: the terminal gets OSC 52, stdout still gets the reply."""
    master, slave = pty.openpty()
    env = {
        **os.environ,
        "DISPLAY": "",
        "WAYLAND_DISPLAY": "",
        "SSH_TTY": "/dev/pts/9",
        "PATH": os.path.dirname(installed_command()[0]) + ":/usr/bin:/bin",
    }
    env.pop("TMUX", None)
    proc = subprocess.Popen(
        [*installed_command(), *DRAFT, "--copy"],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(slave)
    out, err = proc.communicate(timeout=60)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.returncode == 0, err
    assert osc52_sequence(out.decode()) in seen
    assert err.decode() == "copied to the clipboard (osc52)\n"


BROKEN = ["draft", "refund-issued", "--example", "--set", "order.id=XXX"]
REFUSED = (
    "error: nothing was copied: the reply has 2 errors "
    "(fix them, or pass --force to hand it over anyway)\n"
)


def _xclip(display: str, *args: str, input: str | None = None) -> str:
    """Read the clipboard, or set it (xclip stays to serve it, so nothing is captured)."""
    env = {**os.environ, "DISPLAY": display}
    if input is not None:
        subprocess.run(
            ["xclip", "-selection", "clipboard", *args],
            input=input.encode(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            timeout=10,
            check=True,
        )
        return ""
    return subprocess.run(
        ["xclip", "-selection", "clipboard", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=10,
        check=True,
    ).stdout


def test_copy_guard_keeps_a_broken_reply_off_the_x_clipboard(sh, x_display: str) -> None:
    env = {"DISPLAY": x_display, "WAYLAND_DISPLAY": ""}
    _xclip(x_display, "-in", input="what the agent copied before")
    result = sh(*BROKEN, "--copy", env=env)
    assert result.code == 1
    assert result.stdout.startswith("Subject: Your refund for order XXX\n")
    lines = result.stderr.splitlines(keepends=True)
    assert lines[0].startswith("draft:billing/refund-issued:1:32: error: unfilled placeholder")
    assert lines[-1] == REFUSED
    assert "copied to the clipboard" not in result.stderr
    assert _xclip(x_display, "-o") == "what the agent copied before"

    forced = sh(*BROKEN, "--copy", "--force", env=env)
    assert forced.code == 1  # still a broken reply, but the agent asked for it
    assert forced.stderr.endswith("copied to the clipboard (xclip)\n")
    assert _xclip(x_display, "-o") == forced.stdout


def test_copy_guard_sends_no_osc52_for_a_broken_reply() -> None:
    env = {
        **os.environ,
        "DISPLAY": "",
        "WAYLAND_DISPLAY": "",
        "PATH": os.path.dirname(installed_command()[0]) + ":/usr/bin:/bin",
    }
    env.pop("TMUX", None)
    code, out, err, seen = run_on_pty([*BROKEN, "--copy"], env)
    assert code == 1
    assert b"\x1b]52;" not in seen
    assert err.decode().endswith(REFUSED)
    code, out, err, seen = run_on_pty([*BROKEN, "--copy", "--force"], env)
    assert osc52_sequence(out.decode()) in seen
    assert err.decode().endswith("copied to the clipboard (osc52)\n")
