-- replykit for Neovim: add this folder to 'runtimepath' (or point your plugin manager at
-- it). Mail buffers are linted on open, on save and when leaving insert mode: through
-- nvim-lint when it is installed, else straight into vim.diagnostic.
if vim.g.loaded_replykit then
  return
end
vim.g.loaded_replykit = true

local replykit = require("replykit")
local filetypes = vim.g.replykit_filetypes or { "mail" }

local has_lint, lint = pcall(require, "lint")
local run
if has_lint then
  lint.linters.replykit = replykit.nvim_lint_linter()
  for _, ft in ipairs(filetypes) do
    lint.linters_by_ft[ft] = { "replykit" }
  end
  run = function() lint.try_lint("replykit") end
else
  run = function() replykit.lint(0) end
end

local group = vim.api.nvim_create_augroup("replykit", { clear = true })
vim.api.nvim_create_autocmd({ "BufReadPost", "BufWritePost", "InsertLeave" }, {
  group = group,
  callback = function()
    if vim.tbl_contains(filetypes, vim.bo.filetype) then
      run()
    end
  end,
})

vim.api.nvim_create_user_command("ReplykitLint", run, { desc = "replykit: lint this reply" })
vim.api.nvim_create_user_command("ReplykitDraft", function(opts)
  replykit.draft(opts.fargs)
end, {
  nargs = "+",
  complete = function(arglead) return replykit.complete(arglead) end,
  desc = "replykit: insert a rendered reply below the cursor",
})
vim.keymap.set("n", "<leader>rd", ":ReplykitDraft ", { desc = "replykit: draft a reply" })
vim.keymap.set("n", "<leader>rl", run, { desc = "replykit: lint this reply" })
