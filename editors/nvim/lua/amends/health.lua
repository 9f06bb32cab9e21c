-- `:checkhealth amends`: is the plugin set up, can the server run, is it attached here.

local M = {}

local found, health = pcall(require, 'vim.health')
if not found then
  health = require('health') -- before 0.8
end
-- 0.10 renamed report_start/report_ok/... to start/ok/...
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local fail = health.error or health.report_error
local info = health.info or health.report_info

function M.check()
  local amends = require('amends')
  start('amends: Neovim')
  local v = vim.version()
  local version = ('%d.%d.%d'):format(v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.8') ~= 1 then
    fail('Neovim ' .. version .. ' is too old for this plugin (0.8 or later)')
    return
  end
  ok('Neovim ' .. version)

  start('amends: setup()')
  local options = amends.options
  if not options then
    fail('require("amends").setup() has not run (or it failed: see :messages)')
    return
  end
  ok('the server starts through ' .. amends.mode .. ' for filetypes: '
    .. table.concat(options.filetypes, ', '))
  if vim.filetype.match({ filename = 'draft.letter' }) == 'letter' then
    ok('*.letter files get the filetype `letter`')
  else
    warn('*.letter files do not get the filetype `letter`')
  end
  local unknown = {}
  for key in pairs(options.settings) do
    if not vim.tbl_contains(amends.settings_keys, key) then
      table.insert(unknown, tostring(key))
    end
  end
  if #unknown > 0 then
    table.sort(unknown)
    warn('unknown key(s) in `settings`: ' .. table.concat(unknown, ', '),
      'The server knows: ' .. table.concat(amends.settings_keys, ', '))
  else
    ok('settings: ' .. vim.inspect(options.settings, { newline = ' ', indent = '' }))
  end

  start('amends: the server')
  local cmd = options.cmd
  local exe = vim.fn.exepath(cmd[1])
  if exe == '' then
    fail(('`%s` is not executable or not on PATH'):format(cmd[1]),
      { 'Install amends: `cargo install --path .` in its source folder',
        'or set `cmd = { "/full/path/to/amends", "lsp" }` in setup()' })
    return
  end
  ok('command: ' .. table.concat(cmd, ' ') .. ' (' .. exe .. ')')
  if vim.fs.basename(exe) == 'amends' then
    local out = vim.fn.system({ exe, '--version' })
    if vim.v.shell_error == 0 then
      ok(vim.trim(out))
    else
      warn('`' .. exe .. ' --version` failed: ' .. vim.trim(out))
    end
  end

  local clients = amends.clients()
  local checked = {}
  for _, client in ipairs(clients) do
    local names = {}
    for bufnr in pairs(client.attached_buffers or {}) do
      checked[bufnr] = true
      table.insert(names, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':~:.'))
    end
    table.sort(names)
    info(('client %d (position encoding %s), root %s: %s'):format(
      client.id,
      tostring(client.offset_encoding),
      tostring(client.config.root_dir or '(none)'),
      #names > 0 and table.concat(names, ', ') or 'no buffers'
    ))
  end
  -- (checkhealth shows its report in a buffer of its own: look at every loaded one.)
  local missed = {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if
      vim.api.nvim_buf_is_loaded(bufnr)
      and vim.bo[bufnr].buftype == ''
      and vim.tbl_contains(options.filetypes, vim.bo[bufnr].filetype)
      and not checked[bufnr]
    then
      table.insert(missed, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':~:.'))
    end
  end
  if #missed > 0 then
    warn('not checked by amends although their filetype is listed: ' .. table.concat(missed, ', '),
      { 'Run :AmendsRestart', 'See the LSP log: :lua vim.cmd.tabnew(vim.lsp.get_log_path())' })
  elseif #clients == 0 then
    info('no amends client is running (open a draft of one of the filetypes above)')
  else
    ok('every open buffer of those filetypes is checked')
  end
end

return M
