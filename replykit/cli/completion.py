"""``--install-completion [SHELL]`` and ``--show-completion [SHELL]``, done right.

typer's own options are flags: they ignore a shell named after them and guess from the
parent process. Its zsh script also only registers itself when autoloaded from ``fpath``,
so the first TAB of a new shell completes nothing. Here the named shell wins, and the
zsh script completes when it is autoloaded (the first TAB) as well as when sourced.
"""

from __future__ import annotations

import sys

OPTIONS = ("--install-completion", "--show-completion")
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
PROG = "replykit"
COMPLETE_VAR = "_REPLYKIT_COMPLETE"

# Autoloaded from fpath, this file is the body of _replykit: it defines the function and
# runs it for the TAB that loaded it. Sourced (or eval'd), it registers with compdef.
ZSH_SCRIPT = """
#compdef replykit

_replykit() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _REPLYKIT_COMPLETE=complete_zsh replykit)
}

if [ "$funcstack[1]" = "_replykit" ]; then
  _replykit "$@"
else
  compdef _replykit replykit
fi
"""


def wants_completion(args: list[str]) -> bool:
    return bool(args) and args[0] in OPTIONS


def run(args: list[str]) -> int:
    """Install or print the completion script for the shell named (else the detected one)."""
    from typer import _completion_shared as shared

    shared._completion_scripts["zsh"] = ZSH_SCRIPT
    shell = args[1] if len(args) > 1 else shared._get_shell_name()
    if shell not in SHELLS:
        named = f"'{shell}'" if shell else "your shell (it could not be detected)"
        sys.stderr.write(f"error: no completion for {named}; name one of: {', '.join(SHELLS)}\n")
        return 2
    if args[0] == "--show-completion":
        script = shared.get_completion_script(
            prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell
        )
        sys.stdout.write(script + "\n")
        return 0
    installed, path = shared.install(shell=shell, prog_name=PROG, complete_var=COMPLETE_VAR)
    sys.stderr.write(f"{installed} completion installed in {path}; it works in new shells\n")
    return 0
