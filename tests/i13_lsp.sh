# Sourced by tests/extra.sh (X, CIBLE, UPDATE, record_pass, record_fail).
# Issue 13, item 1: `cible lsp`, the language server.
#   - recorded exchanges: each tests/lsp/NAME.in (what the client sends, see
#     tests/lsp/run_lsp.py) played to the server, its normalised transcript
#     compared with tests/lsp/NAME.out (rewritten under UPDATE): malformed
#     and truncated frames, bad JSON, unknown methods, a request before
#     initialize, exit without shutdown must end cleanly, never hang;
#   - a real client: headless Neovim's LSP client (tests/lsp_nvim.sh), when
#     nvim is installed (a clear skip line otherwise).
if command -v python3 >/dev/null 2>&1; then
  for in in tests/lsp/*.in; do
    name=$(basename "$in" .in)
    out=tests/lsp/$name.out
    if ! python3 tests/lsp/run_lsp.py "$CIBLE" "$in" >"$X/lsp_$name.out" 2>"$X/lsp_$name.err"; then
      record_fail "lsp_$name" "run_lsp.py : $(head -c 400 "$X/lsp_$name.err")"
    elif [[ -n ${UPDATE:-} ]]; then
      cp "$X/lsp_$name.out" "$out"
      record_pass "lsp_$name"
    elif [[ ! -f $out ]]; then
      record_fail "lsp_$name" "$out absent (UPDATE=1 pour l'écrire)"
    elif ! cmp -s "$out" "$X/lsp_$name.out"; then
      record_fail "lsp_$name" "$(diff -u "$out" "$X/lsp_$name.out" | head -c 1500)"
    elif grep -q '^!!' "$out"; then
      record_fail "lsp_$name" "$(grep '^!!' "$out" | head -3)"
    else
      record_pass "lsp_$name"
    fi
  done
  for out in tests/lsp/*.out; do
    [[ -f ${out%.out}.in ]] || record_fail "lsp_$(basename "$out" .out)" "$out sans son .in"
  done
else
  record_fail lsp_echanges "python3 absent : les échanges LSP ne sont pas vérifiés"
fi
# A client that stops reading (EPIPE): SIGPIPE is ignored, the failed write
# ends the server, said on stderr, with status 2 (a write to stdout that
# failed, as for every command), within the timeout.
lsp_frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
{
  lsp_frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
  sleep 0.5
  for k in $(seq 2 400); do
    lsp_frame '{"jsonrpc":"2.0","id":'"$k"',"method":"inconnue"}'
  done
} | { timeout 20 "$CIBLE" lsp 2>"$X/lsp_epipe.err"; echo $? >"$X/lsp_epipe.rc"; } | true
if [[ $(cat "$X/lsp_epipe.rc") == 2 ]] && grep -q 'le client ne lit plus' "$X/lsp_epipe.err"; then
  record_pass lsp_client_disparu
else
  record_fail lsp_client_disparu "statut $(cat "$X/lsp_epipe.rc"), $(head -c 300 "$X/lsp_epipe.err")"
fi
if [[ -f tests/lsp_nvim.sh ]]; then
  source tests/lsp_nvim.sh
fi
true
