"""examples/mail/replykit-edit in the real mail clients, neomutt and aerc, under tmux.

A fake editor writes a reply with a placeholder the first time and fills it in the next;
a fake sendmail keeps what would have been sent. The test types what an agent types and
reads the screen.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES, installed_command, require_tool
from tmuxdriver import Tmux

WRAPPER = EXAMPLES / "mail" / "replykit-edit"
BIN = os.path.dirname(installed_command()[0])
BODY = "Hi Ana,\n\nOlá, café résumé 😀 your order XXX ships on Friday.\n\nBest regards,\nSam\n"
FAKE_EDITOR = f"""#!/bin/sh
# First run: write the reply; later runs: fill in the placeholder.
if grep -q XXX "$1"; then sed -i 's/XXX/A-1042/' "$1"; else printf '%s' '{BODY}' >> "$1"; fi
"""


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    require_tool("tmux")
    (tmp_path / "fake-editor").write_text(FAKE_EDITOR)
    (tmp_path / "fake-sendmail").write_text(
        f"#!/bin/sh\ncat > {tmp_path}/sending\nmv {tmp_path}/sending {tmp_path}/sent.eml\n"
    )
    for name in ("fake-editor", "fake-sendmail"):
        (tmp_path / name).chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
        "LANG": "C.UTF-8",
        "REPLYKIT_EDITOR": str(tmp_path / "fake-editor"),
        "TERM": "xterm-256color",
    }
    env.pop("TMUX", None)
    server = Tmux(f"replykit-test-{os.getpid()}", tmp_path, env)
    yield server
    server.stop()


def test_neomutt_keeps_findings_on_screen_until_the_agent_answers(tmux: Tmux) -> None:
    require_tool("neomutt")
    home = tmux.cwd
    (home / "mail" / "inbox").mkdir(parents=True)
    (home / "muttrc").write_text(
        f"""set editor="{WRAPPER}"
set edit_headers=yes
set autoedit=yes
set sendmail="{home}/fake-sendmail"
set from="sam@example.com"
set realname="Sam"
set folder={home}/mail
set spoolfile={home}/mail/inbox
set record=""
set copy=no
set signature=""
"""
    )
    tmux.start(f"neomutt -n -F {home}/muttrc -s 'Your order' ana@example.com")
    # The draft has mutt's header block (edit_headers): the body starts on line 8.
    screen = tmux.wait_for("[E]dit again, [s]end as it is:")
    assert ":10:31: error: unfilled placeholder 'XXX'" in screen
    assert ":10:18: warning: emoji or emoticon '😀'" in screen
    assert "subject-missing" not in screen
    tmux.keys("Enter")  # the default: edit again; the editor fills in the placeholder
    screen = tmux.wait_for("[Enter] go on, [e]dit again:")
    assert screen.rsplit("[s]end as it is:", 1)[1].count("[emoji]") == 1
    assert "[placeholder]" not in screen.rsplit("[s]end as it is:", 1)[1]
    tmux.keys("Enter")
    tmux.wait_for("y:Send")  # neomutt's compose screen, only now
    tmux.keys("y")
    deadline = time.monotonic() + 30
    while not (home / "sent.eml").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    sent = (home / "sent.eml").read_text()
    assert "Subject: Your order\n" in sent
    assert "Olá, café résumé 😀 your order A-1042 ships on Friday." in sent


def test_aerc_body_only_draft_is_linted_as_a_body(tmux: Tmux) -> None:
    """aerc hands the editor the body alone: no false subject-missing error."""
    require_tool("aerc")
    home = tmux.cwd
    config = home / "config" / "aerc"
    config.mkdir(parents=True)
    (home / "maildir" / "INBOX").mkdir(parents=True)
    for sub in ("cur", "new", "tmp"):
        (home / "maildir" / "INBOX" / sub).mkdir()
    (config / "accounts.conf").write_text(
        f"[test]\nsource = maildir://{home}/maildir\noutgoing = {home}/fake-sendmail\n"
        "default = INBOX\nfrom = Sam <sam@example.com>\ncopy-to =\n"
    )
    (config / "accounts.conf").chmod(0o600)
    (config / "aerc.conf").write_text(f"[compose]\neditor = {WRAPPER}\n")
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    tmux.env.update({"XDG_CONFIG_HOME": str(home / "config"), "XDG_RUNTIME_DIR": str(runtime)})
    tmux.start("aerc")
    tmux.wait_for("INBOX")
    mailto = subprocess.run(
        ["aerc", "mailto:ana@example.com?subject=Your%20order"],
        env=tmux.env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert mailto.returncode == 0, mailto.stderr
    screen = tmux.wait_for("[E]dit again, [s]end as it is:", nudge=True)
    assert ":3:31: error: unfilled placeholder 'XXX'" in screen
    assert "subject-missing" not in screen
    tmux.keys("Enter")
    tmux.wait_for("[Enter] go on, [e]dit again:", nudge=True)
    tmux.keys("Enter")
    tmux.wait_for("Send this email?", nudge=True)
    tmux.keys("y")
    deadline = time.monotonic() + 30
    while not (home / "sent.eml").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    sent = (home / "sent.eml").read_text()
    assert "Subject: Your order" in sent and "A-1042" in sent and "XXX" not in sent


def run_wrapper(draft: Path, editor: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The wrapper with no controlling terminal (a new session), as from a cron job or CI."""
    full = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
        "REPLYKIT_EDITOR": editor,
        **env,
    }
    return subprocess.run(
        [str(WRAPPER), str(draft)],
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_without_a_terminal_errors_are_reported_not_success(tmp_path: Path) -> None:
    draft = tmp_path / "draft.eml"
    draft.write_text("Subject: Your order\n\n" + BODY)
    proc = run_wrapper(draft, "true")
    assert proc.returncode == 1
    assert f"{draft}:5:31: error: unfilled placeholder 'XXX'" in proc.stderr
    assert "replykit-edit: no terminal to ask on" in proc.stderr


def test_a_draft_that_cannot_be_checked_is_exit_2(tmp_path: Path) -> None:
    draft = tmp_path / "draft.eml"
    draft.write_bytes(b"Subject: Your order\n\nOl\xe1, caf\xe9\n")
    proc = run_wrapper(draft, "true")
    assert proc.returncode == 2
    assert "replykit-edit: the draft could not be checked" in proc.stderr


def test_no_prompt_mode_lints_after_editing(tmp_path: Path) -> None:
    draft = tmp_path / "draft.eml"
    draft.write_text("Subject: Your order\n\n" + BODY.replace("Friday.", "Friday!!"))
    proc = run_wrapper(draft, "sed -i s/XXX/A-1042/", REPLYKIT_NO_PROMPT="1")
    assert proc.returncode == 0, proc.stderr
    assert "your order A-1042 ships" in draft.read_text()
    assert "[placeholder]" not in proc.stderr and "[punctuation-run]" in proc.stderr
    assert "no terminal" not in proc.stderr
