-- Headless neovim as a third-party client of `wasi-ready lsp --stdio`: attaches the server to the current buffer
-- and prints, as one JSON line on stdout, the diagnostics the server pushed for it.
-- neovim 0.7 (Debian 12) has no vim.lsp.start (0.8+) and no pull diagnostics, so this is start_client +
-- buf_attach_client and textDocument/publishDiagnostics.
-- Environment: WASI_READY_CMD (the server command line, a JSON array), WASI_READY_ROOT (the workspace folder),
-- WASI_READY_EXPECTED (how many diagnostics to wait for), WASI_READY_TIMEOUT_MS; optionally an unsaved edit made
-- once they are there: WASI_READY_EDIT_LINE (1-based) replaced by WASI_READY_EDIT_TEXT, then
-- WASI_READY_EXPECTED_AFTER diagnostics to wait for (the server re-analyses the buffer's text and pushes again).
local cmd = vim.fn.json_decode(os.getenv('WASI_READY_CMD'))
local root = os.getenv('WASI_READY_ROOT')
local expected = tonumber(os.getenv('WASI_READY_EXPECTED'))
local timeout = tonumber(os.getenv('WASI_READY_TIMEOUT_MS') or '30000')

local started = vim.loop.hrtime()
local bufnr = vim.api.nvim_get_current_buf()
local server_error = nil
local client_id = vim.lsp.start_client({
  name = 'wasi-ready',
  cmd = cmd,
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
  on_exit = function(code, signal)
    if code ~= 0 then server_error = 'the server exited with ' .. code .. ' (signal ' .. signal .. ')' end
  end,
})
if not client_id then
  io.stdout:write(vim.fn.json_encode({ ok = false, error = 'vim.lsp.start_client failed' }) .. '\n')
  vim.cmd('qa!')
end
vim.lsp.buf_attach_client(bufnr, client_id)

local ok = vim.wait(timeout, function()
  return server_error ~= nil or #vim.diagnostic.get(bufnr) >= expected
end, 20)

local function current()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code, source = d.source, message = d.message,
    })
  end
  return out
end
local diagnostics = current()
local ms = (vim.loop.hrtime() - started) / 1e6

local edited = vim.NIL
local edit_line = tonumber(os.getenv('WASI_READY_EDIT_LINE') or '')
if ok and edit_line then
  local after = tonumber(os.getenv('WASI_READY_EXPECTED_AFTER'))
  local edit_started = vim.loop.hrtime()
  vim.api.nvim_buf_set_lines(bufnr, edit_line - 1, edit_line, true, { os.getenv('WASI_READY_EDIT_TEXT') })
  local edit_ok = vim.wait(timeout, function()
    return server_error ~= nil or #vim.diagnostic.get(bufnr) == after
  end, 20)
  edited = { ok = edit_ok and server_error == nil, ms = (vim.loop.hrtime() - edit_started) / 1e6, diagnostics = current() }
end

io.stdout:write(vim.fn.json_encode({
  ok = ok and server_error == nil,
  error = server_error,
  ms = ms,
  nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch,
  filetype = vim.bo[bufnr].filetype,
  diagnostics = diagnostics,
  edited = edited,
}) .. '\n')
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
