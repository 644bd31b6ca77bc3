# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail, expect).
# Issue 14: `cible mesures --modele` writes the measures template a
# coordinator fills; filled, it is read back by --mesures and gives the
# figures the same measures give from another file; left empty, reading it
# is an error (E0306), never a silent zero.
M="$X/i14modele"
mkdir -p "$M"
C=tests/fixtures/i12_scen/contrat.cible
"$CIBLE" mesures --modele "$C" -o "$M/modele.csv" 2>/dev/null
# filled with the values of bas.csv, joined on contract, element and period
awk -F';' -v OFS=';' 'NR == FNR { if (FNR > 1) v[$1 FS $2 FS $3] = $4; next }
  FNR == 1 { print; next } { $4 = v[$1 FS $2 FS $3]; print }' \
  tests/fixtures/i12_scen/bas.csv "$M/modele.csv" >"$M/rempli.csv"
"$CIBLE" eval "$C" --mesures "$M/rempli.csv" 2>/dev/null | noprov >"$M/par_modele.txt"
"$CIBLE" eval "$C" --mesures tests/fixtures/i12_scen/bas.csv 2>/dev/null | noprov >"$M/par_bas.txt"
if [[ $(wc -l <"$M/modele.csv") == 4 ]] && grep -q '5 583,33 €' "$M/par_modele.txt" &&
  cmp -s "$M/par_modele.txt" "$M/par_bas.txt"; then
  record_pass i14_modele_rempli_relu
else
  record_fail i14_modele_rempli_relu "$(head -c 300 "$M/modele.csv") / $(diff "$M/par_modele.txt" "$M/par_bas.txt" | head -5)"
fi
expect i14_modele_vide_refuse 1 'erreur[E0306]: valeur vide pour « inclus_prorata » en an 1' \
  "$CIBLE" eval "$C" --mesures "$M/modele.csv"
expect i14_modele_sans_option 2 'mesures attend --modele' "$CIBLE" mesures "$C"
# the Excel flavour of the template is read back too (BOM, CRLF)
"$CIBLE" mesures --modele "$C" --csv-excel -o "$M/modele_excel.csv" 2>/dev/null
tr -d '\r' <"$M/modele_excel.csv" | sed '1s/^\xEF\xBB\xBF//' | cmp -s - "$M/modele.csv" &&
  head -c 3 "$M/modele_excel.csv" | od -An -tx1 | grep -q 'ef bb bf' &&
  record_pass i14_modele_excel || record_fail i14_modele_excel "$(head -c 200 "$M/modele_excel.csv" | od -c | head -3)"
true
