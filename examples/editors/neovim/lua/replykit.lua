-- replykit for Neovim: findings as vim.diagnostic (no plugin needed) or through nvim-lint,
-- and a :ReplykitDraft command. Works with Neovim 0.7 and later.
local M = {}

M.program = "replykit"
M.namespace = vim.api.nvim_create_namespace("replykit")

local json_decode = (vim.json and vim.json.decode) or vim.fn.json_decode

-- replykit's severities as Neovim's: suggestions are infos, never errors.
M.severity = {
  error = vim.diagnostic.severity.ERROR,
  warning = vim.diagnostic.severity.WARN,
  suggestion = vim.diagnostic.severity.INFO,
}

-- The 0-based byte column of a 1-based character column: replykit counts characters,
-- vim.diagnostic counts bytes, which differ after "Olá" or an emoji.
local function byte_column(lines, line, column)
  local text = lines[line] or ""
  local ok, index
  if vim.fn.has("nvim-0.11") == 1 then -- the old signature is deprecated there
    ok, index = pcall(vim.str_byteindex, text, "utf-32", column - 1, false)
  else
    ok, index = pcall(vim.str_byteindex, text, column - 1)
  end
  if ok then
    return index
  end
  return #text
end

--- Diagnostics for bufnr from `replykit lint --format json` output (nvim-lint's parser
--- signature: output, bufnr).
function M.parse(output, bufnr)
  if output == nil or output:match("^%s*$") then
    vim.notify("replykit: no report (run :!replykit lint % to see why)", vim.log.levels.ERROR)
    return {}
  end
  local ok, data = pcall(json_decode, output)
  if not ok or type(data) ~= "table" or type(data.files) ~= "table" then
    vim.notify("replykit: unreadable report: " .. output:sub(1, 200), vim.log.levels.ERROR)
    return {}
  end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local diagnostics = {}
  for _, file in ipairs(data.files) do
    for _, f in ipairs(file.findings or {}) do
      local message = f.message
      if type(f.suggestion) == "string" and f.suggestion ~= "" then
        message = message .. " (suggestion: " .. f.suggestion .. ")"
      end
      table.insert(diagnostics, {
        bufnr = bufnr,
        lnum = f.line - 1,
        col = byte_column(lines, f.line, f.column),
        end_lnum = f.end_line - 1,
        end_col = byte_column(lines, f.end_line, f.end_column),
        severity = M.severity[f.severity] or vim.diagnostic.severity.INFO,
        message = message,
        source = "replykit",
        code = f.rule,
      })
    end
  end
  return diagnostics
end

--- The command that lints a buffer's text from stdin under the buffer's file name (so
--- the findings and the project's replykit.toml are the file's).
function M.command(bufnr)
  local cmd = { M.program, "lint", "--format", "json" }
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name ~= "" then
    vim.list_extend(cmd, { "--stdin-filename", name })
  end
  table.insert(cmd, "-")
  return cmd
end

--- Lint bufnr (default: current) with no plugin; returns the job id.
function M.lint(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local stdout, stderr = {}, {}
  local job = vim.fn.jobstart(M.command(bufnr), {
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data) stdout = data end,
    on_stderr = function(_, data) stderr = data end,
    on_exit = function(_, code)
      vim.schedule(function()
        if not vim.api.nvim_buf_is_valid(bufnr) then
          return
        end
        if code > 1 then
          -- Bad input: say so; an empty diagnostic list would read as a clean reply.
          vim.diagnostic.reset(M.namespace, bufnr)
          vim.notify("replykit: " .. vim.trim(table.concat(stderr, "\n")), vim.log.levels.ERROR)
          return
        end
        vim.diagnostic.set(M.namespace, bufnr, M.parse(table.concat(stdout, "\n"), bufnr))
      end)
    end,
  })
  if job <= 0 then
    vim.notify("replykit: cannot run " .. M.program, vim.log.levels.ERROR)
    return job
  end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  table.insert(lines, "")
  vim.fn.chansend(job, lines)
  vim.fn.chanclose(job, "stdin")
  return job
end

--- The nvim-lint linter definition (https://github.com/mfussenegger/nvim-lint).
function M.nvim_lint_linter()
  return {
    cmd = M.program,
    stdin = true,
    args = {
      "lint", "--format", "json",
      "--stdin-filename", function() return vim.api.nvim_buf_get_name(0) end,
      "-",
    },
    stream = "stdout",
    ignore_exitcode = true,
    parser = M.parse,
  }
end

--- Snippet ids that start with what was typed.
function M.complete(arglead)
  local ids = vim.fn.systemlist({ M.program, "snippets", "list" })
  local out = {}
  for _, row in ipairs(ids) do
    local id = vim.split(row, "\t", { plain = true })[1]
    if id ~= "" and id:sub(1, #arglead) == arglead then
      table.insert(out, id)
    end
  end
  return out
end

--- Insert the rendered reply below the cursor; messages go to the message area only.
function M.draft(args)
  local cmd = vim.list_extend({ M.program, "draft", "--no-lint" }, args)
  local stdout, stderr = {}, {}
  local job = vim.fn.jobstart(cmd, {
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data) stdout = data end,
    on_stderr = function(_, data) stderr = data end,
  })
  if job <= 0 then
    vim.notify("replykit: cannot run " .. M.program, vim.log.levels.ERROR)
    return false
  end
  vim.fn.chanclose(job, "stdin")
  local code = vim.fn.jobwait({ job })[1]
  local messages = vim.trim(table.concat(stderr, "\n"))
  if code ~= 0 then
    vim.notify("replykit draft failed: " .. (messages ~= "" and messages or ("exit " .. code)),
      vim.log.levels.ERROR)
    return false
  end
  if stdout[#stdout] == "" then
    table.remove(stdout)
  end
  vim.api.nvim_put(stdout, "l", true, true)
  if messages ~= "" then
    vim.notify(messages, vim.log.levels.WARN)
  end
  return true
end

return M
