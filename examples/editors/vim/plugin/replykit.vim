" replykit for Vim: lint the buffer into the quickfix list, draft a snippet into it.
"   :ReplykitLint, <Leader>rl   lint this reply (:make with the replykit compiler)
"   :ReplykitDraft ID [--context FILE ...]   insert a rendered reply below the cursor
"   <Leader>rd                  start :ReplykitDraft (<Tab> completes snippet ids)
if exists("g:loaded_replykit")
  finish
endif
let g:loaded_replykit = 1

let g:replykit_program = get(g:, 'replykit_program', 'replykit')

augroup replykit
  autocmd!
  autocmd FileType mail compiler replykit
augroup END

function! ReplykitSnippetIds(arglead, cmdline, cursorpos) abort
  " Vim filters this list by what was typed (-complete=custom).
  return system(g:replykit_program . ' snippets list 2>/dev/null | cut -f1')
endfunction

" A function, not a chain of bars: :make takes everything after it, bars included, as
" its own arguments.
function! s:Lint() abort
  if &modified
    silent write
  endif
  compiler replykit
  silent make!
  redraw!
  " Bad input: replykit's own "error:" line (no file position) is in the list instead
  " of findings. :make's exit status is the pipe's, so look at the list.
  let l:failures = filter(getqflist(), {_, e -> e.bufnr == 0 && e.type ==# 'e'})
  if !empty(l:failures)
    echohl ErrorMsg
    echomsg 'replykit could not lint this file: ' . l:failures[0].text
    echohl None
  endif
  cwindow
endfunction

" The reply goes to a file and only that file is inserted; replykit's stderr (warnings,
" an error) goes to Vim's message area, never into the mail.
function! s:Draft(args) abort
  let l:out = tempname()
  let l:messages = system(g:replykit_program . ' draft --no-lint --out ' . shellescape(l:out)
        \ . ' ' . a:args)
  let l:status = v:shell_error
  if l:status == 0 && filereadable(l:out)
    call append(line('.'), readfile(l:out))
  endif
  call delete(l:out)
  for l:line in split(l:messages, "\n")
    if l:status != 0
      echohl ErrorMsg | echomsg l:line | echohl None
    else
      echomsg l:line
    endif
  endfor
  if l:status != 0 && empty(l:messages)
    echohl ErrorMsg | echomsg 'replykit draft failed (exit ' . l:status . ')' | echohl None
  endif
endfunction

command! -nargs=+ -complete=custom,ReplykitSnippetIds ReplykitDraft call s:Draft(<q-args>)
command! -bar ReplykitLint call s:Lint()

nnoremap <silent> <Leader>rl :ReplykitLint<CR>
nnoremap <Leader>rd :ReplykitDraft<Space>
