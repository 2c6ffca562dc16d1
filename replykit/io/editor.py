"""Open the user's editor on a draft; what they save is what we use.

The editor runs on the terminal (``/dev/tty``), as git runs it, not on our stdout:
``replykit draft --edit > reply.txt`` or ``| xclip`` must receive the reply, never
the editor's screen.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile

from replykit.errors import ReplykitError


def edit_text(text: str, *, suffix: str = ".txt") -> str:
    """Run ``$VISUAL``/``$EDITOR`` on a temp copy of ``text`` and return the saved text.

    If the editor fails, the file is kept and its path is in the error, so nothing the
    user wrote is lost.
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
    fd, name = tempfile.mkstemp(prefix="replykit-", suffix=suffix)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    try:
        result = subprocess.run(
            [*shlex.split(command), name], stdin=terminal, stdout=terminal, check=False
        )
    except OSError as exc:
        os.unlink(name)
        raise ReplykitError(f"cannot start the editor '{command}': {exc.strerror}") from None
    finally:
        terminal.close()
    if result.returncode != 0:
        raise ReplykitError(
            f"the editor exited with status {result.returncode}; your draft is kept in {name}"
        )
    with open(name, encoding="utf-8") as handle:
        edited = handle.read()
    os.unlink(name)
    return edited
