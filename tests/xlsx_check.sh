# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail, expect).
# Issue 14: the xlsx workbooks of eval and echeancier read back by openpyxl
# (tests/xlsx_check.py), every figure cell against the JSON report of the
# same run; an xlsx is refused on a terminal; the measures template as a
# workbook. Skipped, saying so, when python3-openpyxl is not installed.
xlsx_py=$openpyxl_py
if [[ -z $xlsx_py ]]; then
  record_fail i14_xlsx "python3-openpyxl absent : les classeurs xlsx ne sont pas relus (apt-get install python3-openpyxl)"
else
  i=0
  while IFS= read -r c; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # the arguments of one run, word-split on purpose
    if "$xlsx_py" tests/xlsx_check.py "$CIBLE" $c >"$X/xlsx_$i.out" 2>&1; then
      record_pass "i14_xlsx_relu_$i"
    else
      record_fail "i14_xlsx_relu_$i" "cible $c : $(head -c 600 "$X/xlsx_$i.out")"
    fi
  done <<'RUNS'
eval examples/cafe_cpts.cible
eval examples/msp_exemple.cible
eval examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible --mesures examples/cafe_cpts_mesures_an2.csv
eval examples/cpg_2020.cible --mesures examples/cpg_2020_mesures.csv
eval examples/cog_gdr.cible
eval tests/golden/i10_points_unite.cible
eval examples/cafe_cpts.cible examples/msp_exemple.cible
echeancier examples/cpts_echeancier.cible
echeancier examples/cafe_cpts.cible examples/cpts_echeancier.cible
mesures --modele examples/msp_exemple.cible
mesures --modele examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible
RUNS
  # with --scenario, one sheet per measure set and period, named after the set
  S=tests/fixtures/i12_scen
  "$CIBLE" eval $S/contrat.cible --scenario $S/bas.csv --scenario $S/haut.csv --format xlsx \
    -o "$X/xlsx_scen.xlsx" 2>/dev/null
  if "$xlsx_py" -c 'import openpyxl, sys
sys.exit(openpyxl.load_workbook(sys.argv[1]).sheetnames != ["bas an 1", "haut an 1", "Provenance"])' \
    "$X/xlsx_scen.xlsx" 2>"$X/xlsx_scen.err"; then
    record_pass i14_xlsx_scenarios
  else
    record_fail i14_xlsx_scenarios "$(head -c 300 "$X/xlsx_scen.err")"
  fi
fi
# never on a terminal: script(1) gives the command one
if command -v script >/dev/null 2>&1; then
  script -qec "$CIBLE eval examples/cafe_cpts.cible --format xlsx" /dev/null \
    </dev/null >"$X/xlsx_tty.out" 2>&1
  rc=$?
  if ((rc == 2)) && grep -q "un classeur xlsx ne s'écrit pas sur un terminal" "$X/xlsx_tty.out"; then
    record_pass i14_xlsx_terminal_refuse
  else
    record_fail i14_xlsx_terminal_refuse "statut $rc : $(tail -c 300 "$X/xlsx_tty.out")"
  fi
fi
# the same inputs give the same bytes (the workbook's date is the report's)
for k in 1 2; do
  SOURCE_DATE_EPOCH=1700000000 "$CIBLE" eval examples/cafe_cpts.cible --format xlsx \
    -o "$X/xlsx_repro_$k.xlsx" 2>/dev/null
  ((k == 1)) && sleep 1.1
done
if [[ -s $X/xlsx_repro_1.xlsx ]] && cmp -s "$X/xlsx_repro_1.xlsx" "$X/xlsx_repro_2.xlsx"; then
  record_pass i14_xlsx_reproductible
else
  record_fail i14_xlsx_reproductible "$(cmp "$X/xlsx_repro_1.xlsx" "$X/xlsx_repro_2.xlsx" 2>&1)"
fi
expect i14_xlsx_explain_refuse 2 "--explain ne s'écrit pas dans un classeur xlsx" \
  "$CIBLE" eval examples/cafe_cpts.cible --explain inclus_bareme --format xlsx -o "$X/xlsx_explain.xlsx"
expect i14_xlsx_format_diff 2 "format inconnu : xlsx" \
  "$CIBLE" diff examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible --format xlsx
true
