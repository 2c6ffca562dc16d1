"""Open the user's editor on a draft; what they save is what we use.

The editor runs on the terminal (``/dev/tty``), as git runs it, not on our stdout:
``replykit draft --edit > reply.txt`` or ``| xclip`` must receive the reply, never
the editor's screen.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator

from replykit.errors import ReplykitError


class EditInterrupted(ReplykitError):
    """Ctrl-C while the editor was open: exit 130, like any interrupted command."""

    exit_code = 130


@contextlib.contextmanager
def _interrupts_to_the_editor() -> Iterator[None]:
    """While the editor runs, Ctrl-C is the editor's (vim uses it), not ours: as git does.

    The editor shares our terminal and process group, so it gets the signal either way;
    if it dies of it, its exit status says so.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGQUIT)}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def _default_interrupts() -> None:
    """In the editor's process, before it runs: Ctrl-C and Ctrl-\\ act as they normally do
    (an ignored signal would stay ignored across exec)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def edit_text(text: str, *, suffix: str = ".txt") -> str:
    """Run ``$VISUAL``/``$EDITOR`` on a temp copy of ``text`` and return the saved text.

    The temporary file holds customer data, so it never outlives the command unless it
    holds words the user wrote: if the editor fails or is interrupted after a change, the
    file is kept and the error says where; unchanged, or on Ctrl-C anywhere else, it is
    removed.
    """
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise ReplykitError("no editor: set $VISUAL or $EDITOR", hint="e.g. export EDITOR=vim")
    try:
        terminal = open("/dev/tty", "r+b", buffering=0)  # noqa: SIM115 - closed below
    except OSError:
        raise ReplykitError(
            "--edit needs a terminal, and this process has none (no /dev/tty)",
            hint="run it from a terminal, or drop --edit and edit the output",
        ) from None
    keep = False
    name = ""
    try:
        fd, name = tempfile.mkstemp(prefix="replykit-", suffix=suffix)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # Ours are ignored from before the editor starts (a Ctrl-C in between would end us
        # and orphan it); the editor itself starts with the default handlers.
        with _interrupts_to_the_editor():
            try:
                editor = subprocess.Popen(
                    [*shlex.split(command), name],
                    stdin=terminal,
                    stdout=terminal,
                    preexec_fn=_default_interrupts,
                )
            except OSError as exc:
                raise ReplykitError(
                    f"cannot start the editor '{command}': {exc.strerror}"
                ) from None
            status = editor.wait()
        if status != 0:
            keep = _changed(name, text)
            interrupted = status in (-signal.SIGINT, 128 + signal.SIGINT)
            what = (
                "the editor was interrupted"
                if interrupted
                else f"the editor exited with status {status}"
            )
            where = f"your edited draft is kept in {name}" if keep else "the draft was discarded"
            raise (EditInterrupted if interrupted else ReplykitError)(f"{what}; {where}")
        from replykit.io.files import read_text

        try:
            return read_text(name, what="reply")
        except ReplykitError as exc:
            keep = True
            raise ReplykitError(f"{exc.message}; your edited draft is kept in {name}") from None
    finally:
        terminal.close()
        if name and not keep:
            with contextlib.suppress(OSError):
                os.unlink(name)


def _changed(name: str, text: str) -> bool:
    """Whether the user saved something other than the draft we wrote (their words)."""
    try:
        with open(name, encoding="utf-8", errors="replace") as handle:
            return handle.read() != text
    except OSError:
        return False
