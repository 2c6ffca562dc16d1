" Vim compiler file for replykit: `:compiler replykit`, then `:make` fills the quickfix
" list with every finding of `replykit lint --format line` on the current file.
" Columns are counted in bytes, as Vim's quickfix list reads them, so a finding after
" "Olá" or an emoji lands on the right character. Types: e error, w warning, i info
" (replykit's suggestions).
if exists("current_compiler")
  finish
endif
let current_compiler = "replykit"

CompilerSet makeprg=replykit\ lint\ --format\ line\ --columns\ byte\ $*\ %:S
CompilerSet errorformat=%f:%l:%c:\ %trror:\ %m,%f:%l:%c:\ %tarning:\ %m,%f:%l:%c:\ suggest%t%*[a-z]:\ %m,%trror:\ %m,%-G%.%#
