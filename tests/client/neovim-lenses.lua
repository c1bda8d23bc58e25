-- Neovim 0.7 as a FlowLens client: start `flowlens lsp`, attach it to the task file, ask for code
-- lenses and print each one as "LENS <line> <title> -> <command>". Run headless by neovim.test.mjs:
--   nvim --headless -u NONE -i NONE -c 'luafile neovim-lenses.lua'
-- Inputs come from the environment because 0.7 has no way to pass arguments to a luafile.
local argv = vim.fn.json_decode((assert(os.getenv('FLOWLENS_SERVER_ARGV'), 'FLOWLENS_SERVER_ARGV')))
local file = assert(os.getenv('FLOWLENS_TASK_FILE'), 'FLOWLENS_TASK_FILE')
local root = assert(os.getenv('FLOWLENS_WORKSPACE'), 'FLOWLENS_WORKSPACE')
local timeout = tonumber(os.getenv('FLOWLENS_NVIM_TIMEOUT_MS') or '60000')

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function finish(code)
  vim.lsp.stop_client(vim.lsp.get_active_clients(), false)
  -- Give the client a moment to send shutdown/exit so no server outlives the editor.
  vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  vim.cmd((code == 0 and 'qall!') or ('cquit! ' .. code))
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
-- Without a C# filetype plugin (-u NONE), name the filetype ourselves; the server does not need it,
-- but languageId in didOpen comes from it.
vim.bo[bufnr].filetype = 'cs'

local client_id = vim.lsp.start_client({
  name = 'flowlens',
  cmd = argv,
  root_dir = root,
  init_options = {
    backend = 'local',
    attribution = { mode = 'leave-one-out', budget = 8 },
  },
  on_exit = function(code, signal)
    out(string.format('EXIT %d %d', code, signal))
  end,
})
if not client_id then
  out('ERROR start_client failed')
  finish(2)
  return
end
vim.lsp.buf_attach_client(bufnr, client_id)

local client = vim.lsp.get_client_by_id(client_id)
if not vim.wait(timeout, function() return client.initialized end, 50) then
  out('ERROR the server did not initialize')
  finish(3)
  return
end
out('INITIALIZED ' .. ((client.server_capabilities or {}).codeLensProvider and 'codeLens' or 'no-codeLens'))

-- refresh() resolves lenses that arrive without a command; poll until every lens has a title.
local function ready()
  local lenses = vim.lsp.codelens.get(bufnr)
  if #lenses == 0 then return false end
  for _, lens in ipairs(lenses) do
    if not lens.command then return false end
  end
  return true
end
local deadline = vim.loop.now() + timeout
repeat
  vim.lsp.codelens.refresh()
until vim.wait(2000, ready, 50) or vim.loop.now() > deadline

local lenses = vim.lsp.codelens.get(bufnr)
out('LENSES ' .. #lenses)
for _, lens in ipairs(lenses) do
  local cmd = lens.command or {}
  out(string.format('LENS %d %s -> %s', lens.range.start.line, cmd.title or '?', cmd.command or '?'))
end
finish(#lenses > 0 and 0 or 4)
