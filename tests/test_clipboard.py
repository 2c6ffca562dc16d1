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
from conftest import EXAMPLE_CONFIG, installed_command, require_tool

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
