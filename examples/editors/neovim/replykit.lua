-- replykit for Neovim, with nvim-lint (https://github.com/mfussenegger/nvim-lint).
-- Put this in your config, e.g. ~/.config/nvim/after/plugin/replykit.lua
local lint = require("lint")

lint.linters.replykit = {
  cmd = "replykit",
  stdin = true,
  args = { "lint", "--format", "line", "-" },
  stream = "stdout",
  ignore_exitcode = true,
  parser = require("lint.parser").from_errorformat(
    "%f:%l:%c: %trror: %m,%f:%l:%c: %tarning: %m,%f:%l:%c: suggestion: %m",
    { source = "replykit" }
  ),
}
lint.linters_by_ft.mail = { "replykit" }
lint.linters_by_ft.text = { "replykit" }

vim.api.nvim_create_autocmd({ "BufWritePost", "InsertLeave" }, {
  callback = function() lint.try_lint() end,
})

-- :ReplykitDraft ID [--context FILE]  inserts a rendered reply below the cursor
vim.api.nvim_create_user_command("ReplykitDraft", function(opts)
  local cmd = vim.list_extend({ "replykit", "draft", "--no-lint" }, opts.fargs)
  local out = vim.fn.systemlist(cmd)
  if vim.v.shell_error == 0 then
    vim.api.nvim_put(out, "l", true, true)
  else
    vim.notify(table.concat(out, "\n"), vim.log.levels.ERROR)
  end
end, {
  nargs = "+",
  complete = function() return vim.fn.systemlist("replykit snippets list | cut -f1") end,
})
vim.keymap.set("n", "<leader>rd", ":ReplykitDraft ", { desc = "replykit: draft a reply" })
vim.keymap.set("n", "<leader>rl", function() lint.try_lint("replykit") end,
  { desc = "replykit: lint this reply" })
