# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail, expect).
# Issue 14: `eval --format xlsx` read back by an independent reader
# (openpyxl, Debian's python3-openpyxl), every figure against the JSON
# report (tests/i14_xlsx_check.py). The python3 that has openpyxl is used
# (the system's, when another python3 comes first in PATH).
py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' 2>/dev/null; then
    py=$p
    break
  fi
done
if [[ -z $py ]]; then
  record_fail i14_xlsx "python3-openpyxl absent : le classeur n'est pas relu"
else
  i=0
  while IFS= read -r c; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # the arguments of one run, word-split on purpose
    if "$py" tests/i14_xlsx_check.py "$CIBLE" $c >"$X/i14_xlsx_$i.out" 2>/dev/null; then
      record_pass "i14_xlsx_relu_$i"
    else
      record_fail "i14_xlsx_relu_$i" "cible eval $c : $(head -c 400 "$X/i14_xlsx_$i.out")"
    fi
  done <<'RUNS'
examples/cafe_cpts.cible
examples/msp_exemple.cible
examples/cpg_2020.cible --mesures examples/cpg_2020_mesures.csv
examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible --mesures examples/cafe_cpts_mesures_an2.csv
tests/golden/i10_points_unite.cible
RUNS
fi
# on a terminal (a pseudo-terminal made by script, from util-linux): refused
if command -v script >/dev/null 2>&1; then
  script -qec "$CIBLE eval examples/cafe_cpts.cible --format xlsx" /dev/null >"$X/i14_xlsx_tty" 2>&1
  rc=$?
  if ((rc == 2)) && grep -q "un classeur xlsx ne s'écrit pas sur un terminal" "$X/i14_xlsx_tty"; then
    record_pass i14_xlsx_terminal
  else
    record_fail i14_xlsx_terminal "statut $rc : $(head -c 300 "$X/i14_xlsx_tty")"
  fi
fi
true
