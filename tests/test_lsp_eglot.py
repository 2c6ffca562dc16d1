"""``replykit lsp`` driven by a real Emacs with Eglot (headless, ``emacs --batch``), set up
by the shipped examples/editors/emacs/replykit-eglot.el: the diagnostics Flymake shows,
the regions they cover in the buffer, and a code action applied through Eglot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "examples/editors/emacs/replykit-eglot.el"

# The same reply as tests/test_lsp.py: a 2-unit UTF-16 emoji before the "!!", and
# accented letters before both, so a column counted in the wrong unit misses them.
LINE = "Café crème 😀 is on us!! Thanks for waiting."
REPLY = f"Subject: Refund for Zoë\n\nHi Zoë,\n\n{LINE}\n\nBest regards,\nSam\n"
FIX = "Replace '!!' with '!' (punctuation-run)"

# Emacs 28 has no Eglot: the eglot package (Debian's elpa-eglot, or ELPA's) is a package
# to activate; Emacs 29+ has it built in. --no-site-file keeps Debian's site-start out but
# the site-lisp package folders in.
EMACS = ["--batch", "-q", "--no-site-file"]
PROBE = """(progn (require 'package) (package-initialize)
  (princ (if (require 'eglot nil t) (locate-library "eglot") "none")))"""

# Loads the shipped file as a user's init file would, opens the reply (text-mode, whose
# hook runs eglot-ensure, which connects once the command ends: post-command-hook), and
# writes what Flymake holds. Eglot's own eglot-server-programs has no entry for
# text-mode, so a connection at all means the shipped mapping was used; its "replykit"
# is the wrapper first on PATH. Only grammar off is added to the shipped contact.
EGLOT_TEST = r""";;; -*- lexical-binding: t -*-
(require 'package)
(package-initialize)
(setq make-backup-files nil)
(load (getenv "REPLYKIT_EGLOT_EL") nil t)
(let ((entry (assoc '(text-mode message-mode mail-mode) eglot-server-programs)))
  (setcdr entry (append (cdr entry) '(:initializationOptions (:grammar "off")))))

(defun replykit-say (format-string &rest args)
  "One line of the report, written at once: a hang still shows how far it got."
  (let ((coding-system-for-write 'utf-8-unix))
    (write-region (concat (apply #'format format-string args) "\n") nil
                  (getenv "REPLYKIT_OUT") 'append 'quiet)))
(defun replykit-pos (pos)
  "LINE:CHAR, 1-based line, CHAR counted in Emacs characters (code points)."
  (save-excursion
    (goto-char pos)
    (format "%d:%d" (line-number-at-pos) (- pos (line-beginning-position)))))
(defun replykit-covered (diag)
  (buffer-substring-no-properties (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag)))
(defun replykit-wait (done)
  (let ((deadline (+ (float-time) 30)))
    (while (and (not (funcall done)) (< (float-time) deadline))
      (accept-process-output nil 0.05))))
(defun replykit-diagnostics (label)
  (dolist (d (sort (flymake-diagnostics)
                   (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
    (replykit-say "%s %s-%s %s %S %s" label
                  (replykit-pos (flymake-diagnostic-beg d))
                  (replykit-pos (flymake-diagnostic-end d))
                  (flymake-diagnostic-type d) (replykit-covered d) (flymake-diagnostic-text d))))

(condition-case err
    (progn
      (find-file (getenv "REPLYKIT_REPLY"))
      (replykit-say "mode %s" major-mode)
      (run-hooks 'post-command-hook)
      (replykit-wait (lambda () (>= (length (flymake-diagnostics)) 2)))
      (replykit-diagnostics "open")

      (let* ((server (eglot-current-server))
             (offered (plist-get (plist-get (eglot-client-capabilities server) :general)
                                 :positionEncodings)))
        (replykit-say "encoding %s (offered %s)"
                      (plist-get (eglot--capabilities server) :positionEncoding)
                      (if offered (mapconcat #'identity offered ",") "none"))
        (replykit-say "settings %s"
                      (json-serialize (eglot-handle-request server 'workspace/configuration
                                                            :items [(:section "replykit")]))))

      ;; M-x eglot-code-actions on the "!!" diagnostic's region, the fix picked by title.
      (let* ((bang (seq-find (lambda (d) (equal (replykit-covered d) "!!"))
                             (flymake-diagnostics)))
             (beg (flymake-diagnostic-beg bang))
             (end (flymake-diagnostic-end bang)))
        (replykit-say "actions %s" (mapconcat (lambda (a) (plist-get a :title))
                                              (eglot-code-actions beg end) " | "))
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt choices &rest _)
                     (car (member (getenv "REPLYKIT_FIX") (mapcar #'car choices)))))
                  (last-nonmenu-event ?\r))   ; a keyboard event: a menu needs a frame
          (eglot-code-actions beg end nil t)))
      (replykit-say "line 5 %S" (save-excursion (goto-char (point-min)) (forward-line 4)
                                                (buffer-substring-no-properties
                                                 (point) (line-end-position))))
      (save-buffer)
      (replykit-wait (lambda () (= (length (flymake-diagnostics)) 1)))
      (replykit-diagnostics "saved"))
  (error (replykit-say "error %S" err)))
(kill-emacs 0)
"""


def _eglot(emacs: str, env: dict[str, str]) -> str | None:
    found = subprocess.run(
        [emacs, *EMACS, "--eval", PROBE], env=env, capture_output=True, text=True, timeout=60
    ).stdout
    return None if found in ("", "none") else found


def test_emacs_eglot_shows_the_diagnostics(isolated: Path, tmp_path: Path) -> None:
    """A real Emacs with Eglot and Flymake, set up by the shipped replykit-eglot.el."""
    home = tmp_path / "emacs-home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),  # no ~/.emacs.d, no ELPA packages of the user's
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
    }
    emacs = shutil.which("emacs")
    eglot = emacs and _eglot(emacs, env)
    if not eglot:
        missing = "emacs" if not emacs else "Eglot for emacs (Debian: elpa-eglot)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is not installed; .ci/install-tools should have installed it")
        pytest.skip(f"{missing} is not installed (run .ci/install-tools)")

    # "replykit" on PATH, as the shipped file runs it, is this checkout's Python.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "replykit"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m replykit "$@"\n')
    wrapper.chmod(0o755)
    reply = isolated / "reply.txt"
    reply.write_text(REPLY, encoding="utf-8")
    script = tmp_path / "test-eglot.el"
    script.write_text(EGLOT_TEST, encoding="utf-8")
    out = tmp_path / "out.txt"
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        REPLYKIT_EGLOT_EL=str(SHIPPED),
        REPLYKIT_REPLY=str(reply),
        REPLYKIT_OUT=str(out),
        REPLYKIT_FIX=FIX,
    )
    try:
        proc = subprocess.run(
            [emacs, *EMACS, "-l", str(script)],
            env=env,
            cwd=isolated,
            timeout=90,
            capture_output=True,
            check=False,
        )
    except subprocess.TimeoutExpired as hung:
        seen = out.read_text(encoding="utf-8") if out.exists() else ""
        stderr = (hung.stderr or b"").decode("utf-8", "replace")
        pytest.fail(f"emacs ({eglot}) hung; it wrote:\n{seen}\n{stderr}")
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, f"emacs ({eglot}) failed:\n{stderr}"
    report = out.read_text(encoding="utf-8").splitlines()

    # Emacs positions count characters; Eglot converts the server's columns, in the
    # encoding the server chose from Eglot's offer (Eglot 1.9 offers none: UTF-16), so
    # each region covers exactly the flagged text.
    said = next((x for x in report if x.startswith("encoding ")), "")
    offered = said.removesuffix(")").partition("(offered ")[2]
    encoding = "utf-8" if "utf-8" in offered.split(",") else "utf-16"
    emoji, bang = LINE.index("😀"), LINE.index("!!")
    assert (emoji, bang) == (11, 21)
    emoji_text = "replykit [RK301]: emoji or emoticon '😀' (suggestion: say it in words)"
    bang_text = (
        "replykit [RK203]: '!!' reads as shouting or over-excitement"
        " (suggestion: use one ! or a full stop)"
    )
    fixed = LINE.replace("!!", "!")
    assert report == [
        "mode text-mode",
        f'open 5:{emoji}-5:{emoji + 1} eglot-warning "😀" {emoji_text}',
        f'open 5:{bang}-5:{bang + 2} eglot-warning "!!" {bang_text}',
        f"encoding {encoding} (offered {offered})",
        # The shipped eglot-workspace-configuration, as Eglot answers the server.
        'settings [{"tone":"casual","disabledRules":[]}]',
        "actions "
        + " | ".join(
            [
                FIX,
                "Disable punctuation-run on this line",
                "Disable punctuation-run in this file",
                "Fix all certain problems (1)",
            ]
        ),
        f'line 5 "{fixed}"',
        # Saved: the server relints the fixed text (didSave) and Flymake keeps only the
        # emoji. Until then Flymake still holds the "!!" diagnostic, now on "! ".
        f'saved 5:{emoji}-5:{emoji + 1} eglot-warning "😀" {emoji_text}',
    ]
    assert reply.read_text(encoding="utf-8") == REPLY.replace(LINE, fixed)
