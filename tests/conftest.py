"""Shared fixtures: an isolated home for config and cache, and ways to run the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from replykit.cli import app_for

REPO = Path(__file__).resolve().parent.parent
SNIPPETS = REPO / "snippets"
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE_CONFIG = EXAMPLES / "replykit.toml"


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> Path:
    """No user config, a shared cache, and a working folder with no replykit.toml."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("REPLYKIT_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("REPLYKIT_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("REPLYKIT_STATE_DIR", str(cache_dir.parent / "state"))
    monkeypatch.delenv("REPLYKIT_LANGUAGETOOL", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def __repr__(self) -> str:
        return f"Result(code={self.code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


@pytest.fixture
def cli():
    """Run replykit in-process (typer's runner), stdout and stderr kept apart."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(
            app_for(list(args)), list(args), input=input, env=env, catch_exceptions=False
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


def installed_command() -> list[str]:
    script = shutil.which(
        "replykit", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    )
    return [script] if script else [sys.executable, "-m", "replykit"]


@pytest.fixture
def sh():
    """Run the installed console script as a subprocess, as an agent would."""

    def run(
        *args: str,
        input: str | bytes | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        timeout: float = 60,
    ) -> Result:
        full_env = {**os.environ, **(env or {})}
        data = input.encode() if isinstance(input, str) else input
        proc = subprocess.run(
            [*installed_command(), *args],
            input=data,
            capture_output=True,
            env=full_env,
            cwd=cwd,
            timeout=timeout,
            check=False,
        )
        return Result(
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
        )

    return run


def require_tool(name: str) -> None:
    """Skip when a system program is missing, but fail under CI, which installs it."""
    if shutil.which(name) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/install-tools should have installed it")
        pytest.skip(f"{name} is not installed (run .ci/install-tools)")


def run_on_pty(
    args: list[str],
    env: dict[str, str],
    *,
    stdout: Any = subprocess.PIPE,
    input: bytes = b"",
    timeout: float = 60,
) -> tuple[int, bytes, bytes, bytes]:
    """The installed command with a pty as its controlling terminal (stdin and /dev/tty).

    Returns (exit code, stdout, stderr, what was written to the terminal).
    """
    import fcntl
    import pty
    import termios

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*installed_command(), *args],
        stdin=slave,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(slave)
    if input:
        os.write(master, input)  # typed ahead: the terminal queues it for stdin
    seen = b""
    import select

    while proc.poll() is None:  # drain the terminal so a full-screen editor never blocks
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    out, err = proc.communicate(timeout=timeout)
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.returncode, out or b"", err, seen
