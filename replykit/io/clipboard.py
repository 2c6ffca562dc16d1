"""Put text on the system clipboard, or hand it to the terminal with OSC 52."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from typing import TextIO

from replykit.errors import ReplykitError


class ClipboardError(ReplykitError):
    """No clipboard could take the text; the reply is still printed."""


def _commands() -> list[list[str]]:
    """Clipboard programs to try, most specific to this session first."""
    candidates: list[list[str]] = []
    if os.environ.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if os.environ.get("DISPLAY"):
        candidates += [
            ["xclip", "-selection", "clipboard", "-in"],
            ["xsel", "--clipboard", "--input"],
        ]
    if sys.platform == "darwin":
        candidates.append(["pbcopy"])
    if sys.platform == "win32" or "microsoft" in _kernel_release():
        candidates.append(["clip.exe"])
    return candidates


def _kernel_release() -> str:
    try:
        return os.uname().release.lower()
    except AttributeError:
        return ""


def osc52_sequence(text: str) -> bytes:
    """The OSC 52 escape that asks the terminal to set its clipboard (tmux-wrapped in tmux)."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if os.environ.get("TMUX"):
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence.encode("ascii")


def _terminal() -> TextIO | None:
    try:
        return open("/dev/tty", "w")
    except OSError:
        return None


def copy(text: str, *, method: str | None = None) -> str:
    """Copy ``text``; return how. ``method`` (or REPLYKIT_CLIPBOARD) forces one."""
    method = method or os.environ.get("REPLYKIT_CLIPBOARD") or None
    if method == "osc52":
        return _copy_osc52(text)
    commands = _commands()
    if method:
        commands = [c for c in commands if c[0] == method] or [[method]]
    tried = []
    for command in commands:
        if shutil.which(command[0]) is None:
            tried.append(f"{command[0]} not installed")
            continue
        try:
            subprocess.run(
                command,
                input=text.encode("utf-8"),
                check=True,
                timeout=5,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            return command[0]
        except (subprocess.SubprocessError, OSError) as exc:
            tried.append(f"{command[0]} failed ({type(exc).__name__})")
    if not method:
        try:
            return _copy_osc52(text)
        except ClipboardError as exc:
            tried.append(exc.message)
    reason = "; ".join(tried) if tried else "no clipboard program for this session"
    raise ClipboardError(
        f"could not copy to the clipboard: {reason}",
        hint="install wl-clipboard or xclip, or use a terminal with OSC 52",
    )


def _copy_osc52(text: str) -> str:
    terminal = _terminal()
    if terminal is None:
        raise ClipboardError("no terminal for OSC 52")
    with terminal:
        terminal.buffer.write(osc52_sequence(text)) if hasattr(terminal, "buffer") else None
        terminal.flush()
    return "osc52"
