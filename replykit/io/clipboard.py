"""Put text on the system clipboard, tmux's paste buffer, or hand it to the terminal (OSC 52).

Honesty first: an agent who reads "copied" pastes, and a clipboard that silently kept its
old content may hold another customer's reply. So "copied" is said only when a program
took the text and exited 0. OSC 52 gets no answer from the terminal: it is used only
where it can work (a terminal, not inside tmux, whose default drops it) and reported as
sent, not copied. When nothing works the hint names what is actually missing.
"""

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
    """Clipboard programs that can work in this session, most specific first."""
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
    if os.environ.get("TMUX"):
        # -w also hands it to the outer terminal's clipboard when tmux's set-clipboard allows.
        candidates.append(["tmux", "load-buffer", "-w", "-"])
    return candidates


def _kernel_release() -> str:
    try:
        return os.uname().release.lower()
    except AttributeError:
        return ""


def osc52_sequence(text: str, *, tmux_passthrough: bool = False) -> bytes:
    """The OSC 52 escape that asks the terminal to set its clipboard."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if tmux_passthrough:
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence.encode("ascii")


def _terminal() -> TextIO | None:
    try:
        return open("/dev/tty", "w")
    except OSError:
        return None


def _run(command: list[str], text: str) -> str | None:
    """Run one clipboard program; None when it took the text, else why not.

    Its stderr goes to a file, not a pipe: xclip and wl-copy leave a child serving the
    selection, which would hold a pipe open and make us wait for nothing.
    """
    import tempfile

    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.run(
                command,
                input=text.encode("utf-8"),
                timeout=5,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"{command[0]} did not finish"
        except OSError as exc:
            return f"{command[0]} could not run ({exc.strerror or type(exc).__name__})"
        if proc.returncode == 0:
            return None
        errors.seek(0)
        said = errors.read(4096).decode("utf-8", "replace").strip().splitlines()
    return f"{command[0]} failed" + (f": {said[-1]}" if said else f" (exit {proc.returncode})")


def _described(command: list[str]) -> str:
    if command[0] == "tmux":
        return "copied to the tmux paste buffer (tmux)"
    return f"copied to the clipboard ({command[0]})"


def copy(text: str, *, method: str | None = None) -> str:
    """Copy ``text``; return the line that tells the agent what happened.

    ``method`` (or REPLYKIT_CLIPBOARD) forces one program, or ``osc52``.
    """
    method = method or os.environ.get("REPLYKIT_CLIPBOARD") or None
    if method == "osc52":
        return _copy_osc52(text, tmux_passthrough=bool(os.environ.get("TMUX")))
    commands = _commands()
    if method:
        commands = [c for c in commands if c[0] == method] or [[method]]
    tried = []
    for command in commands:
        if shutil.which(command[0]) is None:
            tried.append(f"{command[0]} is not installed")
            continue
        if command[0] == "tmux":
            failure = _run(command, text)
            if failure and "-w" in command:  # tmux before 3.2 has no -w
                failure = _run([c for c in command if c != "-w"], text)
        else:
            failure = _run(command, text)
        if failure is None:
            return _described(command)
        tried.append(failure)
    if not method and _osc52_can_work():
        try:
            return _copy_osc52(text)
        except ClipboardError as exc:
            tried.append(exc.message)
    reason = "; ".join(tried) if tried else _no_session_reason()
    raise ClipboardError(f"nothing was copied: {reason}", hint=_hint())


def _osc52_can_work() -> bool:
    """A terminal that may honour OSC 52: not tmux (drops it by default), not a bare console."""
    return not (os.environ.get("TMUX") or os.environ.get("TERM") in ("dumb", "linux"))


def _no_session_reason() -> str:
    if os.environ.get("TMUX"):
        return "tmux is not on PATH"
    return "no graphical session (DISPLAY and WAYLAND_DISPLAY are unset) and no terminal"


def _hint() -> str:
    """What would make copying work here: the missing piece, not a fixed list of tools."""
    if os.environ.get("WAYLAND_DISPLAY") and not shutil.which("wl-copy"):
        return "install wl-clipboard (wl-copy)"
    if os.environ.get("DISPLAY") and not (shutil.which("xclip") or shutil.which("xsel")):
        return "install xclip or xsel"
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        installed = [t for t in ("xclip", "xsel", "wl-copy") if shutil.which(t)]
        if installed:
            return (
                f"{installed[0]} is installed but there is no display to copy to; run it "
                "inside tmux, or set REPLYKIT_CLIPBOARD=osc52 if your terminal supports OSC 52"
            )
        return "run it inside tmux, or set REPLYKIT_CLIPBOARD=osc52 if your terminal allows it"
    return "check that the clipboard program can reach your display"


def _copy_osc52(text: str, *, tmux_passthrough: bool = False) -> str:
    terminal = _terminal()
    if terminal is None:
        raise ClipboardError("no terminal for OSC 52")
    with terminal:
        terminal.buffer.write(osc52_sequence(text, tmux_passthrough=tmux_passthrough))
        terminal.flush()
    return "sent to the terminal's clipboard (osc52); the terminal does not confirm OSC 52"
