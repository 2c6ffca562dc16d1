# replykit functions for fish: copy to ~/.config/fish/conf.d/replykit.fish
function rk --description 'draft a reply'
    replykit draft $argv
end
function rkc --description 'draft a reply into the clipboard'
    replykit draft $argv --copy >/dev/null
end
function rkp --description 'pick a snippet and draft it'
    set -l id (replykit snippets list | fzf --delimiter='\t' --with-nth=1,2 | cut -f1)
    test -n "$id"; and replykit draft $id $argv
end
function rkl --description 'lint the reply on the clipboard'
    fish_clipboard_paste | replykit lint - $argv
end
complete -c rk -n '__fish_is_first_arg' -f -a '(replykit snippets list | cut -f1)'
complete -c rkc -n '__fish_is_first_arg' -f -a '(replykit snippets list | cut -f1)'
