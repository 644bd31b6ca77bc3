# Sourced by tests/extra.sh (X, BUILD, record_pass, record_fail).
# Issue 13: the VS Code TextMate grammar (editors/vscode) run by VS Code's
# own engine, vscode-textmate over vscode-oniguruma, on every contract of
# examples/ and stdlib/ (tests/textmate/check.js). The two npm packages
# (versions pinned in tests/textmate/package.json) are installed once into
# BUILD/textmate from the npm registry. Without Node.js and npm, or without
# the registry, the check is skipped and says so.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "skipped: node/npm absent (grammaire TextMate non vérifiée par vscode-textmate)"
else
  TM="$BUILD/textmate"
  mkdir -p "$TM"
  cp tests/textmate/package.json "$TM/package.json"
  if [[ -d $TM/node_modules/vscode-textmate ]] ||
    (cd "$TM" && timeout 180 npm install --no-audit --no-fund --silent >"$X/npm.log" 2>&1); then
    if NODE_PATH="$TM/node_modules" node tests/textmate/check.js >"$X/textmate.out" 2>&1; then
      record_pass i13_textmate_vscode
    else
      record_fail i13_textmate_vscode "$(head -c 600 "$X/textmate.out")"
    fi
  else
    echo "skipped: npm registry unreachable ($(tail -1 "$X/npm.log"))"
  fi
fi
true
