-- amends for Neovim: starts `amends lsp` for apology-letter drafts. See `:h amends`.
--
-- Neovim 0.11 and later: `vim.lsp.config` + `vim.lsp.enable`.
-- Neovim 0.8 to 0.10: a FileType autocommand that calls `vim.lsp.start`.
-- Older versions get an error message from setup() and nothing else.

local M = {}

--- The client's name in `:checkhealth vim.lsp`, `vim.lsp.get_clients()` and the LSP log.
M.name = 'amends'

local AUGROUP = 'amends'

--- Options of setup() and their defaults (see `:h amends-options`).
local DEFAULTS = {
  cmd = { 'amends', 'lsp' },
  filetypes = { 'text', 'markdown', 'mail', 'letter' },
  settings = {},
  root_markers = { '.amends.toml', '.git' },
  on_attach = nil,
  capabilities = nil,
}

--- Every option setup() knows, with its type. `_force_legacy` is for the plugin's own
--- tests: it takes the 0.8 to 0.10 path on any version.
local OPTION_TYPES = {
  cmd = 'list',
  filetypes = 'list',
  settings = 'table',
  root_markers = 'list',
  on_attach = 'function',
  capabilities = 'table',
  _force_legacy = 'boolean',
}

--- The keys the server takes in its settings (the keys of `.amends.toml`, plus the two
--- that choose documents). Used only by `:checkhealth amends`: the server itself
--- reports unknown keys.
M.settings_keys = { 'partner', 'packs', 'levels', 'rules', 'allow', 'languages', 'extensions' }

--- The options in force after the last successful setup(), or nil.
M.options = nil
--- How the server is started: 'vim.lsp.enable' (0.11+), 'FileType autocmd' (0.8–0.10), or nil.
M.mode = nil

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

local function notify(message, level)
  vim.notify('amends: ' .. message, level or vim.log.levels.ERROR, { title = 'amends' })
end

local function is_list_of_strings(value)
  if type(value) ~= 'table' then
    return false
  end
  local n = 0
  for _ in pairs(value) do
    n = n + 1
  end
  for i = 1, n do
    if type(value[i]) ~= 'string' then
      return false
    end
  end
  return true
end

local function get_clients(filter)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(filter) -- 0.10+
  end
  return vim.lsp.get_active_clients(filter) -- 0.8, 0.9
end

--- Calls a method of a client object on any version (0.11 made them `client:method()`).
local function client_call(client, method, ...)
  if has('0.11') then
    return client[method](client, ...)
  end
  return client[method](...)
end

--- The options merged over the defaults, or nil and the reason.
local function resolve(user)
  if user ~= nil and type(user) ~= 'table' then
    return nil, 'setup() takes a table of options, not a ' .. type(user)
  end
  user = user or {}
  local unknown = {}
  for key in pairs(user) do
    if OPTION_TYPES[key] == nil then
      table.insert(unknown, tostring(key))
    end
  end
  if #unknown > 0 then
    table.sort(unknown)
    local known = vim.tbl_filter(function(k)
      return k:sub(1, 1) ~= '_'
    end, vim.tbl_keys(OPTION_TYPES))
    table.sort(known)
    -- Not fatal: the other options still apply, as the server does with unknown keys.
    notify(
      'unknown option(s) ' .. table.concat(unknown, ', ') .. ' ignored (options: '
        .. table.concat(known, ', ') .. '; the amends settings go under `settings`)',
      vim.log.levels.WARN
    )
  end
  local options = {}
  for key, kind in pairs(OPTION_TYPES) do
    local value = user[key]
    if value == nil then
      value = vim.deepcopy(DEFAULTS[key])
    elseif kind == 'list' then
      if not is_list_of_strings(value) or #value == 0 then
        return nil, ('option `%s` must be a non-empty list of strings'):format(key)
      end
    elseif type(value) ~= kind then
      return nil, ('option `%s` must be a %s, not a %s'):format(key, kind, type(value))
    end
    options[key] = value
  end
  return options
end

--- The nearest folder above the buffer's file that holds one of `markers`, or nil (the
--- server then works without a workspace folder, finding `.amends.toml` by itself).
local function find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return nil
  end
  local found = vim.fs.find(markers, { upward = true, path = vim.fs.dirname(name), limit = 1 })[1]
  return found and vim.fs.dirname(found) or nil
end

--- The client configuration setup() builds from its options.
local function client_config(options)
  local settings = vim.deepcopy(options.settings)
  return {
    name = M.name,
    cmd = options.cmd,
    filetypes = options.filetypes,
    root_markers = options.root_markers,
    -- The settings go both ways: as initializationOptions (read once, at start) and as
    -- the `amends` section the server asks for with workspace/configuration.
    init_options = next(settings) and settings or vim.empty_dict(),
    settings = { amends = settings },
    on_attach = options.on_attach,
    capabilities = options.capabilities,
  }
end

--- The configuration a new client for `bufnr` starts with, or nil when this buffer is
--- not one amends checks.
local function config_for(bufnr)
  local config
  if M.mode == 'vim.lsp.enable' then
    -- What vim.lsp.enable would start: ours, plus anything the user added with
    -- vim.lsp.config('amends', ...) or vim.lsp.config('*', ...).
    config = vim.deepcopy(vim.lsp.config[M.name])
  else
    config = client_config(M.options)
  end
  if not config or vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  if config.filetypes and not vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
    return nil
  end
  if config.root_dir == nil and config.root_markers then
    config.root_dir = find_root(bufnr, config.root_markers)
  end
  if M.mode ~= 'vim.lsp.enable' then
    -- Fields vim.lsp.start does not know on 0.8 to 0.10.
    config.filetypes = nil
    config.root_markers = nil
  end
  return config
end

--- Starts the server for `bufnr` (or attaches the running one). Returns the client id,
--- or nil when the buffer is not one amends checks.
function M.start(bufnr)
  if not M.options then
    return nil
  end
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local config = config_for(bufnr)
  if not config then
    return nil
  end
  if type(config.root_dir) == 'function' then
    -- 0.11's asynchronous form: root_dir(bufnr, on_dir).
    config.root_dir(bufnr, function(dir)
      config.root_dir = dir
      vim.schedule(function()
        vim.lsp.start(config, { bufnr = bufnr })
      end)
    end)
    return nil
  end
  return vim.lsp.start(config, { bufnr = bufnr })
end

--- The running amends clients.
function M.clients()
  return get_clients({ name = M.name })
end

--- Stops every amends client and starts one again for each buffer they were attached to
--- (or for the current buffer when none was running), with the options of the last
--- setup(). `:AmendsRestart` calls it. Returns how many buffers got a client.
function M.restart()
  if not M.options then
    notify('call require("amends").setup() first')
    return 0
  end
  local buffers = {}
  local stopping = {}
  for _, client in ipairs(M.clients()) do
    for bufnr in pairs(client.attached_buffers or {}) do
      buffers[bufnr] = true
    end
    table.insert(stopping, client.id)
    vim.lsp.stop_client(client.id)
  end
  if #stopping == 0 then
    buffers[vim.api.nvim_get_current_buf()] = true
  end
  local function all_stopped()
    for _, id in ipairs(stopping) do
      if vim.lsp.get_client_by_id(id) then
        return false
      end
    end
    return true
  end
  if not vim.wait(3000, all_stopped, 20) then
    for _, id in ipairs(stopping) do
      vim.lsp.stop_client(id, true)
    end
    vim.wait(2000, all_stopped, 20)
  end
  local started = 0
  for bufnr in pairs(buffers) do
    if vim.api.nvim_buf_is_loaded(bufnr) and M.start(bufnr) then
      started = started + 1
    end
  end
  notify(('restarted the server for %d buffer(s)'):format(started), vim.log.levels.INFO)
  return started
end

--- Hands new settings to running clients: the server asks for them again when it is
--- told they changed.
local function update_running(config)
  for _, client in ipairs(M.clients()) do
    client.config.settings = config.settings -- what 0.8 to 0.10 answer from
    if client.settings ~= nil then
      client.settings = config.settings -- what 0.11 answers from
    end
    local params = { settings = config.settings }
    client_call(client, 'notify', 'workspace/didChangeConfiguration', params)
  end
end

local function create_commands()
  vim.api.nvim_create_user_command('AmendsRestart', function()
    M.restart()
  end, { desc = 'Restart the amends language server' })
end

--- Configures the plugin and starts the server for matching buffers, now and later.
--- Calling it again replaces the options: new settings reach running servers at once,
--- a new `cmd` after `:AmendsRestart`. Returns true when the server is set up.
function M.setup(user)
  if not has('0.8') then
    local v = vim.version()
    notify(('this plugin needs Neovim 0.8 or later, and this is %d.%d.%d. Start the server '
      .. 'yourself instead (see README "Use it in your editor" and tests/nvim/e2e.lua).')
      :format(v.major, v.minor, v.patch))
    return false
  end
  local options, err = resolve(user)
  if not options then
    notify(err)
    return false
  end
  if vim.fn.executable(options.cmd[1]) ~= 1 then
    notify(
      ('cannot run `%s`: not found or not executable. Install amends with '
        .. '`cargo install --path .` in its source folder (so `amends` is on your PATH), '
        .. 'or give its full path: setup({ cmd = { "/path/to/amends", "lsp" } }). '
        .. 'See `:h amends-troubleshooting`.'):format(options.cmd[1])
    )
    return false
  end

  vim.filetype.add({ extension = { letter = 'letter' } })

  local legacy = options._force_legacy or not has('0.11')
  local config = client_config(options)
  M.options = options
  M.mode = legacy and 'FileType autocmd' or 'vim.lsp.enable'

  -- Only one of the two ways may be active (a second setup() may switch).
  local group = vim.api.nvim_create_augroup(AUGROUP, { clear = true })
  if legacy then
    if vim.lsp.enable and vim.lsp.is_enabled and vim.lsp.is_enabled(M.name) then
      vim.lsp.enable(M.name, false)
    end
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = options.filetypes,
      desc = 'Start the amends language server',
      callback = function(args)
        M.start(args.buf)
      end,
    })
  else
    -- Assigned, not merged: a second setup() replaces the first one's options.
    vim.lsp.config[M.name] = config
    vim.lsp.enable(M.name)
  end

  -- Buffers that were open before setup() (lazy loading). Attaching twice is harmless.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.start(bufnr)
    end
  end

  -- Drafts opened before setup() (lazy loading) missed the `letter` filetype: give it
  -- to them now, which starts the server for them like for any other buffer.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if
      vim.api.nvim_buf_is_loaded(bufnr)
      and vim.bo[bufnr].filetype == ''
      and vim.api.nvim_buf_get_name(bufnr):match('%.letter$')
    then
      vim.bo[bufnr].filetype = 'letter'
    end
  end

  update_running(config)
  create_commands()
  return true
end

return M
