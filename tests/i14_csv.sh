# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail).
# Issue 14, item 2: the Excel flavour of eval's CSV read back as a French
# spreadsheet reads it (tests/i14_csv_check.py), every figure against the
# JSON report of the same run.
if command -v python3 >/dev/null 2>&1; then
  i=0
  while IFS= read -r c; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # the arguments of one run, word-split on purpose
    if python3 tests/i14_csv_check.py "$CIBLE" $c >"$X/i14_csv_$i.out" 2>/dev/null; then
      record_pass "i14_csv_excel_relu_$i"
    else
      record_fail "i14_csv_excel_relu_$i" "cible eval $c : $(head -c 400 "$X/i14_csv_$i.out")"
    fi
  done <<'RUNS'
examples/cafe_cpts.cible
examples/msp_exemple.cible
examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible --mesures examples/cafe_cpts_mesures_an2.csv
examples/cpg_2020.cible --mesures examples/cpg_2020_mesures.csv
examples/cog_gdr.cible
tests/golden/i10_points_unite.cible
RUNS
else
  record_fail i14_csv_excel "python3 absent : le CSV Excel n'est pas relu"
fi
true
