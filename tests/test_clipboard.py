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


def test_osc52_wrapped_for_tmux_passthrough_only_when_asked() -> None:
    assert osc52_sequence("é", tmux_passthrough=True) == b"\x1bPtmux;\x1b\x1b]52;c;w6k=\x07\x1b\\"


def test_copy_over_ssh_sends_osc52_to_the_terminal() -> None:
    """No clipboard program: the terminal gets OSC 52, stdout still gets the reply."""
    master, slave = pty.openpty()
    env = {
        **os.environ,
        "DISPLAY": "",
        "WAYLAND_DISPLAY": "",
        "SSH_TTY": "/dev/pts/9",
        "TERM": "xterm-256color",
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
    # The terminal never confirms OSC 52: sent, not "copied".
    assert err.decode() == (
        "sent to the terminal's clipboard (osc52); the terminal does not confirm OSC 52\n"
    )


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
    assert err.decode().endswith(
        "sent to the terminal's clipboard (osc52); the terminal does not confirm OSC 52\n"
    )


def test_inside_tmux_the_reply_goes_to_tmuxs_own_buffer(tmp_path) -> None:
    """tmux drops OSC 52 from programs by default: replykit loads tmux's paste buffer."""
    require_tool("tmux")
    socket = f"replykit-clip-{os.getpid()}"
    env = {**os.environ, "PATH": os.path.dirname(installed_command()[0]) + ":/usr/bin:/bin"}
    env.pop("TMUX", None)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    command = " ".join([*installed_command(), *DRAFT, "--copy"])
    tmux = ["tmux", "-L", socket]
    try:
        subprocess.run(
            [
                *tmux,
                "new-session",
                "-d",
                "-x",
                "100",
                "-y",
                "30",
                f"{command} > {tmp_path}/out.txt 2> {tmp_path}/err.txt; touch {tmp_path}/done; "
                "sleep 60",
            ],
            env=env,
            check=True,
            timeout=30,
        )
        for _ in range(600):
            if (tmp_path / "done").exists():
                break
            time.sleep(0.1)
        buffer = subprocess.run(
            [*tmux, "show-buffer"], env=env, capture_output=True, text=True, timeout=30
        ).stdout
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, check=False, timeout=30)
    assert (tmp_path / "err.txt").read_text() == "copied to the tmux paste buffer (tmux)\n"
    assert buffer == (tmp_path / "out.txt").read_text()
    assert buffer.startswith("Subject: Welcome to Acme Cloud\n")


def test_no_display_with_xclip_installed_does_not_say_install_xclip(sh) -> None:
    require_tool("xclip")
    # TERM=dumb: no OSC 52 either, even when the tests run on a real terminal.
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "TMUX": "", "TERM": "dumb"}
    result = sh(*DRAFT, "--copy", env=env)
    assert result.code == 0
    assert result.stderr.startswith("warning: nothing was copied: ")
    assert "xclip is installed but there is no display" in result.stderr
    assert "install xclip" not in result.stderr and "copied to" not in result.stderr


def test_a_failing_clipboard_program_is_named_with_its_reason(sh) -> None:
    require_tool("xclip")
    env = {"DISPLAY": ":77", "WAYLAND_DISPLAY": "", "TMUX": "", "TERM": "dumb"}
    result = sh(*DRAFT, "--copy", env=env)
    assert result.code == 0
    assert "xclip failed: Error: Can't open display: :77" in result.stderr
    assert "copied to" not in result.stderr
