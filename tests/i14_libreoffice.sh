# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail, noprov).
# Issue 14: the workbooks in a real spreadsheet. When LibreOffice is
# installed (Debian's libreoffice-calc-nogui; .ci/run installs it), Calc
# run headless:
#  - opens the eval and echeancier workbooks cible writes and exports each
#    sheet as it shows it: every euro figure and payment date it displays
#    is the text report's (tests/libreoffice_check.py);
#  - imports French CSV measures files as a person types them into Calc
#    (language fr-FR: « 76,18 % » becomes the number 0.7618 shown as a
#    percentage, « 4 942 738 € » a number in euros) and saves them as xlsx:
#    cible reads that workbook and gives the report the CSV file gives;
#  - saves again, in its own xlsx writer, the template cible wrote and
#    openpyxl filled (tests/i14_xlsx_mesures.sh): same report.
# Calc runs with its own profile under the scratch folder, set to French
# (fr-FR): figures shown « 5 583,33 € » as a French user sees them.
if ! command -v soffice >/dev/null; then
  echo "skipped: LibreOffice absent (apt-get install libreoffice-calc-nogui)"
else
  L="$X/i14lo"
  mkdir -p "$L"
  # its own profile, set to French as a French user's Calc
  mkdir -p "$L/profil/user"
  cat >"$L/profil/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
</oor:items>
XCU
  calc() { # ARGS… : headless LibreOffice, its own profile, quiet
    (cd "$L" && HOME="$L" timeout 180 soffice --headless -env:UserInstallation="file://$L/profil" \
      "$@" >>"$L/soffice.log" 2>&1)
  }
  # every sheet exported as shown (; UTF-8, -1: one file per sheet)
  AS_SHOWN='csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1'
  lo_py=python3
  while IFS='|' read -r name cmd files; do
    # shellcheck disable=SC2086 # the contract files, word-split on purpose
    "$CIBLE" $cmd $files --format xlsx -o "$L/$name.xlsx" 2>/dev/null
    # shellcheck disable=SC2086
    "$CIBLE" $cmd $files >"$L/$name.txt" 2>/dev/null
    calc --convert-to "$AS_SHOWN" "$name.xlsx"
    # the sheets in the workbook's order, without « Provenance »
    sheets=()
    while IFS= read -r s; do
      [[ $s == Provenance || $s == Échéancier ]] && [[ $cmd == eval ]] && continue
      [[ $s == Provenance ]] && continue
      sheets+=("$L/$name-$s.csv")
    done < <("$openpyxl_py" -c 'import openpyxl, sys
print("\n".join(openpyxl.load_workbook(sys.argv[1], read_only=True).sheetnames))' "$L/$name.xlsx" 2>/dev/null)
    if "$lo_py" tests/libreoffice_check.py "$cmd" "$L/$name.txt" "${sheets[@]}" >"$L/$name.check" 2>&1; then
      record_pass "i14_calc_affiche_$name"
    else
      record_fail "i14_calc_affiche_$name" "$(head -c 500 "$L/$name.check") $(tail -c 300 "$L/soffice.log")"
    fi
    echo "i14_calc : $name : $(tail -n 1 "$L/$name.check")"
  done <<'RUNS'
cafe_cpts|eval|examples/cafe_cpts.cible
msp_exemple|eval|examples/msp_exemple.cible
cpg_2020|eval|examples/cpg_2020.cible --mesures examples/cpg_2020_mesures.csv
cpts_echeancier|echeancier|examples/cpts_echeancier.cible
RUNS
  # French CSV measures typed into Calc, saved as xlsx, read by cible
  i=0
  while IFS='|' read -r files csv; do
    i=$((i + 1))
    cp "$csv" "$L/saisie_$i.csv"
    calc --infilter='CSV:59,34,76,1,,1036,false,true' \
      --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$L/calc" "saisie_$i.csv"
    # shellcheck disable=SC2086
    "$CIBLE" eval $files --mesures "$L/calc/saisie_$i.xlsx" 2>"$L/saisie_$i.err" | noprov >"$L/saisie_$i.xlsx.txt"
    # shellcheck disable=SC2086
    "$CIBLE" eval $files --mesures "$csv" 2>/dev/null | noprov >"$L/saisie_$i.csv.txt"
    if [[ -s $L/saisie_$i.csv.txt ]] && cmp -s "$L/saisie_$i.xlsx.txt" "$L/saisie_$i.csv.txt"; then
      record_pass "i14_calc_saisie_$i"
    else
      record_fail "i14_calc_saisie_$i" "$files : $(head -c 300 "$L/saisie_$i.err") $(diff "$L/saisie_$i.xlsx.txt" "$L/saisie_$i.csv.txt" | head -6)"
    fi
  done <<'RUNS'
examples/cpg_2020.cible|examples/cpg_2020_mesures.csv
examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible|examples/cafe_cpts_mesures_an2.csv
RUNS
  # the template filled by openpyxl, saved again by Calc
  if [[ -s $X/i14xlsxmes/rempli_1.xlsx ]]; then
    cp "$X/i14xlsxmes/rempli_1.xlsx" "$L/rempli.xlsx"
    calc --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$L/calc" rempli.xlsx
    "$CIBLE" eval examples/cpg_2020.cible --mesures "$L/calc/rempli.xlsx" 2>"$L/rempli.err" | noprov >"$L/rempli.txt"
    "$CIBLE" eval examples/cpg_2020.cible --mesures examples/cpg_2020_mesures.csv 2>/dev/null | noprov >"$L/rempli_csv.txt"
    if [[ -s $L/rempli_csv.txt ]] && cmp -s "$L/rempli.txt" "$L/rempli_csv.txt"; then
      record_pass i14_calc_modele_reenregistre
    else
      record_fail i14_calc_modele_reenregistre "$(head -c 300 "$L/rempli.err") $(diff "$L/rempli.txt" "$L/rempli_csv.txt" | head -6)"
    fi
  else
    record_fail i14_calc_modele_reenregistre "le modèle rempli de tests/i14_xlsx_mesures.sh manque"
  fi
fi
true
