" replykit for Vim: lint the buffer into the quickfix list, draft a snippet into it.
"   <Leader>rl          lint this reply (:make with the replykit compiler)
"   :ReplykitDraft ID [--context FILE ...]   insert a rendered reply below the cursor
"   <Leader>rd          prompt for a snippet id and insert it
if exists("g:loaded_replykit")
  finish
endif
let g:loaded_replykit = 1

augroup replykit
  autocmd!
  autocmd FileType mail compiler replykit
augroup END

function! ReplykitSnippetIds(arglead, cmdline, cursorpos) abort
  return system("replykit snippets list | cut -f1")
endfunction

command! -nargs=+ -complete=custom,ReplykitSnippetIds ReplykitDraft
      \ execute 'read !replykit draft --no-lint ' . <q-args>
command! ReplykitLint compiler replykit | silent make! | redraw! | cwindow

nnoremap <silent> <Leader>rl :ReplykitLint<CR>
nnoremap <Leader>rd :ReplykitDraft<Space>
