# replykit functions for fish: copy to ~/.config/fish/conf.d/replykit.fish
#   rk ID [--context FILE] ...   draft a reply (snippet ids complete with <Tab>)
#   rkc ID [--context FILE] ...  draft a reply straight into the clipboard
#   rkp [--context FILE] ...     pick a snippet (fzf when installed, else a menu), draft it
#   rkl                          lint the reply on the clipboard ($REPLYKIT_PASTE overrides)
function rk --description 'draft a reply'
    replykit draft $argv
end

function rkc --description 'draft a reply into the clipboard'
    replykit draft $argv --copy >/dev/null
end

function rkp --description 'pick a snippet and draft it'
    set -l id
    if command -q fzf
        set id (replykit snippets list | fzf --delimiter='\t' --with-nth=1,2 --prompt='snippet> ' | cut -f1)
    else
        # A numbered menu; read here, not in a command substitution, which has no stdin.
        set -l ids (replykit snippets list | cut -f1)
        for i in (seq (count $ids))
            printf '%3d) %s\n' $i $ids[$i] >&2
        end
        read -l -P 'snippet number: ' choice; or return 1
        string match -qr '^[0-9]+$' -- $choice; or return 1
        test $choice -ge 1 -a $choice -le (count $ids); or return 1
        set id $ids[$choice]
    end
    test -n "$id"; or return 1
    replykit draft $id $argv
end

function _replykit_paste
    if set -q REPLYKIT_PASTE; and test -n "$REPLYKIT_PASTE"
        eval $REPLYKIT_PASTE
    else
        fish_clipboard_paste
    end
end

function rkl --description 'lint the reply on the clipboard'
    _replykit_paste | replykit lint - $argv
end

complete -c rk -n '__fish_is_first_arg' -f -a '(replykit snippets list 2>/dev/null | cut -f1)'
complete -c rkc -n '__fish_is_first_arg' -f -a '(replykit snippets list 2>/dev/null | cut -f1)'
