-- replykit language server for Neovim 0.11+ (built-in LSP, vim.lsp.config).
-- Copy this file to ~/.config/nvim/lsp/replykit.lua, then in init.lua:
--   vim.lsp.enable('replykit')
-- Diagnostics show as you type; code actions (fixes, "disable this rule") are on
-- vim.lsp.buf.code_action() (grA by default); `;` at the start of a line completes snippet ids
-- (<C-x><C-o>, or automatically with vim.lsp.completion.enable).
return {
  cmd = { 'replykit', 'lsp' },
  filetypes = { 'text', 'mail' },
  root_markers = { 'replykit.toml', '.git' },
  -- init_options = { grammar = 'off' },  -- never load Harper (about 200 MiB less memory)
  -- Everything below is optional; these are the server's settings (see the README).
  settings = {
    replykit = {
      -- tone = 'formal',               -- casual (default) or formal
      -- customerName = 'Ana Silva',    -- the customer's name, for the greeting rule
      -- contextFile = 'customer.toml', -- a context for snippets (else NAME.toml next to NAME.txt)
      -- disabledRules = { 'gratitude' },
      -- config = 'team/replykit.toml', -- else the nearest replykit.toml, as on the command line
    },
  },
}
