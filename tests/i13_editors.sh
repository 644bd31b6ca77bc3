# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail).
# Issue 13, item 2: the editor files. tests/i13_editors.py checks the Vim
# syntax and the TextMate grammar against the scanner's keywords and the
# examples; headless Neovim (when installed) loads editors/vim on every
# example: file type detected, syntax set, no error message.
if command -v python3 >/dev/null 2>&1; then
  if python3 tests/i13_editors.py >"$X/i13_editors.out" 2>&1; then
    record_pass i13_editeurs_grammaires
  else
    record_fail i13_editeurs_grammaires "$(head -c 400 "$X/i13_editors.out")"
  fi
fi
if command -v nvim >/dev/null 2>&1; then
  for f in examples/*.cible stdlib/aci/cpts.cible; do
    out=$(timeout 30 nvim --headless -u NONE -i NONE --cmd 'set rtp^=editors/vim' \
      -c 'filetype plugin on' -c 'syntax on' -c "edit $f" \
      -c 'if &filetype !=# "cible" || get(b:, "current_syntax", "") !=# "cible" | cquit 3 | endif' \
      -c 'if synIDattr(synID(search("^\\s*\\zs\\(contrat\\|avenant\\|accord\\)\\>"), col("."), 1), "name") !=# "cibleKeyword" | cquit 4 | endif' \
      -c 'qall!' 2>&1)
    rc=$?
    if ((rc == 0)) && [[ -z $out ]]; then
      record_pass "i13_vim_syntaxe_$(basename "$f")"
    else
      record_fail "i13_vim_syntaxe_$(basename "$f")" "statut $rc : $(printf '%s' "$out" | head -c 300)"
    fi
  done
else
  echo "skipped: nvim absent (syntaxe Vim non chargée)"
fi
true
