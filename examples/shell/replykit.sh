# replykit shell functions for bash and zsh: source this file from ~/.bashrc or ~/.zshrc.
#   rk ID [--context FILE] ...   draft a reply (snippet ids complete with <Tab>)
#   rkc ID [--context FILE] ...  draft a reply straight into the clipboard
#   rkp [--context FILE] ...     pick a snippet (fzf when installed, else a menu), draft it
#   rkl                          lint the reply on the clipboard

rk() { replykit draft "$@"; }

rkc() { replykit draft "$@" --copy >/dev/null; }

_replykit_pick() {
  if command -v fzf >/dev/null 2>&1; then
    replykit snippets list | fzf --delimiter='\t' --with-nth=1,2 --prompt='snippet> ' | cut -f1
  else
    local ids i=1 choice
    ids=$(replykit snippets list | cut -f1)
    printf '%s\n' "$ids" | while IFS= read -r id; do printf '%3d) %s\n' "$i" "$id" >&2; i=$((i + 1)); done
    printf 'snippet number: ' >&2
    IFS= read -r choice || return 1
    printf '%s\n' "$ids" | sed -n "${choice}p"
  fi
}

rkp() {
  local id
  id=$(_replykit_pick) || return 1
  [ -n "$id" ] || return 1
  replykit draft "$id" "$@"
}

_replykit_paste() {
  if [ -n "${REPLYKIT_PASTE:-}" ]; then eval "$REPLYKIT_PASTE"
  elif [ -n "${WAYLAND_DISPLAY:-}" ] && command -v wl-paste >/dev/null 2>&1; then wl-paste --no-newline
  elif [ -n "${DISPLAY:-}" ] && command -v xclip >/dev/null 2>&1; then xclip -selection clipboard -o
  elif command -v pbpaste >/dev/null 2>&1; then pbpaste
  elif command -v powershell.exe >/dev/null 2>&1; then powershell.exe -noprofile -command Get-Clipboard
  else echo "rkl: no clipboard tool found" >&2; return 2
  fi
}

rkl() { _replykit_paste | replykit lint - "$@"; }

# Completion: snippet ids (full, and the basenames draft also accepts) for rk and rkc.
_replykit_ids() { replykit snippets list 2>/dev/null | cut -f1 | sed 'p; s#.*/##' | sort -u; }
if [ -n "${ZSH_VERSION:-}" ]; then
  _rk_ids() { compadd -- $(_replykit_ids); }
  if (( $+functions[compdef] )); then
    compdef _rk_ids rk rkc
  else
    # Sourced before compinit: register at the first prompt, once compinit has run, so
    # the first TAB already completes.
    _rk_register() {
      (( $+functions[compdef] )) || return 0
      compdef _rk_ids rk rkc
      precmd_functions=(${precmd_functions:#_rk_register})
    }
    precmd_functions+=(_rk_register)
  fi
elif [ -n "${BASH_VERSION:-}" ]; then
  _rk_complete() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    if [ "$COMP_CWORD" -eq 1 ]; then
      COMPREPLY=($(compgen -W "$(_replykit_ids)" -- "$cur"))
    fi
  }
  complete -o default -F _rk_complete rk rkc
fi
