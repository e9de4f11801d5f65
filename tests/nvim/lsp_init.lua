-- Neovim (0.7+) headless driver for tests/cli/nvim_lsp.sh: a real editor runs `$FZLINT lsp` as
-- its language server for one report and writes down what it received.
--
-- Environment: FZLINT (binary), FZ_REPORT (report file), FZ_OUT (output prefix), FZ_DOCS_URI.
-- Output: $FZ_OUT.json — vim.diagnostic.get() after opening ("opened") and after an edit made
-- in the buffer ("edited"), plus hover and code-action answers; $FZ_OUT.tsv — one line per
-- diagnostic, "phase<TAB>code<TAB>lnum<TAB>col<TAB>end_lnum<TAB>end_col<TAB>severity<TAB>source"
-- (0-based line, 0-based BYTE columns: Neovim converts the server's UTF-16 positions itself), and
-- "hover"/"action"/"exit" lines. The shell script checks them; this file only reports.
local fzlint = assert(os.getenv('FZLINT'), 'FZLINT not set')
local report = assert(os.getenv('FZ_REPORT'), 'FZ_REPORT not set')
local out = assert(os.getenv('FZ_OUT'), 'FZ_OUT not set')
local lines_out = {}
local function emit(...) table.insert(lines_out, table.concat({...}, '\t')) end
local function finish(code)
  vim.fn.writefile(lines_out, out .. '.tsv')
  vim.cmd((code == 0) and 'qall!' or ('cquit ' .. code))
end

vim.cmd('edit ' .. vim.fn.fnameescape(report))
local bufnr = vim.api.nvim_get_current_buf()
local exit_code = nil
local client_id = vim.lsp.start_client({
  name = 'fzlint',
  cmd = { fzlint, 'lsp' },
  root_dir = vim.fn.fnamemodify(report, ':p:h'),
  init_options = { docsUri = os.getenv('FZ_DOCS_URI') or '' },
  on_exit = function(code) exit_code = code end,
})
if not client_id then emit('error', 'start_client failed'); finish(3) end
vim.lsp.buf_attach_client(bufnr, client_id)

local function snapshot(phase)
  local ds = vim.diagnostic.get(bufnr)
  table.sort(ds, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    return tostring(a.code) < tostring(b.code)
  end)
  local list = {}
  for _, d in ipairs(ds) do
    emit(phase, tostring(d.code), d.lnum, d.col, d.end_lnum, d.end_col, d.severity, tostring(d.source))
    table.insert(list, { code = d.code, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum,
                         end_col = d.end_col, severity = d.severity, source = d.source, message = d.message })
  end
  return list, ds
end

local function find(code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return d end
  end
end

local result = {}
-- 1. Diagnostics for the file as opened.
if not vim.wait(20000, function() return find('misused-term') ~= nil end, 20) then
  emit('error', 'no misused-term diagnostic within 20 s')
end
result.opened = snapshot('opened')
local before = find('misused-term')

-- 2. Type an Ext-B character right after the line's heading marker "（二）" (9 bytes): Neovim sends
-- an incremental didChange in UTF-16 units; the findings must move right by exactly that
-- character (4 bytes).
if before then
  vim.api.nvim_buf_set_text(bufnr, before.lnum, 9, before.lnum, 9, { '𪚥' })
  local moved = vim.wait(20000, function()
    local d = find('misused-term')
    return d ~= nil and d.col == before.col + 4
  end, 20)
  if not moved then emit('error', 'misused-term did not follow the edit') end
  result.edited = snapshot('edited')

  -- 3. Hover and code actions on the finding, as the editor would ask for them.
  local d = find('misused-term')
  local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1]
  local _, ch = vim.str_utfindex(line, d.col)  -- byte column → UTF-16 index (2nd result)
  local pos = { line = d.lnum, character = ch }
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr), position = pos }
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000)
  result.hover = hover
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then
      emit('hover', (r.result.contents.value:gsub('\n', ' ')))
    end
  end
  local ca_params = { textDocument = params.textDocument, range = { start = pos, ['end'] = pos },
                      context = { diagnostics = {} } }
  local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', ca_params, 10000)
  result.actions = actions
  for _, r in pairs(actions or {}) do
    for _, a in ipairs(r.result or {}) do
      local edits = a.edit and a.edit.changes and a.edit.changes[vim.uri_from_bufnr(bufnr)] or {}
      for _, e in ipairs(edits) do
        emit('action', a.title, e.range.start.line, e.range.start.character, e.range['end'].character, e.newText)
      end
    end
  end
end

-- 4. Orderly shutdown: shutdown + exit, the server must exit with 0.
vim.lsp.stop_client(client_id)
vim.wait(10000, function() return exit_code ~= nil end, 20)
emit('exit', tostring(exit_code))
vim.fn.writefile({ vim.fn.json_encode(result) }, out .. '.json')
finish(0)
