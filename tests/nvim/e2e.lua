-- The Neovim half of tests/nvim.rs: runs in a headless Neovim (0.7 or newer), starts
-- `amends lsp` on a draft, and writes what the editor received to a JSON file that the
-- Rust test checks. It asserts nothing itself: it records, and on any error records the
-- error, so the Rust side can say what went wrong.
--
-- Environment (set by tests/nvim.rs):
--   AMENDS_SERVER     the amends binary
--   AMENDS_DRAFT      the draft to open
--   AMENDS_OUT        where to write the JSON report
--   AMENDS_FIX_RULE   the rule whose preferred quick fix is applied
--   AMENDS_SETTINGS   JSON object: the `amends` settings
--   AMENDS_SETTINGS_VIA  "init_options" or "settings" (workspace/configuration)
--   AMENDS_WAIT_MS    how long each wait may take

local env = os.getenv
local wait_ms = tonumber(env('AMENDS_WAIT_MS') or '30000')
local fix_rule = env('AMENDS_FIX_RULE')

local report = {
  nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch,
  messages = {},
  notes = {},
}

local function note(s)
  table.insert(report.notes, s)
end

-- Every diagnostics message, as the server sent it (LSP positions, not Neovim's).
local received = {}

local function record_diagnostics(uri, items, version, how)
  local list = {}
  for _, d in ipairs(items or {}) do
    table.insert(list, {
      code = d.code,
      source = d.source,
      line = d.range.start.line,
      character = d.range.start.character,
      end_line = d.range['end'].line,
      end_character = d.range['end'].character,
      raw = d,
    })
  end
  table.insert(received, { uri = uri, version = version, how = how, items = list })
end

local handlers = {
  -- Pushed diagnostics (Neovim 0.7 has no pull diagnostics).
  ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    if result then
      record_diagnostics(result.uri, result.diagnostics, result.version, 'push')
    end
    return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
  end,
  -- Pulled diagnostics (Neovim 0.10+ asks for them when the server offers them).
  ['textDocument/diagnostic'] = function(err, result, ctx, config)
    if err then
      note('diagnostic pull failed: ' .. vim.inspect(err))
    elseif result and result.kind == 'full' then
      record_diagnostics(ctx.params.textDocument.uri, result.items, ctx.version, 'pull')
    end
    return vim.lsp.handlers['textDocument/diagnostic'](err, result, ctx, config)
  end,
  ['window/showMessage'] = function(_, result)
    table.insert(report.messages, result)
  end,
}

local function items_of(message)
  return message and message.items or {}
end

local function find(items, code)
  for _, d in ipairs(items) do
    if d.code == code then
      return d
    end
  end
end

local function shown(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, { code = d.code, lnum = d.lnum, col = d.col })
  end
  return list
end

local function run()
  local draft = assert(env('AMENDS_DRAFT'), 'AMENDS_DRAFT not set')
  vim.cmd('edit ' .. vim.fn.fnameescape(draft))
  local bufnr = vim.api.nvim_get_current_buf()
  -- No filetype detection under -u NONE: say what the buffer is, as a user's config would.
  vim.bo[bufnr].filetype = 'letter'
  local uri = vim.uri_from_bufnr(bufnr)

  local settings = vim.fn.json_decode(env('AMENDS_SETTINGS') or '{}')
  local config = {
    name = 'amends',
    cmd = { assert(env('AMENDS_SERVER'), 'AMENDS_SERVER not set'), 'lsp' },
    root_dir = vim.fn.fnamemodify(draft, ':p:h'),
    handlers = handlers,
    flags = { debounce_text_changes = 50 },
  }
  if env('AMENDS_SETTINGS_VIA') == 'settings' then
    config.settings = { amends = settings }
  else
    config.init_options = settings
  end

  local client_id
  if vim.lsp.start then
    -- Neovim 0.8+
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  else
    -- Neovim 0.7
    client_id = vim.lsp.start_client(config)
    assert(client_id, 'start_client failed')
    assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')
  end
  assert(client_id, 'the client did not start')

  local client
  local ready = vim.wait(wait_ms, function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized and #received > 0
  end, 20)
  if not ready then
    error('no diagnostics within ' .. wait_ms .. ' ms (client '
      .. (client and 'started' or 'not started') .. ')')
  end
  -- The first lint may be followed by a second one (settings arriving): take the latest
  -- message once no more come for a moment.
  local count = #received
  vim.wait(300, function()
    return #received ~= count
  end, 20)
  vim.wait(300, function() return false end, 20)

  report.encoding = client.offset_encoding
  report.server_encoding = client.server_capabilities and client.server_capabilities.positionEncoding
  local before = received[#received]
  report.uri_ok = before.uri == uri
  report.before = items_of(before)
  report.shown_before = shown(bufnr)

  -- The quick fix: ask for code actions on the diagnostic's range, apply the preferred one.
  local target = find(report.before, fix_rule)
  if not target then
    error('no ' .. tostring(fix_rule) .. ' diagnostic to fix')
  end
  local params = {
    textDocument = { uri = uri },
    range = target.raw.range,
    context = { diagnostics = { target.raw } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, wait_ms)
  local response = responses and responses[client_id]
  if not response then
    error('no answer to textDocument/codeAction')
  end
  if response.err or response.error then
    error('textDocument/codeAction failed: ' .. vim.inspect(response.err or response.error))
  end
  report.actions = {}
  local preferred
  for _, action in ipairs(response.result or {}) do
    table.insert(report.actions, { title = action.title, kind = action.kind, preferred = action.isPreferred == true })
    if action.isPreferred and not preferred then
      preferred = action
    end
  end
  if not preferred then
    error('no preferred code action among ' .. #report.actions)
  end
  report.applied = preferred.title

  local seen = #received
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  report.lines_after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

  -- Re-lint: wait for diagnostics of the edited text (the fixed rule gone).
  local relinted = vim.wait(wait_ms, function()
    for i = seen + 1, #received do
      if not find(received[i].items, fix_rule) then
        return true
      end
    end
    return false
  end, 20)
  report.relinted = relinted
  report.after = items_of(received[#received])
  report.after_messages = #received - seen
  report.shown_after = shown(bufnr)

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 20)
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  report.error = tostring(err)
end
-- Raw LSP diagnostics are kept out of the report: they hold tables JSON cannot name.
for _, key in ipairs({ 'before', 'after' }) do
  for _, d in ipairs(report[key] or {}) do
    d.raw = nil
  end
end
local out = assert(io.open(assert(env('AMENDS_OUT'), 'AMENDS_OUT not set'), 'w'))
out:write(vim.fn.json_encode(report))
out:close()
vim.cmd('qall!')
