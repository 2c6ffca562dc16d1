;;; replykit-eglot.el --- replykit lsp through Eglot (Emacs 29+, or 28 with the eglot package)  -*- lexical-binding: t; -*-

;; Load this file from your init file, or copy the forms into it.
;; Diagnostics show through Flymake; M-x eglot-code-actions offers the fixes and
;; "disable this rule"; completion-at-point after `;' at the start of a line offers
;; snippet ids.

(require 'eglot)

(add-to-list 'eglot-server-programs
             '((text-mode message-mode mail-mode) . ("replykit" "lsp")))

;; Settings the server asks for (workspace/configuration, section "replykit").
;; A per-project value goes in .dir-locals.el: ((nil . ((eglot-workspace-configuration . ...))))
(setq-default eglot-workspace-configuration
              '(:replykit (:tone "casual"
                           ;; :customerName "Ana Silva"
                           ;; :contextFile "customer.toml"
                           :disabledRules [])))

;; Start it for replies: every text buffer here; narrow it to your drafts folder if you like.
(add-hook 'text-mode-hook #'eglot-ensure)
(add-hook 'message-mode-hook #'eglot-ensure)

(provide 'replykit-eglot)
;;; replykit-eglot.el ends here
