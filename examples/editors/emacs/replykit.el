;;; replykit.el --- lint and draft support replies with replykit  -*- lexical-binding: t; -*-

;; Load with (load "~/src/replykit/examples/editors/emacs/replykit.el").
;; M-x replykit-lint   lint the current file in a compilation buffer (next-error works)
;; M-x replykit-draft  insert a rendered reply at point

(require 'compile)

(defvar replykit-program "replykit" "The replykit command.")

(add-to-list 'compilation-error-regexp-alist-alist
             '(replykit
               "^\\(.+?\\):\\([0-9]+\\):\\([0-9]+\\): \\(?:\\(error\\)\\|\\(warning\\)\\|suggestion\\): "
               1 2 3 (5 . nil)))
(add-to-list 'compilation-error-regexp-alist 'replykit)

(defun replykit-lint ()
  "Lint the current file with replykit."
  (interactive)
  (save-buffer)
  (compile (format "%s lint --format line %s" replykit-program
                   (shell-quote-argument (buffer-file-name)))))

(defun replykit--snippet-ids ()
  (split-string (shell-command-to-string
                 (format "%s snippets list | cut -f1" replykit-program)) "\n" t))

(defun replykit-draft (snippet context)
  "Insert the reply for SNIPPET rendered with the CONTEXT file at point."
  (interactive (list (completing-read "Snippet: " (replykit--snippet-ids))
                     (read-file-name "Context file: ")))
  (insert (shell-command-to-string
           (format "%s draft --no-lint %s --context %s" replykit-program
                   (shell-quote-argument snippet)
                   (shell-quote-argument (expand-file-name context))))))

(provide 'replykit)
;;; replykit.el ends here
