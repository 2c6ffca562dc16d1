" Vim compiler file for replykit: `:compiler replykit`, then `:make` fills the quickfix
" list with every finding of `replykit lint --format line` on the current file.
if exists("current_compiler")
  finish
endif
let current_compiler = "replykit"

CompilerSet makeprg=replykit\ lint\ --format\ line\ $*\ %:S
CompilerSet errorformat=%f:%l:%c:\ %trror:\ %m,%f:%l:%c:\ %tarning:\ %m,%f:%l:%c:\ suggestion:\ %m,%-G%.%#
