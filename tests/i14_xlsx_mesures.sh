# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail, noprov).
# Issue 14: measures read from an xlsx workbook (`--mesures FICHIER.xlsx`,
# src/data/xlsx_read.c). The template cible writes as a workbook is filled
# by openpyxl as a person would type the values of a CSV measures file
# (tests/xlsx_fill.py), then evaluated: the report must be the one the CSV
# file gives, figure for figure, in text and in JSON (provenance aside).
xm_py=$openpyxl_py
XM="$X/i14xlsxmes"
mkdir -p "$XM"
if [[ -z $xm_py ]]; then
  record_fail i14_xlsx_mesures "python3-openpyxl absent : le modèle xlsx n'est pas rempli"
else
  i=0
  while IFS='|' read -r files csv; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # the contract files, word-split on purpose
    "$CIBLE" mesures --modele $files --format xlsx -o "$XM/modele_$i.xlsx" 2>/dev/null
    "$xm_py" tests/xlsx_fill.py "$XM/modele_$i.xlsx" "$csv" "$XM/rempli_$i.xlsx" >"$XM/fill_$i.out" 2>&1
    ok=1
    # shellcheck disable=SC2086
    "$CIBLE" eval $files --mesures "$XM/rempli_$i.xlsx" 2>"$XM/x_$i.err" | noprov >"$XM/par_xlsx_$i.texte"
    # shellcheck disable=SC2086
    "$CIBLE" eval $files --mesures "$csv" 2>/dev/null | noprov >"$XM/par_csv_$i.texte"
    cmp -s "$XM/par_xlsx_$i.texte" "$XM/par_csv_$i.texte" || ok=0
    # JSON: every figure, without the provenance and the measures' file:line
    for m in "$XM/rempli_$i.xlsx" "$csv"; do
      # shellcheck disable=SC2086
      "$CIBLE" eval $files --mesures "$m" --format json 2>/dev/null | "$xm_py" -c '
import json, re, sys
d = json.load(sys.stdin)
del d["provenance"]
def norm(x):
    if isinstance(x, dict):
        return {k: norm(v) for k, v in x.items()}
    if isinstance(x, list):
        return [norm(v) for v in x]
    if isinstance(x, str) and x.startswith(sys.argv[1] + ":"):
        return "MESURES"
    return x
json.dump(norm(d), sys.stdout, indent=1, sort_keys=True)' "$m" >"$XM/json_$i.$(basename "$m")"
    done
    cmp -s "$XM/json_$i.rempli_$i.xlsx" "$XM/json_$i.$(basename "$csv")" || ok=0
    [[ -s $XM/json_$i.rempli_$i.xlsx ]] || ok=0
    if ((ok)) && [[ -s $XM/par_csv_$i.texte ]] && ! grep -q 'erreur' "$XM/x_$i.err"; then
      record_pass "i14_xlsx_mesures_$i"
    else
      record_fail "i14_xlsx_mesures_$i" "$files : $(cat "$XM/fill_$i.out") $(head -c 300 "$XM/x_$i.err") $(diff "$XM/par_xlsx_$i.texte" "$XM/par_csv_$i.texte" | head -6)"
    fi
    echo "i14_xlsx_mesures : $files : $(cat "$XM/fill_$i.out")"
  done <<'RUNS'
examples/cpg_2020.cible|examples/cpg_2020_mesures.csv
examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible|examples/cafe_cpts_mesures_an2.csv
tests/fixtures/i12_scen/contrat.cible|tests/fixtures/i12_scen/haut.csv
RUNS
  # left empty, the template is refused: E0306 on the sheet's row 2
  "$CIBLE" mesures --modele examples/cpg_2020.cible --format xlsx -o "$XM/vide.xlsx" 2>/dev/null
  expect i14_xlsx_mesures_vide 1 "vide.xlsx:2:" "$CIBLE" eval examples/cpg_2020.cible --mesures "$XM/vide.xlsx"
fi
true
