-- Neovim (0.7 and later): the .cible file type and `cible lsp` on its
-- buffers. Put editors/vim in the runtimepath for highlighting without the
-- server (see docs/editeurs.md), then, in init.lua:
--   require('cible').setup({ mesures = { 'mesures.csv' } })
-- with this file copied to ~/.config/nvim/lua/cible.lua.
local M = {}

function M.setup(opts)
  opts = opts or {}
  vim.cmd([[autocmd BufRead,BufNewFile *.cible setfiletype cible]])
  local cmd = { opts.chemin or 'cible', 'lsp' }
  if opts.stdlib then
    table.insert(cmd, '--stdlib')
    table.insert(cmd, opts.stdlib)
  end
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'cible',
    callback = function(args)
      -- one server for every cible buffer of the session
      if not M.client_id or vim.lsp.client_is_stopped(M.client_id) then
        M.client_id = vim.lsp.start_client({
          name = 'cible',
          cmd = cmd,
          root_dir = vim.fn.getcwd(),
          init_options = { mesures = opts.mesures or {} },
        })
      end
      if M.client_id then
        vim.lsp.buf_attach_client(args.buf, M.client_id)
      end
    end,
  })
end

return M
