-- tests/lsp_nvim.lua: a real client of `cible lsp`, Neovim's own LSP client
-- (vim.lsp.start_client, Neovim 0.7+), run headless by tests/lsp_nvim.sh.
-- Opens a contract with an error and one with its measures, attaches the
-- server, and checks what Neovim received: the diagnostic's code, line and
-- message; a hover naming the euros an indicator pays; a definition landing
-- on the barème's line; a formatting edit equal to `cible fmt`; completion
-- items after `atteinte `. Writes one line per check (and what it saw) to
-- $NVIM_TEST_OUT, ending with "fin : N réussis, M échoués".
local cible = os.getenv('CIBLE')
local work = os.getenv('WORK')
local out = assert(io.open(os.getenv('NVIM_TEST_OUT'), 'w'))
local pass, fail = 0, 0
local function say(s) out:write(s .. '\n'); out:flush() end
local function check(name, ok, seen)
  if ok then pass = pass + 1; say('ok   ' .. name .. ' : ' .. seen)
  else fail = fail + 1; say('ÉCHEC ' .. name .. ' : ' .. seen) end
end
local function finish()
  say(string.format('fin : %d réussis, %d échoués', pass, fail))
  out:close()
  vim.cmd(fail == 0 and 'qa!' or 'cquit! 1')
end

local diags = {}
local client_id = vim.lsp.start_client({
  name = 'cible',
  cmd = { cible, 'lsp' },
  root_dir = work,
  init_options = { stdlib = os.getenv('STDLIB') },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      diags[result.uri] = result.diagnostics
      return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
    end,
  },
})
if not client_id then check('démarrage', false, 'vim.lsp.start_client a échoué'); return finish() end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  local uri = vim.uri_from_bufnr(buf)
  local got = vim.wait(10000, function() return diags[uri] ~= nil end, 20)
  return buf, uri, got
end

-- 1. diagnostics of a contract with a misspelt keyword
local ebuf, euri, got = open(work .. '/erreur.cible')
check('diagnostics reçus', got, got and (#diags[euri] .. ' diagnostic(s)') or 'rien en 10 s')
if got then
  local d = diags[euri][1] or {}
  say('     ' .. string.format('%s ligne %d : %s', tostring(d.code), (d.range and d.range.start.line or -2) + 1,
                              tostring(d.message)))
  check('diagnostic E0100', d.code == 'E0100', tostring(d.code))
  check('diagnostic à la ligne 4', d.range and d.range.start.line == 3, tostring(d.range and d.range.start.line + 1))
  check('message en français', type(d.message) == 'string' and d.message:find('indicatuer', 1, true) ~= nil,
        tostring(d.message))
  local vd = vim.diagnostic.get(ebuf)
  check('affiché par vim.diagnostic', #vd >= 1 and vd[1].lnum == 3, #vd .. ' diagnostic(s) dans le tampon')
end

local client = vim.lsp.get_client_by_id(client_id)
local function request(buf, method, params)
  local r, err = client.request_sync(method, params, 10000, buf)
  if not r then return nil, tostring(err) end
  if r.err then return nil, vim.inspect(r.err) end
  return r.result
end

-- 2. a contract with its measures: hover, definition, formatting, completion
local cbuf, curi, cgot = open(work .. '/cafe.cible')
check('contrat avec mesures ouvert', cgot, cgot and (#diags[curi] .. ' diagnostic(s)') or 'rien en 10 s')
local function line_of(buf, pat)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local c = l:find(pat)
    if c then return i - 1, c - 1, l end
  end
end
local hl, hc = line_of(cbuf, 'indicateur inclus_bareme')
local h, herr = request(cbuf, 'textDocument/hover',
  { textDocument = { uri = curi }, position = { line = hl, character = hc + 12 } })
local hv = h and h.contents and h.contents.value or ''
local paid = hv:match('verse [^\n]-€[^\n]*') or ''
say('     survol de inclus_bareme : ' .. (paid ~= '' and paid or (herr or hv)))
check('survol : ce que verse l\'indicateur, en euros', paid ~= '', paid)

local dl, dc = line_of(cbuf, 'bareme quarts$')
local bl = line_of(cbuf, 'bareme quarts "')
local def, derr = request(cbuf, 'textDocument/definition',
  { textDocument = { uri = curi }, position = { line = dl, character = dc + 8 } })
if def and def[1] then def = def[1] end
check('définition de « quarts » : la ligne du barème', def and def.range and def.range.start.line == bl,
      def and def.range and ('ligne ' .. (def.range.start.line + 1) .. ', attendue ' .. (bl + 1))
        or (derr or 'aucune'))

local edits, ferr = request(cbuf, 'textDocument/formatting',
  { textDocument = { uri = curi }, options = { tabSize = 2, insertSpaces = true } })
if edits and #edits > 0 then
  vim.lsp.util.apply_text_edits(edits, cbuf, 'utf-16')
  local mine = table.concat(vim.api.nvim_buf_get_lines(cbuf, 0, -1, false), '\n') .. '\n'
  local fmt = vim.fn.system({ cible, 'fmt', work .. '/cafe.cible' })
  check('mise en page : égale à cible fmt', mine == fmt,
        string.format('%d modification(s), %d lignes', #edits, vim.api.nvim_buf_line_count(cbuf)))
else
  check('mise en page : égale à cible fmt', false, ferr or 'aucune modification')
end

local al = line_of(cbuf, 'atteinte proportionnelle')
diags[curi] = nil
vim.api.nvim_buf_set_lines(cbuf, al, al + 1, false, { '      atteinte ' })
-- the didChange is sent (debounced), the server analyses and publishes
vim.wait(10000, function() return diags[curi] ~= nil end, 20)
local comp, cerr = request(cbuf, 'textDocument/completion',
  { textDocument = { uri = curi }, position = { line = al, character = 15 } })
local labels = {}
for _, it in ipairs((comp and (comp.items or comp)) or {}) do labels[#labels + 1] = it.label end
say('     complétion après « atteinte » : ' .. table.concat(labels, ', '))
check('complétion après « atteinte »', vim.tbl_contains(labels, 'proportionnelle') and
      vim.tbl_contains(labels, 'tout_ou_rien'), cerr or (#labels .. ' proposition(s)'))

client.stop()
vim.wait(5000, function() return client.is_stopped() end, 20)
finish()
