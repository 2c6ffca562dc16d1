"""Completion in a real interactive zsh under tmux: the first TAB of a new shell works."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES, installed_command, require_tool
from tmuxdriver import Tmux

BIN = os.path.dirname(installed_command()[0])


@pytest.fixture
def zsh_home(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    require_tool("zsh")
    require_tool("tmux")
    home = tmp_path / "zsh-home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "SHELL": "/bin/bash",  # a different shell: --install-completion zsh must win
        **{k: v for k, v in os.environ.items() if k.startswith("REPLYKIT_")},
    }
    yield home, env


def test_install_completion_honours_the_shell_named(zsh_home) -> None:
    home, env = zsh_home
    proc = subprocess.run(
        [*installed_command(), "--install-completion", "zsh"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        proc.stderr
        == f"zsh completion installed in {home}/.zfunc/_replykit; it works in new shells\n"
    )
    assert not (home / ".bashrc").exists()
    assert "compinit" in (home / ".zshrc").read_text()


def test_unknown_shell_is_a_clear_error(zsh_home) -> None:
    _, env = zsh_home
    proc = subprocess.run(
        [*installed_command(), "--show-completion", "tcsh"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: no completion for 'tcsh'; name one of: bash, zsh")


def test_zsh_first_tab_completes_commands_and_snippet_ids(zsh_home, tmp_path: Path) -> None:
    _, env = zsh_home
    subprocess.run(
        [*installed_command(), "--install-completion", "zsh"],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
    )
    tmux = Tmux(f"replykit-zsh-{os.getpid()}", tmp_path, env)
    try:
        tmux.start("zsh -i")
        tmux.keys("replykit dra", "Tab")
        tmux.wait_for("replykit draft ")
        tmux.keys("billing/refund-i", "Tab")
        tmux.wait_for("replykit draft billing/refund-issued")
    finally:
        tmux.stop()


def test_zsh_rk_completes_on_the_first_tab_when_sourced_before_compinit(
    zsh_home, tmp_path: Path
) -> None:
    home, env = zsh_home
    (home / ".zshrc").write_text(
        f"source {EXAMPLES / 'shell' / 'replykit.sh'}\nautoload -Uz compinit; compinit\n"
    )
    tmux = Tmux(f"replykit-rk-{os.getpid()}", tmp_path, env)
    try:
        tmux.start("zsh -i")
        tmux.keys("rk pass", "Tab")
        tmux.wait_for("rk password-reset")
    finally:
        tmux.stop()
