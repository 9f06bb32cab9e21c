-- The Neovim half of tests/nvim_plugin.rs: loads the plugin in editors/nvim through
-- require('amends').setup() in a headless `nvim --clean`, opens drafts the way a user
-- would, and writes what happened to a JSON file that the Rust test checks. Like
-- tests/nvim/e2e.lua it asserts nothing itself: it records, and records any error.
--
-- Environment (set by tests/nvim_plugin.rs):
--   AMENDS_PLUGIN      the plugin folder (a copy of editors/nvim with its help tags built)
--   AMENDS_SCENARIO    "enable" (what this Neovim does by itself), "legacy" (the 0.8 to
--                      0.10 path, forced), or "too-old" (setup() on Neovim 0.7)
--   AMENDS_SERVER      the amends binary
--   AMENDS_SETTINGS    JSON object: the settings given to setup()
--   AMENDS_SETTINGS_2  JSON object: the settings of a second setup() call
--   AMENDS_EARLY       a .letter draft opened before setup()
--   AMENDS_DRAFT       the .letter draft to open
--   AMENDS_NOTES       a Markdown file in the same project
--   AMENDS_OTHER       a file of a filetype amends does not check
--   AMENDS_OUT         where to write the JSON report
--   AMENDS_WAIT_MS     how long each wait may take

local env = os.getenv
local wait_ms = tonumber(env('AMENDS_WAIT_MS') or '20000')
local scenario = env('AMENDS_SCENARIO') or 'enable'

local v = vim.version()
local report = {
  nvim = v.major .. '.' .. v.minor .. '.' .. v.patch,
  scenario = scenario,
  notifications = {},
  steps = {},
}

local function step(name)
  table.insert(report.steps, name)
end

-- Everything the plugin (and Neovim's LSP client) says through vim.notify.
local original_notify = vim.notify
vim.notify = function(message, level, opts)
  table.insert(report.notifications, {
    message = tostring(message),
    level = level or vim.log.levels.INFO,
  })
  if original_notify then
    pcall(original_notify, message, level, opts)
  end
end

local function get_clients(filter)
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)(filter)
end

--- The id of the client that owns a diagnostic namespace ("vim.lsp.amends.3" for pushed,
--- "vim.lsp.amends.3.amends" for pulled diagnostics), or nil.
local function client_of(namespace)
  local ns = vim.diagnostic.get_namespace and vim.diagnostic.get_namespace(namespace)
  local id = ns and ns.name and ns.name:match('^vim%.lsp%.amends%.(%d+)')
  return id and tonumber(id)
end

--- What Neovim shows for the buffer: byte columns, 0-based lines.
local function shown(bufnr, client_id)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if client_id == nil or client_of(d.namespace) == client_id then
      table.insert(list, {
        code = d.code,
        source = d.source,
        severity = d.severity,
        lnum = d.lnum,
        col = d.col,
        end_lnum = d.end_lnum,
        end_col = d.end_col,
        client = client_of(d.namespace),
      })
    end
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    return a.col < b.col
  end)
  return list
end

local function codes(list)
  local set = {}
  for _, d in ipairs(list) do
    set[d.code] = true
  end
  return set
end

--- Waits until `pred(shown(bufnr))` holds, then until the diagnostics stop changing for
--- a moment; returns them (or errors naming `what`).
local function settle(bufnr, what, pred, client_id)
  local ok = vim.wait(wait_ms, function()
    return pred(shown(bufnr, client_id))
  end, 20)
  if not ok then
    error(('%s: not within %d ms; shown: %s'):format(what, wait_ms, vim.inspect(shown(bufnr))))
  end
  local last = vim.inspect(shown(bufnr, client_id))
  local quiet = 0
  vim.wait(3000, function()
    local now = vim.inspect(shown(bufnr, client_id))
    if now == last then
      quiet = quiet + 1
    else
      quiet, last = 0, now
    end
    return quiet >= 15 -- 300 ms without a change
  end, 20)
  return shown(bufnr, client_id)
end

local function any(list)
  return #list > 0
end

local function attached_clients(bufnr)
  local ids = {}
  for _, client in ipairs(get_clients({ name = 'amends' })) do
    if client.attached_buffers and client.attached_buffers[bufnr] then
      table.insert(ids, client.id)
    end
  end
  table.sort(ids)
  return ids
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

--- A checked buffer's filetype, its diagnostics once they settle (or an error naming
--- `what`), and the amends clients attached to it.
local function checked(bufnr, what)
  return vim.bo[bufnr].filetype, settle(bufnr, what, any), attached_clients(bufnr)
end

local function too_old()
  step('too-old')
  vim.opt.runtimepath:prepend(assert(env('AMENDS_PLUGIN')))
  local ok, result = pcall(function()
    return require('amends').setup({ cmd = { assert(env('AMENDS_SERVER')), 'lsp' } })
  end)
  report.setup_ok = ok
  if ok then
    report.setup_result = result
  else
    report.setup_result = tostring(result)
  end
  report.clients = #vim.lsp.get_active_clients()
end

local function run()
  local plugin = assert(env('AMENDS_PLUGIN'), 'AMENDS_PLUGIN not set')
  vim.opt.runtimepath:prepend(plugin)
  -- What a plugin manager does on install (E154 on a duplicate tag).
  local tags_ok, tags_err = pcall(vim.cmd, 'helptags ' .. vim.fn.fnameescape(plugin .. '/doc'))
  report.helptags_error = not tags_ok and tostring(tags_err) or nil
  local amends = require('amends')
  local server = assert(env('AMENDS_SERVER'), 'AMENDS_SERVER not set')
  local legacy = scenario == 'legacy'

  -- A draft already open when setup() runs (lazy loading): no filetype yet.
  step('a draft opened before setup()')
  local early = open(assert(env('AMENDS_EARLY'), 'AMENDS_EARLY not set'))
  report.early_filetype_before = vim.bo[early].filetype

  -- Mistakes are reported and start nothing.
  step('mistakes')
  report.missing_server = amends.setup({ cmd = { server .. '-not-there', 'lsp' } })
  report.wrong_type = amends.setup({ filetypes = 'letter' })
  report.options_after_mistakes = amends.options ~= nil

  step('setup')
  local attaches = {}
  local settings = vim.fn.json_decode(assert(env('AMENDS_SETTINGS')))
  report.setup = amends.setup({
    cmd = { server, 'lsp' },
    settings = settings,
    on_attach = function(client, bufnr)
      table.insert(attaches, {
        client = client.id,
        name = client.name,
        buf = vim.api.nvim_buf_get_name(bufnr),
      })
    end,
    _force_legacy = legacy or nil,
  })
  report.mode = amends.mode
  report.enabled = vim.lsp.is_enabled ~= nil and vim.lsp.is_enabled('amends') or false
  report.autocmds = #vim.api.nvim_get_autocmds({ group = 'amends', event = 'FileType' })
  report.has_restart_command = vim.fn.exists(':AmendsRestart') == 2
  report.early_filetype, report.early, report.early_clients =
    checked(early, 'diagnostics for the draft opened before setup()')

  step('open the draft')
  local draft = open(assert(env('AMENDS_DRAFT')))
  report.filetype, report.first, report.draft_clients = checked(draft, 'the first diagnostics')
  local ids = report.draft_clients
  local client = vim.lsp.get_client_by_id(ids[1] or -1)
  if client then
    report.root_dir = client.config.root_dir
    report.init_options = client.config.init_options
    report.encoding = client.offset_encoding
  end
  report.attaches = attaches

  step('a Markdown file in the project')
  local notes = open(assert(env('AMENDS_NOTES')))
  report.notes_filetype, report.notes, report.notes_clients =
    checked(notes, 'diagnostics for the Markdown file')

  step('a file amends does not check')
  local other = open(assert(env('AMENDS_OTHER')))
  report.other_filetype = vim.bo[other].filetype
  vim.wait(500, function()
    return false
  end, 20)
  report.other_clients = attached_clients(other)

  step('new settings')
  vim.cmd('buffer ' .. draft)
  local before = codes(report.first)
  local settings_2 = vim.fn.json_decode(assert(env('AMENDS_SETTINGS_2')))
  report.setup_2 = amends.setup({
    cmd = { server, 'lsp' },
    settings = settings_2,
    _force_legacy = legacy or nil,
  })
  report.resettled = settle(draft, 'diagnostics under the new settings', function(list)
    return codes(list)['ultimatum-threat'] == true
  end)
  report.resettled_clients = attached_clients(draft)
  report.had_ultimatum_before = before['ultimatum-threat'] == true

  step(':AmendsRestart')
  vim.cmd('AmendsRestart')
  local restarted = {}
  local ok = vim.wait(wait_ms, function()
    restarted = attached_clients(draft)
    return #restarted == 1 and restarted[1] ~= ids[1]
  end, 20)
  report.restarted_clients = restarted
  if ok then
    report.after_restart = settle(draft, 'diagnostics from the restarted server', any, restarted[1])
  end

  step(':checkhealth amends')
  local health_ok, health_err = pcall(vim.cmd, 'checkhealth amends')
  report.health_error = not health_ok and tostring(health_err) or nil
  report.health = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  pcall(vim.cmd, 'bwipeout!')

  step(':help')
  report.help = {}
  local tags = {
    'amends',
    'amends.txt',
    'amends-options',
    'amends.setup()',
    ':AmendsRestart',
    'amends-settings',
    'amends-lspconfig',
    'amends-troubleshooting',
  }
  for _, tag in ipairs(tags) do
    local help_ok, help_err = pcall(vim.cmd, 'help ' .. tag)
    report.help[tag] = help_ok and vim.fn.expand('%:t') or tostring(help_err)
    pcall(vim.cmd, 'helpclose')
  end

  step('stop')
  for _, c in ipairs(get_clients({ name = 'amends' })) do
    vim.lsp.stop_client(c.id)
  end
  vim.wait(5000, function()
    return #get_clients({ name = 'amends' }) == 0
  end, 20)
end

local ok, err = xpcall(scenario == 'too-old' and too_old or run, debug.traceback)
if not ok then
  report.error = tostring(err)
end
local out = assert(io.open(assert(env('AMENDS_OUT'), 'AMENDS_OUT not set'), 'w'))
out:write(vim.fn.json_encode(report))
out:close()
vim.cmd('qall!')
