;;; replykit.el --- lint and draft support replies with replykit  -*- lexical-binding: t; -*-

;; Load with (load "~/src/replykit/examples/editors/emacs/replykit.el").
;; M-x replykit-flymake-setup  lint the buffer as you type with Flymake (ships with Emacs);
;;                             (add-hook 'message-mode-hook #'replykit-flymake-setup) for mail
;; M-x replykit-lint           lint the file in a compilation buffer (next-error walks it)
;; M-x replykit-draft          insert a rendered reply at point

(require 'compile)
(require 'json)

(defvar replykit-program "replykit" "The replykit command.")

;;;; compile-mode

;; error / warning / suggestion become compile-mode's error / warning / info types.
(defconst replykit--line-regexp
  (concat "^\\(.+?\\):\\([0-9]+\\):\\([0-9]+\\): "
          "\\(?:error\\|\\(warning\\)\\|\\(suggestion\\)\\): "))

(add-to-list 'compilation-error-regexp-alist-alist
             `(replykit ,replykit--line-regexp 1 2 3 (4 . 5)))
(add-to-list 'compilation-error-regexp-alist 'replykit)

(define-compilation-mode replykit-compilation-mode "replykit"
  "Findings of `replykit lint --format line'."
  ;; replykit counts columns in characters; compile-mode's default is screen columns,
  ;; which a tab or a wide character would shift.
  (setq-local compilation-error-screen-columns nil)
  ;; Two findings can start at the same place (a placeholder that is also in capitals):
  ;; `next-error' must stop at each.
  (setq-local compilation-skip-to-next-location nil)
  ;; Suggestions are infos; `next-error' visits them too.
  (setq-local compilation-skip-threshold 0)
  (setq-local compilation-error-regexp-alist '(replykit)))

(defun replykit-lint ()
  "Lint the current file with replykit in a compilation buffer."
  (interactive)
  (unless (buffer-file-name)
    (user-error "replykit-lint lints a file: save the buffer first"))
  (save-buffer)
  (compilation-start (format "%s lint --format line %s" replykit-program
                             (shell-quote-argument (buffer-file-name)))
                     #'replykit-compilation-mode))

;;;; Flymake

(defvar-local replykit--flymake-process nil)

(defun replykit--position (line column)
  "The buffer position of 1-based LINE and character COLUMN, kept within the line."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- line))
    (min (+ (point) (max 0 (1- column))) (line-end-position))))

(defun replykit--json-findings ()
  "Parse the JSON report in the current buffer into a list of alists."
  (goto-char (point-min))
  (let* ((data (if (fboundp 'json-parse-buffer)
                   (json-parse-buffer :object-type 'alist :array-type 'list)
                 (let ((json-object-type 'alist) (json-array-type 'list)) (json-read))))
         (files (alist-get 'files data)))
    (apply #'append (mapcar (lambda (file) (alist-get 'findings file)) files))))

(defun replykit--flymake-diagnostics (source findings)
  "Flymake diagnostics in SOURCE for the JSON FINDINGS."
  (with-current-buffer source
    (mapcar
     (lambda (f)
       (let* ((beg (replykit--position (alist-get 'line f) (alist-get 'column f)))
              (end (replykit--position (alist-get 'end_line f) (alist-get 'end_column f)))
              (severity (alist-get 'severity f))
              (suggestion (alist-get 'suggestion f)))
         (when (<= end beg)             ; a finding about the whole reply: mark one character
           (setq end (min (1+ beg) (point-max))))
         (flymake-make-diagnostic
          source beg end
          (cond ((equal severity "error") :error)
                ((equal severity "warning") :warning)
                (t :note))
          (format "%s%s [%s]" (alist-get 'message f)
                  (if (and suggestion (not (eq suggestion :null)))
                      (format " (suggestion: %s)" suggestion)
                    "")
                  (alist-get 'rule f)))))
     findings)))

(defun replykit-flymake (report-fn &rest _args)
  "Flymake backend: lint the buffer's text with replykit, the file's name for its config."
  (when (process-live-p replykit--flymake-process)
    (kill-process replykit--flymake-process))
  (let* ((source (current-buffer))
         (name (or (buffer-file-name) (expand-file-name (buffer-name))))
         (output (generate-new-buffer " *replykit-flymake*"))
         (errors (generate-new-buffer " *replykit-flymake-stderr*")))
    (setq replykit--flymake-process
          (make-process
           :name "replykit-flymake" :noquery t :connection-type 'pipe
           :buffer output
           :stderr errors
           :coding 'utf-8
           :command (list replykit-program "lint" "--format" "json"
                          "--stdin-filename" name "-")
           :sentinel
           (lambda (proc _event)
             (when (memq (process-status proc) '(exit signal))
               (unwind-protect
                   (cond
                    ((not (eq proc (buffer-local-value 'replykit--flymake-process source)))
                     (flymake-log :warning "outdated replykit run ignored"))
                    ((memq (process-exit-status proc) '(0 1))
                     (funcall report-fn
                              (replykit--flymake-diagnostics
                               source (with-current-buffer (process-buffer proc)
                                        (replykit--json-findings)))))
                    (t
                     (funcall report-fn :panic
                              :explanation
                              (with-current-buffer errors (string-trim (buffer-string))))))
                 (kill-buffer (process-buffer proc))
                 (kill-buffer errors))))))
    (save-restriction
      (widen)
      (process-send-region replykit--flymake-process (point-min) (point-max))
      (process-send-eof replykit--flymake-process))))

(defun replykit-flymake-setup ()
  "Turn on Flymake in this buffer with the replykit backend."
  (interactive)
  (add-hook 'flymake-diagnostic-functions #'replykit-flymake nil t)
  (flymake-mode 1))

;;;; Drafting

(defun replykit--snippet-ids ()
  (with-temp-buffer
    (call-process replykit-program nil (list t nil) nil "snippets" "list")
    (mapcar (lambda (row) (car (split-string row "\t")))
            (split-string (buffer-string) "\n" t))))

(defun replykit-draft (snippet context)
  "Insert the reply for SNIPPET rendered with the CONTEXT file at point.
Only the reply is inserted; replykit's warnings and errors go to the echo area."
  (interactive (list (completing-read "Snippet: " (replykit--snippet-ids))
                     (read-file-name "Context file: ")))
  (let ((errors (make-temp-file "replykit-draft"))
        (target (current-buffer))
        status reply messages)
    (unwind-protect
        (with-temp-buffer
          (setq status (call-process replykit-program nil (list t errors) nil
                                     "draft" "--no-lint" snippet
                                     "--context" (expand-file-name context)))
          (setq reply (buffer-string))
          (setq messages (with-temp-buffer
                           (insert-file-contents errors)
                           (string-trim (buffer-string)))))
      (delete-file errors))
    (if (eq status 0)
        (progn
          (with-current-buffer target (insert reply))
          (unless (string-empty-p messages) (message "%s" messages)))
      (error "replykit draft failed: %s"
             (if (string-empty-p messages) (format "exit %s" status) messages)))))

(provide 'replykit)
;;; replykit.el ends here
