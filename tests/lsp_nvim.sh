# Sourced by tests/i13_lsp.sh (X, CIBLE, record_pass, record_fail), or run
# alone: bash tests/lsp_nvim.sh [CIBLE].
# Issue 13: a real editor as the client of `cible lsp`. Headless Neovim
# (Debian's neovim, 0.7.2 or later) runs tests/lsp_nvim.lua, which attaches
# the server to a contract with an error and to examples/cafe_cpts.cible
# (its `mesures` block gives the hover its euros) laid out badly on
# purpose, and checks what Neovim received. Its lines are printed; without
# nvim a clear skip line is printed instead (nothing is counted).
lsp_nvim_run() {
  local cible=$1 work=$2
  if ! command -v nvim >/dev/null 2>&1; then
    echo "lsp_nvim : nvim absent, test de l'éditeur sauté (apt-get install neovim)"
    return 0
  fi
  mkdir -p "$work"
  cp tests/errors/e0100_i10_indicateur_mal_ecrit.cible "$work/erreur.cible"
  # cafe_cpts with the blanks cible fmt removes
  sed -e 's/^    poids 30 %/    poids    30 %/' -e 's/^  duree 5 ans/  duree   5 ans/' \
    examples/cafe_cpts.cible >"$work/cafe.cible"
  local abs_cible
  abs_cible=$(cd "$(dirname "$cible")" && pwd)/$(basename "$cible")
  CIBLE=$abs_cible WORK=$work STDLIB=$PWD/stdlib NVIM_TEST_OUT=$work/resultat.txt \
    HOME=$work XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state \
    timeout 120 nvim --headless --clean -n -c "luafile tests/lsp_nvim.lua" </dev/null \
    >"$work/nvim.log" 2>&1
  local rc=$?
  sed 's/^/lsp_nvim : /' "$work/resultat.txt" 2>/dev/null
  if [[ $rc -ne 0 ]] || ! grep -q '^fin : [0-9]* réussis, 0 échoués$' "$work/resultat.txt" 2>/dev/null; then
    echo "lsp_nvim : statut $rc ; journal de nvim :"
    head -c 2000 "$work/nvim.log"
    return 1
  fi
  return 0
}

if [[ -n ${X:-} ]] && declare -F record_pass >/dev/null; then
  if lsp_nvim_run "$CIBLE" "$X/lsp_nvim" >"$X/lsp_nvim.txt"; then
    cat "$X/lsp_nvim.txt"
    grep -q 'nvim absent' "$X/lsp_nvim.txt" || record_pass lsp_nvim
  else
    record_fail lsp_nvim "$(cat "$X/lsp_nvim.txt")"
  fi
else
  lsp_nvim_run "${1:-build/cible}" "$(mktemp -d)"
fi
