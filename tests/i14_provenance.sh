# Sourced by tests/extra.sh (X, CIBLE, record_pass, record_fail, expect).
# Issue 14, item 3 and 4: `-o FICHIER` writes a report whole or not at all,
# every report states its provenance, and `cible verifie` checks an archived
# report against its files.

P="$X/i14p"
mkdir -p "$P"
cp examples/cafe_cpts.cible "$P/contrat.cible"

# ok NAME CONDITION-COMMAND… : pass when the command succeeds
ok() {
  local name=$1
  shift
  if "$@"; then record_pass "$name"; else record_fail "$name" "échec : $*"; fi
}

# -o: the report in the file, nothing on stdout, no temporary file left
(cd "$P" && "$CIBLE" eval contrat.cible -o releve.txt >stdout.txt 2>/dev/null)
rc=$?
ok i14_o_statut_0 test "$rc" = 0
ok i14_o_ecrit test -s "$P/releve.txt"
ok i14_o_rien_sur_stdout test ! -s "$P/stdout.txt"
ok i14_o_pas_de_temporaire bash -c "! ls -A '$P' | grep -q '^\.cible-'"
ok i14_o_identique_a_stdout bash -c "cd '$P' && '$CIBLE' eval contrat.cible 2>/dev/null | cmp -s - releve.txt"
# the text report ends with its provenance, sha256sum's lines
sum=$(sha256sum "$P/contrat.cible" | cut -d' ' -f1)
ok i14_provenance_texte grep -Fqx "  $sum  contrat.cible" "$P/releve.txt"
ok i14_provenance_commande grep -Eq '^Établi le [0-9]{4}-[0-9]{2}-[0-9]{2} par cible [0-9.]+ : cible eval contrat.cible$' "$P/releve.txt"

# -o on an error: the file is not made, an existing one is untouched
printf 'ancien\n' >"$P/garde.txt"
chmod 640 "$P/garde.txt"
(cd "$P" && printf 'contrat x {\n' >faux.cible && "$CIBLE" eval faux.cible -o garde.txt >/dev/null 2>&1)
ok i14_o_erreur_garde_le_fichier grep -Fqx ancien "$P/garde.txt"
(cd "$P" && "$CIBLE" eval faux.cible -o nouveau.txt >/dev/null 2>&1)
ok i14_o_erreur_pas_de_fichier test ! -e "$P/nouveau.txt"
# replacing a file keeps its mode
(cd "$P" && "$CIBLE" eval contrat.cible -o garde.txt >/dev/null 2>&1)
ok i14_o_garde_le_mode bash -c "[[ \$(stat -c %a '$P/garde.txt') == 640 ]] && grep -q 'Atteinte globale' '$P/garde.txt'"
expect i14_o_dossier_absent 2 'écriture impossible' "$CIBLE" eval "$P/contrat.cible" -o "$P/absent/r.txt"

# verifie: text, JSON, echeancier and diff reports made here verify
(cd "$P" && "$CIBLE" eval contrat.cible --format json -o releve.json 2>/dev/null &&
  "$CIBLE" echeancier contrat.cible -o echeancier.txt 2>/dev/null &&
  cp contrat.cible b.cible && "$CIBLE" diff contrat.cible b.cible -o diff.txt 2>/dev/null &&
  "$CIBLE" eval contrat.cible --format xlsx -o releve.xlsx 2>/dev/null &&
  "$CIBLE" echeancier contrat.cible --format xlsx -o echeancier.xlsx 2>/dev/null)
for r in releve.txt releve.json echeancier.txt diff.txt releve.xlsx echeancier.xlsx; do
  (cd "$P" && "$CIBLE" verifie "$r" >"verifie_$r.out" 2>&1)
  rc=$?
  if ((rc == 0)) && grep -Fqx 'Vérifié : le relevé correspond à ses fichiers.' "$P/verifie_$r.out"; then
    record_pass "i14_verifie_$r"
  else
    record_fail "i14_verifie_$r" "statut $rc : $(head -c 400 "$P/verifie_$r.out")"
  fi
done
# a figure changed in the report: the re-run differs
sed 's/5 583,33 €/5 583,34 €/' "$P/releve.txt" >"$P/falsifie.txt"
(cd "$P" && "$CIBLE" verifie falsifie.txt >verifie_falsifie.out 2>&1)
rc=$?
if ((rc == 1)) && grep -Fq 'le résultat diffère du relevé à partir de la ligne' "$P/verifie_falsifie.out"; then
  record_pass i14_verifie_chiffre_change
else
  record_fail i14_verifie_chiffre_change "statut $rc : $(head -c 400 "$P/verifie_falsifie.out")"
fi
# a figure changed in a workbook (by openpyxl, as a spreadsheet would)
if [[ -n $openpyxl_py ]]; then
    "$openpyxl_py" -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[wb.sheetnames[0]]
for row in ws.iter_rows():
    for c in row:
        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) and c.value > 1000:
            c.value += 0.01
wb.save(sys.argv[2])' "$P/releve.xlsx" "$P/falsifie.xlsx"
fi
(cd "$P" && "$CIBLE" verifie falsifie.xlsx >verifie_falsifie_xlsx.out 2>&1)
rc=$?
if ((rc == 1)) && grep -Fq 'le classeur recalculé diffère du relevé' "$P/verifie_falsifie_xlsx.out"; then
  record_pass i14_verifie_classeur_change
else
  record_fail i14_verifie_classeur_change "statut $rc : $(head -c 400 "$P/verifie_falsifie_xlsx.out")"
fi
expect i14_verifie_classeur_sans_provenance 1 "erreur[E0017]" "$CIBLE" verifie tests/fixtures/xlsx/ok.xlsx
# the contract changed since: named as modified
printf '\n# modifié\n' >>"$P/contrat.cible"
for r in releve.json releve.xlsx; do
  (cd "$P" && "$CIBLE" verifie $r >verifie_modifie_$r.out 2>&1)
  rc=$?
  if ((rc == 1)) && grep -Fq "modifié    contrat.cible (SHA-256 $(sha256sum "$P/contrat.cible" | cut -d' ' -f1), le relevé dit $sum)" "$P/verifie_modifie_$r.out"; then
    record_pass i14_verifie_fichier_modifie_$r
  else
    record_fail i14_verifie_fichier_modifie_$r "statut $rc : $(head -c 400 "$P/verifie_modifie_$r.out")"
  fi
done
# a file that is no report
expect i14_verifie_pas_un_releve 1 "examples/cafe_cpts.cible:1:1: erreur[E0017]" "$CIBLE" verifie examples/cafe_cpts.cible
true
