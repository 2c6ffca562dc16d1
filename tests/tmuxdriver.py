"""Drive a terminal program as a person would: tmux send-keys in, capture-pane out."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest


class Tmux:
    """One tmux server of our own (its own socket), so no other tmux is touched."""

    def __init__(self, socket: str, cwd: Path, env: dict[str, str]) -> None:
        self.socket, self.cwd, self.env = socket, cwd, env

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.cwd,
            timeout=30,
            check=False,
        ).stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-s", "t", "-x", "150", "-y", "45", command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-J", "-t", "t")

    def wait_for(self, text: str, timeout: float = 60, *, nudge: bool = False) -> str:
        """The screen once it shows ``text`` (fails with the screen if it never does).

        ``nudge`` resizes the window between looks: a program that redraws only on an
        event (aerc after a mailto: from outside) then shows what it has.
        """
        deadline = time.monotonic() + timeout
        width = 150
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            if nudge:
                width = 301 - width  # 150 <-> 151
                self.run("resize-window", "-t", "t", "-x", str(width))
            time.sleep(0.2)
        pytest.fail(f"{text!r} never appeared; the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "t", *keys)

    def stop(self) -> None:
        self.run("kill-server")
