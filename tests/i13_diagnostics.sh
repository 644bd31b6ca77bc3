# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail).
# Issue 13, item 3: --diagnostics json and sarif say what the GNU text says
# (tests/i13_diagnostics.py compares the three forms of one run).
if command -v python3 >/dev/null 2>&1; then
  i=0
  while IFS= read -r c; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # the arguments of one run, word-split on purpose
    if python3 tests/i13_diagnostics.py "$CIBLE" $c >"$X/i13_diag_$i.out" 2>&1; then
      record_pass "i13_diagnostics_$i"
    else
      record_fail "i13_diagnostics_$i" "cible $c : $(head -c 400 "$X/i13_diag_$i.out")"
    fi
  done <<'RUNS'
check tests/fixtures/i13_diagnostics.cible
check tests/errors/e0430_signature.cible --signature
eval examples/cafe_cpts.cible
test tests/golden/exemple_echec.cible
check tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0304_indicateur_inconnu.csv
echeancier examples/cpts_echeancier.cible
RUNS
  expect i13_diagnostics_forme_inconnue 2 'forme de diagnostics inconnue : xml (texte, json ou sarif)' \
    "$CIBLE" check examples/cafe_cpts.cible --diagnostics xml
else
  record_fail i13_diagnostics "python3 absent : les diagnostics JSON et SARIF ne sont pas vérifiés"
fi
true
