# tests/extra.sh: acceptance assertions of /work/shared/spec/EXPECTED.md.
#
# Sourced by tests/run.sh in a subshell from the repository root, with CIBLE,
# RUN_TMP, record_pass and record_fail available. Each figure of EXPECTED.md is
# checked on the evaluator's own output, independently of the golden files:
# one record_pass / record_fail per figure. Plain bash, grep and awk.

export LC_ALL=C.UTF-8
X=$RUN_TMP/extra
mkdir -p "$X"

# run NAME ARGS...: runs cible, stdout in $X/NAME, stderr in $X/NAME.err,
# records a failure if the exit status is not 0.
# A text report without its provenance block (the date, command and files
# it was made from, which differ between two runs on different files).
noprov() { sed '/^Établi le [0-9-]* par cible /,$d'; }

# The python3 that imports openpyxl (python3-openpyxl is the system's: another
# python3 may come first in PATH); empty when none does. The xlsx tests read
# and write workbooks with it.
openpyxl_py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' 2>/dev/null; then
    openpyxl_py=$p
    break
  fi
done

run() {
  local name=$1
  shift
  "$CIBLE" eval "$@" >"$X/$name" 2>"$X/$name.err"
  local rc=$?
  if ((rc != 0)); then
    record_fail "run_$name" "cible eval $* a rendu le statut $rc : $(head -c 400 "$X/$name.err")"
  fi
}

# line_of FILE ID: the first table line of element ID ("ID …" or "mission ID …").
line_of() {
  awk -v id="$2" '$1 == id || ($2 == id && $1 ~ /^(contrat|mission|axe|volet|part|fiche)$/) {
    print; exit }' "$1"
}

# has NAME FILE ID STRING: the line of ID contains STRING (fixed string).
has() {
  local l
  l=$(line_of "$2" "$3")
  if [[ -z $l ]]; then
    record_fail "$1" "aucune ligne pour « $3 » dans $(basename "$2")"
  elif grep -Fq -- "$4" <<<"$l"; then
    record_pass "$1"
  else
    record_fail "$1" "la ligne de « $3 » ne contient pas « $4 » : $l"
  fi
}

# hasre NAME FILE ID ERE: the line of ID matches the extended regex ERE.
hasre() {
  local l
  l=$(line_of "$2" "$3")
  if [[ -z $l ]]; then
    record_fail "$1" "aucune ligne pour « $3 » dans $(basename "$2")"
  elif grep -Eq -- "$4" <<<"$l"; then
    record_pass "$1"
  else
    record_fail "$1" "la ligne de « $3 » ne correspond pas à /$4/ : $l"
  fi
}

# infile NAME FILE STRING: FILE contains STRING somewhere (fixed string).
infile() {
  if grep -Fq -- "$3" "$2"; then
    record_pass "$1"
  else
    record_fail "$1" "« $3 » absent de $(basename "$2")"
  fi
}

# met / notmet NAME FILE ID: verdict in the last column of the line.
met() { hasre "$1" "$2" "$3" '  atteint( \(ratio non défini\))?$'; }
notmet() { hasre "$1" "$2" "$3" 'non atteint$'; }

# ---------------------------------------------------------------- cafe_cpts

run cafe examples/cafe_cpts.cible --periode 'an 1'
run cafe_json examples/cafe_cpts.cible --periode 'an 1' --format json
f=$X/cafe
for id in inclus_prorata inclus_bareme inclus_binaire; do
  hasre "cafe_${id}_objectif_mesure_ratio" "$f" "$id" "^ *$id +15 +10 +66,67 %"
  notmet "cafe_${id}_non_atteint" "$f" "$id"
done
hasre cafe_inclus_prorata_atteinte "$f" inclus_prorata '66,67 % +66,67 %'
has cafe_inclus_prorata_part "$f" inclus_prorata '50,00 %   5 000,00 €'
has cafe_inclus_prorata_verse "$f" inclus_prorata '3 333,33 €'
hasre cafe_inclus_bareme_atteinte "$f" inclus_bareme '66,67 % +66,67 %'
has cafe_inclus_bareme_tranche "$f" inclus_bareme '75,00 % ]50 % ; 75 %]'
has cafe_inclus_bareme_part "$f" inclus_bareme '30,00 %   3 000,00 €'
has cafe_inclus_bareme_verse "$f" inclus_bareme '2 250,00 €'
hasre cafe_inclus_binaire_atteinte_0 "$f" inclus_binaire '66,67 % +0,00 %'
has cafe_inclus_binaire_part "$f" inclus_binaire '20,00 %   2 000,00 €'
hasre cafe_inclus_binaire_verse_0 "$f" inclus_binaire ' 0,00 € +non atteint$'
has cafe_parcours_atteinte "$f" parcours '55,83 %'
has cafe_parcours_verse "$f" parcours '5 583,33 €'
has cafe_parcours_enveloppe "$f" parcours '10 000,00 €'
infile cafe_part_variable "$f" 'Part variable : 5 583,33 € sur 10 000,00 €'
infile cafe_periode_dates "$f" 'Période an 1 (du 20/01/2023 au 19/01/2024)'
infile cafe_json_exact_67_120 "$X/cafe_json" '"exact": "67/120"'
infile cafe_json_verse_exact "$X/cafe_json" '"exact": "558333/100"'

# ----------------------------------------------------------------- cpg_2020

run cpg examples/cpg_2020.cible --mesures examples/cpg_2020_mesures.csv --periode 2020
run cpg_json examples/cpg_2020.cible --mesures examples/cpg_2020_mesures.csv --periode 2020 --format json
f=$X/cpg
while read -r id ratio att; do
  [[ -n $id ]] || continue
  hasre "cpg_${id}_ratio_${ratio/,/_}_atteinte_${att/,/_}" "$f" "$id" \
    " ${ratio} % +${att} % "
done <<'EOF'
acs_c2s 117,40 100,00
pfidass 131,25 100,00
aci_msp 106,59 100,00
cpts_aci 66,67 66,67
assistants 145,00 100,00
prejudices 138,43 100,00
satisfaction_assures 81,91 81,91
satisfaction_ps 92,43 92,43
reiteration 78,02 78,02
satisfaction_employeurs 85,68 85,68
delai_fse 116,67 100,00
delai_c2s 119,18 100,00
delai_ij 79,79 79,79
carte_vitale 120,85 100,00
releve_ij 101,24 100,00
attestations 104,31 100,00
dmp 76,06 76,06
aat 94,21 94,21
certificats_atmp 106,85 100,00
dcmt 91,51 91,51
pse 94,93 94,93
edat 96,49 96,49
socle_rh 200,00 100,00
contact_tracing 108,96 100,00
reouverture 100,00 100,00
harmonisation_at 100,00 100,00
harmonisation_mp 111,11 100,00
validation_comptes 87,04 87,04
decroches 93,42 93,42
rct 92,31 92,31
delai_ame 170,45 100,00
EOF
has cpg_campagnes_neutralise "$f" campagnes 'neutralisé en 2020'
has cpg_campagnes_poids_redistribue "$f" campagnes 'poids redistribué'
hasre cpg_dispense_objectif_0_mesure_0 "$f" dispense '^ *dispense +0 % +0 % '
hasre cpg_dispense_ratio_non_defini_atteinte_100 "$f" dispense 'non défini +100,00 %'
met cpg_dispense_atteint "$f" dispense
has cpg_poids_egaux_1_32 "$f" acs_c2s '3,13 %'
infile cpg_global_94_08 "$f" 'Atteinte globale : 94,08 %'
infile cpg_json_global_exact "$X/cpg_json" \
  '"exact": "251763265825128516645712769/267614284982939830091520000"'
# a negative check means something only on a complete report: one line per
# indicator of the table above, then the global attainment
if ! grep -Fq 'Atteinte globale : ' "$f" || [[ -z $(line_of "$f" delai_ame) ]]; then
  record_fail cpg_pas_de_division_par_zero "rapport incomplet ou vide : $(head -c 200 "$f")"
elif grep -Eiq 'inf|nan|division' "$f"; then
  record_fail cpg_pas_de_division_par_zero "la sortie texte parle d'infini ou de division"
else
  record_pass cpg_pas_de_division_par_zero
fi

# ------------------------------------------------------------------ cog_gdr

for y in 2014 2015 2016 2017; do
  run "cog$y" examples/cog_gdr.cible --periode "$y"
done
# generated objectives (progression) and chained objectives (precedent)
while read -r y id obj; do
  [[ -n $y ]] || continue
  hasre "cog_${y}_${id}_objectif_${obj//[ ,%]/_}" "$X/cog$y" "$id" "^ *$id +$obj( |$)"
done <<'EOF'
2014 gini_mk 0,269
2015 gini_mk 0,268
2016 gini_mk 0,267
2017 gini_mk 0,266
2014 depassement_s2 53,6 %
2015 depassement_s2 52,1 %
2016 depassement_s2 50,6 %
2017 depassement_s2 49,1 %
2014 gestes_msap 43
2015 gestes_msap 48
2016 gestes_msap 53
2017 gestes_msap 58
2014 rosp 63,7 %
2015 rosp 65,7 %
2016 rosp 67,7 %
2017 rosp 69,7 %
2015 colorectal 32,8 %
2016 colorectal 31 %
2017 colorectal 30,3 %
EOF
# verdicts and ratios: year id met|nonmet ratio
while read -r y id v ratio; do
  [[ -n $y ]] || continue
  if [[ $v == met ]]; then
    met "cog_${y}_${id}_atteint" "$X/cog$y" "$id"
  else
    notmet "cog_${y}_${id}_non_atteint" "$X/cog$y" "$id"
  fi
  if [[ $ratio != - ]]; then
    has "cog_${y}_${id}_ratio_${ratio/,/_}" "$X/cog$y" "$id" "$ratio %"
  fi
done <<'EOF'
2014 gini_mk non 97,82
2015 gini_mk non 95,71
2016 gini_mk non 92,71
2014 depassement_s2 non 99,08
2015 depassement_s2 non 97,75
2016 depassement_s2 non 97,50
2014 vaccination non 92,20
2015 vaccination non 93,46
2016 vaccination non 87,78
2015 colorectal non 91,46
2016 colorectal non 94,52
2014 ces_precaires met 112,00
2015 ces_precaires met 115,00
2016 ces_precaires met 116,00
2016 satisfaction_cpam met -
2016 satisfaction_drsm non -
2015 adherents non 95,77
2015 part_ecart non 88,57
2016 adherents met 106,03
2016 part_ecart met 115,00
2014 gestes_msap met -
2015 gestes_msap met -
2016 gestes_msap met -
2015 ondam met 102,44
2016 ondam met 102,86
2014 rosp met -
2015 rosp met -
2016 rosp met 100,00
2015 generiques non 98,12
2016 generiques met 100,47
EOF
has cog_2014_ces_precaires_seuil "$X/cog2014" ces_precaires '> 50 %'
hasre cog_2014_gestes_msap_43_sur_43 "$X/cog2014" gestes_msap '^ *gestes_msap +43 +43 '
hasre cog_2015_gestes_msap_55_sur_48 "$X/cog2015" gestes_msap '^ *gestes_msap +48 +55 '
hasre cog_2016_gestes_msap_55_sur_53 "$X/cog2016" gestes_msap '^ *gestes_msap +53 +55 '
hasre cog_2014_rosp_65_3 "$X/cog2014" rosp '63,7 % +65,3 %'
hasre cog_2015_rosp_68_3 "$X/cog2015" rosp '65,7 % +68,3 %'
hasre cog_2016_rosp_egalite_atteinte "$X/cog2016" rosp '67,7 % +67,7 %'
hasre cog_2015_ondam_2_05_sur_2_1 "$X/cog2015" ondam '≤ 2,1 % +2,05 %'
hasre cog_2016_ondam_1_75_sur_1_8 "$X/cog2016" ondam '≤ 1,8 % +1,75 %'
hasre cog_2015_adherents_718238 "$X/cog2015" adherents '750 000 +718 238'
hasre cog_2016_adherents_827000 "$X/cog2016" adherents '780 000 +827 000'
hasre cog_2016_satisfaction_cpam_86_4 "$X/cog2016" satisfaction_cpam '86 % +86,4 %'
hasre cog_2016_satisfaction_drsm_80_2 "$X/cog2016" satisfaction_drsm '86 % +80,2 %'
has cog_2015_sophia_toutes_non_atteint "$X/cog2015" sophia_adherents 'toutes : non atteint'
has cog_2016_sophia_toutes_atteint "$X/cog2016" sophia_adherents 'toutes : atteint'
has cog_2016_satisfaction_ps_toutes_non_atteint "$X/cog2016" satisfaction_ps 'toutes : non atteint'
has cog_2014_colorectal_a_definir "$X/cog2014" colorectal 'à définir'
has cog_2014_colorectal_mesure_affichee "$X/cog2014" colorectal '27,8 %'
has cog_2014_ondam_sans_objectif "$X/cog2014" ondam "pas d'objectif"
has cog_2014_generiques_sans_objectif "$X/cog2014" generiques "pas d'objectif"
has cog_2014_generiques_mesure_affichee "$X/cog2014" generiques '83,3 %'
for id in gini_mk depassement_s2 vaccination colorectal ces_precaires gestes_msap rosp generiques; do
  has "cog_2017_${id}_mesure_manquante" "$X/cog2017" "$id" 'mesure manquante'
done

# ------------------------------------------------------- interessement_2017

run inter examples/interessement_2017.cible --periode 2017
f=$X/inter
while read -r id att pts; do
  [[ -n $id ]] || continue
  hasre "interessement_${id}_atteinte_${att/,/_}_points_${pts/,/_}" "$f" "$id" \
    " $att % .* $pts pts$"
done <<'EOF'
prado 92,00 138
contacts 100,00 100
economies 81,50 81,5
ondam_medicaments 64,30 64,3
campagnes_mg 100,00 100
generiques 97,25 97,25
autres 88,00 308
EOF
has interessement_campagnes_mg_mesure_112 "$f" campagnes_mg '112 %'
hasre interessement_prado_poids_150 "$f" prado ' 150 pts +138 pts$'
hasre interessement_autres_poids_350 "$f" autres ' 350 pts +308 pts$'
hasre interessement_part_nationale "$f" nationale ' 350 pts +319,5 pts$'
hasre interessement_part_locale "$f" locale ' 300 pts +261,55 pts$'
hasre interessement_part_hors_gdr "$f" hors_gdr ' 350 pts +308 pts$'
hasre interessement_total "$f" interessement_2017 ' 1 000 pts +889,05 pts$'
infile interessement_points_889_05_sur_1000 "$f" 'Points : 889,05 sur 1 000 (88,91 %)'
infile interessement_global_88_91 "$f" 'Atteinte globale : 88,91 %'
# the checker rejects a file whose weights do not add up to the declared 1000
sed 's/poids 150 points/poids 140 points/' examples/interessement_2017.cible >"$X/inter_990.cible"
"$CIBLE" check "$X/inter_990.cible" >/dev/null 2>"$X/inter_990.err"
rc=$?
if ((rc == 1)) && grep -Fq 'erreur[E0204]' "$X/inter_990.err"; then
  record_pass interessement_poids_990_refuses_E0204
else
  record_fail interessement_poids_990_refuses_E0204 "statut $rc : $(head -c 300 "$X/inter_990.err")"
fi


# ------------------------------------------ drsm_bfc_2019 (written from seed 003)
# Hand derivation (seed 003 §2.3 regional numerators and denominators; the
# objectives and the socle are the example's own, illustrative):
#   medialog      13 630 / 14 246 = 95,676 % ; / 95 % = 100,71 % -> capped 100 %
#   reclamations  157 / 168 = 93,452 % ; / 95 % = 15700/15960 = 785/798 = 98,37 %
#   convocations  37 516 / 43 992 = 85,279 % ; / 85 % = 100,33 % -> 100 %
#   axe contacts  (1 + 785/798 + 1) / 3 = 2381/2394 = 99,46 %
#   rentes_delais lineaire (73,1 - 65) / (80 - 65) = 8,1/15 = 27/50 = 54,00 %
#   contract      (2381/2394 + 27/50) / 2 = 183688/239400 = 22961/29925 = 76,73 %
run drsm examples/drsm_bfc_2019.cible
has drsm_medialog_mesure "$X/drsm" medialog '95,68 %'
has drsm_medialog_ratio "$X/drsm" medialog '100,71 %'
has drsm_reclamations_ratio "$X/drsm" reclamations '98,37 %'
has drsm_convocations_mesure "$X/drsm" convocations '85,28 %'
has drsm_contacts_atteinte "$X/drsm" contacts '99,46 %'
has drsm_rentes_lineaire "$X/drsm" rentes_delais '54,00 %'
has drsm_global "$X/drsm" drsm_bfc_2019 '76,73 %'
"$CIBLE" eval examples/drsm_bfc_2019.cible --format json >"$X/drsm.json" 2>/dev/null
for frac in '"exact": "22961/29925"' '"exact": "2381/2394"' '"exact": "27/50"' '"exact": "785/798"'; do
  if grep -Fq -- "$frac" "$X/drsm.json"; then
    record_pass "drsm_json_${frac//[^0-9]/_}"
  else
    record_fail "drsm_json_${frac//[^0-9]/_}" "$frac absent du JSON"
  fi
done

# ------------------------------------------------------- all examples check

for ex in cafe_cpts cog_gdr interessement_2017 cpg_2020 drsm_bfc_2019; do
  "$CIBLE" check "examples/$ex.cible" >/dev/null 2>"$X/check_$ex.err"
  rc=$?
  if ((rc == 0)) && ! grep -q 'erreur' "$X/check_$ex.err"; then
    record_pass "check_${ex}_accepte"
  else
    record_fail "check_${ex}_accepte" "statut $rc : $(head -c 300 "$X/check_$ex.err")"
  fi
done

true

# ------------------------------------------- limits that need generated inputs
# E0003: a file over 64 MiB (sparse, so it costs no disk).
truncate -s 70M "$X/enorme.cible"
"$CIBLE" check "$X/enorme.cible" >/dev/null 2>"$X/enorme.err"
rc=$?
if ((rc == 1)) && grep -Fq 'erreur[E0003]: fichier trop grand : la limite est de 64 Mio' "$X/enorme.err"; then
  record_pass limite_fichier_E0003
else
  record_fail limite_fichier_E0003 "statut $rc : $(head -c 300 "$X/enorme.err")"
fi
rm -f "$X/enorme.cible"

# E0103: 20 000 nested `sinon si` exhaust the parser's stack, reported once.
{
  printf 'contrat t "T" {\n  periode 2020\n  donnee d "D" {\n    valeur = '
  for ((i = 0; i < 20000; i++)); do printf 'si 1 alors 1 sinon\n'; done
  printf '0\n  }\n}\n'
} >"$X/sinon.cible"
"$CIBLE" check "$X/sinon.cible" >/dev/null 2>"$X/sinon.err"
rc=$?
if ((rc == 1)) && grep -Fq 'erreur[E0103]' "$X/sinon.err" && (($(grep -c 'erreur\[' "$X/sinon.err") == 1)); then
  record_pass limite_pile_E0103
else
  record_fail limite_pile_E0103 "statut $rc : $(head -c 300 "$X/sinon.err")"
fi

# E0310: a measures file with more than 1 000 bad rows stops reading there:
# 1 001 row errors and the E0310 summary, of which 50 are shown, 952 not.
{
  echo 'contrat;indicateur;periode;valeur'
  for ((i = 0; i < 1100; i++)); do echo "inconnu;x;2020;1"; done
} >"$X/mauvais.csv"
"$CIBLE" check tests/fixtures/csv_contrat.cible --mesures "$X/mauvais.csv" >/dev/null 2>"$X/mauvais.err"
rc=$?
if ((rc == 1)) && grep -Fq 'et 952 autres erreurs non affichées' "$X/mauvais.err"; then
  record_pass limite_csv_E0310
else
  record_fail limite_csv_E0310 "statut $rc : $(tail -c 300 "$X/mauvais.err")"
fi
true

# ------------------------------------------------------- échéanciers (issue 3)
# The figures of the issue and of examples/msp_exemple.cible (derived by hand
# in that file's comments), read on the CSV form of `cible echeancier`:
# contrat;date;periode;nature;objet;enveloppe;element;base;taux;prorata;montant;…

# pay NAME FILE DATE PERIODE NATURE ENVELOPPE MONTANT: a line with these fields
# (MONTANT empty: an amount to be determined).
pay() {
  if awk -F';' -v d="$3" -v p="$4" -v n="$5" -v e="$6" -v m="$7" '
       $2 == d && $3 == p && $4 == n && $6 == e && $11 == m { found = 1 }
       END { exit !found }' "$2"; then
    record_pass "$1"
  else
    record_fail "$1" "pas de versement $3 $4 $5 $6 = « $7 » dans $(basename "$2")"
  fi
}

# the Excel flavour: its amounts have a decimal comma, as EXPECTED.md writes them
"$CIBLE" echeancier examples/cpts_echeancier.cible --format csv --csv-excel 2>/dev/null | tr -d '\r' >"$X/ech_cpts.csv" ||
  record_fail ech_cpts_run "cible echeancier examples/cpts_echeancier.cible a échoué"
E=$X/ech_cpts.csv
pay ech_cpts_avance_demarrage "$E" 2023-07-01 "an 1" avance fixe 8342,47
pay ech_cpts_solde_an1 "$E" 2024-01-20 "an 1" solde fixe 2780,82
pay ech_cpts_avance_an2 "$E" 2024-01-20 "an 2" avance fixe 15000,00
pay ech_cpts_variable_an1 "$E" 2024-01-20 "an 1" part_variable variable 5583,33
pay ech_cpts_solde_an2 "$E" 2025-01-20 "an 2" solde fixe 5000,00
pay ech_cpts_avance_an3 "$E" 2025-01-20 "an 3" avance fixe 15000,00
pay ech_cpts_variable_an2 "$E" 2025-01-20 "an 2" part_variable variable ""
if grep -q '^cpts_echeancier;2025-01-20;an 2;part_variable;.*;a_determiner;.' "$E"; then
  record_pass ech_cpts_variable_an2_raison
else
  record_fail ech_cpts_variable_an2_raison "la part variable de l'an 2 ne dit pas pourquoi elle est à déterminer"
fi

# the Excel flavour: its amounts have a decimal comma, as EXPECTED.md writes them
"$CIBLE" echeancier examples/msp_exemple.cible --format csv --csv-excel 2>/dev/null | tr -d '\r' >"$X/ech_msp.csv" ||
  record_fail ech_msp_run "cible echeancier examples/msp_exemple.cible a échoué"
E=$X/ech_msp.csv
pay ech_msp_avance_2024 "$E" 2024-07-01 2024 avance variable 17894,75
pay ech_msp_solde_2024 "$E" 2025-04-30 2024 solde variable 12765,63
pay ech_msp_avance_2025 "$E" 2025-04-30 2025 avance variable 29925,00
pay ech_msp_solde_2025 "$E" 2026-04-30 2025 solde variable 18375,00
pay ech_msp_avance_2026 "$E" 2026-04-30 2026 avance variable 34177,50
pay ech_msp_reprise_2026 "$E" 2027-04-30 2026 reprise variable -34177,50
pay ech_msp_avance_2027 "$E" 2027-04-30 2027 avance variable ""

run msp examples/msp_exemple.cible
P=$X/msp
for pair in "2024:60 987,50" "2025:48 300,00" "2026:0,00"; do
  y=${pair%%:*} v=${pair#*:}
  if awk -v y="Période $y" -v v="Total versé : $v €" '$0 == y { on = 1 } on && index($0, v) == 1 { found = 1; exit }
       END { exit !found }' "$P"; then
    record_pass "msp_total_$y"
  else
    record_fail "msp_total_$y" "total $y attendu : $v €"
  fi
done

# ---- cible consolide: the consolidated text checks and evaluates like the
# contract given with its avenants (figures compared on the text report, file
# references removed).
consolidated() {
  local name=$1 csv=$2
  shift 2
  local m=()
  [[ -n $csv ]] && m=(--mesures "$csv")
  if ! "$CIBLE" consolide "$@" >"$X/$name.cible" 2>"$X/$name.cons.err"; then
    record_fail "consolide_$name" "cible consolide $* : $(head -c 400 "$X/$name.cons.err")"
    return
  fi
  if "$CIBLE" check "$X/$name.cible" >/dev/null 2>"$X/$name.check.err"; then
    record_pass "consolide_${name}_check"
  else
    record_fail "consolide_${name}_check" "$(head -c 400 "$X/$name.check.err")"
  fi
  "$CIBLE" eval "$@" "${m[@]}" 2>/dev/null | noprov | sed -E 's/ \([^()]*\.cible:[0-9]+\)//g' >"$X/$name.a"
  "$CIBLE" eval "$X/$name.cible" "${m[@]}" 2>/dev/null | noprov | sed -E 's/ \([^()]*\.cible:[0-9]+\)//g' >"$X/$name.b"
  if [[ -s $X/$name.a ]] && cmp -s "$X/$name.a" "$X/$name.b"; then
    record_pass "consolide_${name}_eval"
  else
    record_fail "consolide_${name}_eval" "$(diff "$X/$name.a" "$X/$name.b" | head -20)"
  fi
}
consolidated cafe examples/cafe_cpts_mesures_an2.csv examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible
consolidated cog_prado "" examples/cog_prado.cible examples/cog_prado_avenant1.cible
consolidated ajout "" tests/golden/avenant_ajout.cible
consolidated remplace "" tests/golden/avenant_remplace_retroactif.cible
consolidated a_partir_de "" tests/golden/a_partir_de_contrat.cible

# ---- cible fmt: idempotent on every contract file of the repository; a file
# that checks evaluates to the same bytes once formatted; fmt -w killed while
# writing leaves the original intact.
F=$X/fmt
mkdir -p "$F"
cp -R stdlib "$F/stdlib" # same relative library path on both sides
n_fmt=0
while IFS= read -r f; do
  mkdir -p "$F/$(dirname "$f")"
  if ! "$CIBLE" fmt "$f" >"$F/$f" 2>/dev/null; then
    continue # does not scan (tests of E00xx): nothing to format
  fi
  n_fmt=$((n_fmt + 1))
  if ! "$CIBLE" fmt "$F/$f" 2>/dev/null | cmp -s - "$F/$f"; then
    record_fail "fmt_idempotent_$f" "cible fmt n'est pas idempotent sur $f"
    continue
  fi
  "$CIBLE" check "$f" >/dev/null 2>&1
  rc1=$?
  (cd "$F" && "$CIBLE" check "$f" >/dev/null 2>&1)
  rc2=$?
  if ((rc1 != rc2)); then
    record_fail "fmt_check_$f" "cible check : statut $rc1 avant mise en forme, $rc2 après"
    continue
  fi
  if ((rc1 == 0)); then
    "$CIBLE" eval --stdlib stdlib "$f" 2>/dev/null | noprov >"$X/fmt_a"
    (cd "$F" && "$CIBLE" eval --stdlib stdlib "$f" 2>/dev/null) | noprov >"$X/fmt_b"
    if ! cmp -s "$X/fmt_a" "$X/fmt_b"; then
      record_fail "fmt_eval_$f" "$(diff "$X/fmt_a" "$X/fmt_b" | head -10)"
      continue
    fi
  fi
done < <(find examples tests -name '*.cible' | sort)
if ((n_fmt >= 90)); then
  record_pass fmt_idempotent_all
else
  record_fail fmt_idempotent_all "seulement $n_fmt fichiers mis en forme"
fi

# a large non-canonical file, rewritten by fmt -w killed halfway
for i in $(seq 1 3000); do cat tests/golden/fmt_desordre.cible; done >"$X/big.cible"
cp "$X/big.cible" "$X/big.orig"
exec 3>&2 2>/dev/null # the shell's own "Killed" report
(cd "$X" && CIBLE_FMT_TEST_KILL=1 "$CIBLE" fmt -w big.cible >/dev/null 2>&1)
rc=$?
exec 2>&3 3>&-
if ((rc == 137)) && cmp -s "$X/big.cible" "$X/big.orig"; then
  record_pass fmt_w_killed_keeps_original
else
  record_fail fmt_w_killed_keeps_original "statut $rc ; original $(cmp -s "$X/big.cible" "$X/big.orig" && echo intact || echo modifié)"
fi
rm -f "$X"/.cible-fmt-* # what SIGKILL leaves (no handler can run)
if (cd "$X" && "$CIBLE" fmt -w big.cible) && "$CIBLE" fmt --check "$X/big.cible" >/dev/null &&
  [[ -z $(find "$X" -maxdepth 1 -name '.cible-fmt-*') ]]; then
  record_pass fmt_w_rewrites
else
  record_fail fmt_w_rewrites "fmt -w n'a pas réécrit big.cible proprement"
fi

# expect NAME STATUS TEXT CMD...: runs CMD (stdout discarded, stderr in
# $X/NAME.err) and records NAME as passed when it exits with STATUS and its
# stderr contains TEXT (a fixed string), or, when TEXT is empty, no "erreur".
expect() {
  local name=$1 want=$2 text=$3 rc ok
  shift 3
  "$@" >/dev/null 2>"$X/$name.err"
  rc=$?
  if [[ -n $text ]]; then
    grep -Fq -- "$text" "$X/$name.err" && ok=1
  else
    grep -q 'erreur' "$X/$name.err" || ok=1
  fi
  if ((rc == want)) && [[ -n ${ok:-} ]]; then
    record_pass "$name"
  else
    record_fail "$name" "statut $rc : $(head -c 300 "$X/$name.err")"
  fi
}

# ------------------------------------------------------ unreadable inputs
# E0000 "permission refusée", exit 2. Tests usually run as root, whom chmod 000
# does not stop: then the run drops to user nobody with setpriv (util-linux),
# on a file in a directory nobody may enter; without setpriv, the test fails
# (a check that is skipped proves nothing: install util-linux).
perm_dir=$(mktemp -d "${TMPDIR:-/tmp}/cible-perm.XXXXXX")
chmod 755 "$perm_dir"
printf 'contrat t "T" {\n  periode 2020\n}\n' >"$perm_dir/secret.cible"
chmod 000 "$perm_dir/secret.cible"
as_user=()
if ((EUID == 0)); then
  if command -v setpriv >/dev/null 2>&1; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    as_user=(skip)
  fi
fi
if [[ ${as_user[0]:-} == skip ]]; then
  record_fail illisible_E0000_permission \
    "lancé en root sans setpriv (util-linux) : impossible de vérifier « permission refusée »"
else
  expect illisible_E0000_permission 2 \
    "cible: erreur[E0000]: impossible de lire « $perm_dir/secret.cible » : permission refusée" \
    "${as_user[@]}" "$CIBLE" check "$perm_dir/secret.cible"
fi
rm -rf "$perm_dir"

# A file that opens but fails to read (EIO: address 0 of /proc/self/mem).
if [[ -r /proc/self/mem ]]; then
  expect illisible_E0000_erreur_de_lecture 2 \
    'cible: erreur[E0000]: impossible de lire « /proc/self/mem » : erreur de lecture' \
    "$CIBLE" check /proc/self/mem
fi
true

# ------------------------------------------------- a 100 000-row measures file
# 500 indicators x 200 years, one CSV row each: read without a diagnostic, and
# (with GNU time) what the CSV adds to the peak memory stays under 1 500 bytes
# a row under ASan (about 540 measured: the exact value and location kept for
# each measure, plus ASan's redzones; a copy of every row or a per-row arena
# that is never reset would exceed it). `make bench` measures a million rows
# on the optimised build.
awk 'BEGIN {
    print "contrat big \"Gros\" {"
    print "  periode 1801 a 2000"
    for (k = 1; k <= 500; k++)
      printf "  indicateur i%d \"I\" {\n    unite patients\n    sens croissant\n    objectif 2000 : 10\n  }\n", k
    print "}"
  }' >"$X/big.cible"
awk 'BEGIN {
    print "contrat;indicateur;periode;valeur"
    for (y = 1801; y <= 2000; y++)
      for (k = 1; k <= 500; k++)
        printf "big;i%d;%d;%d,%d\n", k, y, k % 97, y % 10
  }' >"$X/big.csv"
peak_kb() { # peak_kb ARGS...: runs cible, prints its peak RSS in KiB
  /usr/bin/time -f '%M' -o "$X/peak" "$CIBLE" "$@" >/dev/null 2>/dev/null && tail -n 1 "$X/peak"
}
expect mesures_100000_lignes 0 '' "$CIBLE" check "$X/big.cible" --mesures "$X/big.csv"
# the same read as Windows-1252 (ASCII: the same bytes), in linear time: the
# line-length check once rescanned the text from its start for every line
expect mesures_100000_lignes_latin1 0 '' \
  timeout 60 "$CIBLE" check "$X/big.cible" --mesures "$X/big.csv" --encodage latin1
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
  base=$(peak_kb check "$X/big.cible")
  with=$(peak_kb check "$X/big.cible" --mesures "$X/big.csv")
  if [[ -n $base && -n $with ]] && (((with - base) * 1024 / 100000 < 1500)); then
    record_pass mesures_100000_lignes_memoire
  else
    record_fail mesures_100000_lignes_memoire \
      "pic ${base:-?} Kio sans le CSV, ${with:-?} Kio avec : plus de 1 500 octets par ligne"
  fi
else
  # a check that is skipped proves nothing
  record_fail mesures_100000_lignes_memoire \
    "GNU time n'est pas installé en /usr/bin/time (paquet Debian « time ») : mémoire non mesurée"
fi
true

# ------------------------------------------------------- no file written
# cible writes only to stdout and stderr: run from an empty directory with
# TMPDIR pointing at another empty one, both stay empty (check, eval in text
# and JSON, --explain, and a run that fails).
work_dir=$(mktemp -d "${TMPDIR:-/tmp}/cible-cwd.XXXXXX")
tmp_dir=$(mktemp -d "${TMPDIR:-/tmp}/cible-tmp.XXXXXX")
(
  cd "$work_dir" || exit 1
  export TMPDIR=$tmp_dir
  "$CIBLE" check "$ROOT/examples/cpg_2020.cible" --mesures "$ROOT/examples/cpg_2020_mesures.csv"
  "$CIBLE" eval "$ROOT/examples/cpg_2020.cible" --mesures "$ROOT/examples/cpg_2020_mesures.csv"
  "$CIBLE" eval "$ROOT/examples/cafe_cpts.cible" --format json
  "$CIBLE" eval "$ROOT/examples/cafe_cpts.cible" --explain inclus_bareme
  "$CIBLE" check "$ROOT/tests/errors/e0207_chevauchement.cible"
  exit 0
) >/dev/null 2>&1
left=$(find "$work_dir" "$tmp_dir" -mindepth 1 | head -n 5)
if [[ -z $left ]]; then
  record_pass aucun_fichier_ecrit
else
  record_fail aucun_fichier_ecrit "fichiers laissés : $left"
fi
rm -rf "$work_dir" "$tmp_dir"
true

# ---------------------------------------- --encodage and the standard library
# --encodage latin1 is about the user's files: an imported module of the
# standard library stays UTF-8. The module gets a comment with "Á" (C3 81 in
# UTF-8: 0x81 has no character in Windows-1252, so reading the library as
# Windows-1252 would give E0005); the contract is a Windows-1252 copy of
# examples/cpts_echeancier.cible (characters outside that code dropped).
mkdir -p "$X/lib/aci"
cp stdlib/aci/cpts.cible "$X/lib/aci/cpts.cible"
printf '# Á (C3 81 en UTF-8)\n' >>"$X/lib/aci/cpts.cible"
iconv -c -f UTF-8 -t WINDOWS-1252 examples/cpts_echeancier.cible >"$X/echeancier_1252.cible" 2>/dev/null
expect encodage_latin1_stdlib_utf8 0 '' \
  "$CIBLE" check --encodage latin1 --stdlib "$X/lib" "$X/echeancier_1252.cible"
true

# ---------------------------------------- no fixed-size buffer drops data
# Each former fixed limit, tried with ten times more elements. cible diff kept
# 256 nodes on its walk of the tree: with 3 000 indicators in one mission, a
# change of the first objective went unreported.
gen_mission() { # gen_mission OBJECTIVE_OF_i1 > FILE
  awk -v o="$1" 'BEGIN {
    print "contrat t \"T\" {\n  signature 2023-01-01\n  duree 1 an\n  mission m \"M\" {\n    variable 1 000 €"
    for (k = 1; k <= 3000; k++)
      printf "    indicateur i%d \"I\" {\n      sens croissant\n      objectif an 1 : %d\n    }\n", k, k == 1 ? o : 10
    print "  }\n}"
  }'
}
gen_mission 10 >"$X/diff3000_a.cible"
gen_mission 20 >"$X/diff3000_b.cible"
"$CIBLE" diff "$X/diff3000_a.cible" "$X/diff3000_b.cible" 2>"$X/diff3000.err" | noprov >"$X/diff3000"
if grep -Fxq '  objectif an 1 de i1 : 10 → 20' "$X/diff3000" &&
  [[ $(grep -c '^  ' "$X/diff3000") == 1 ]]; then
  record_pass i10_diff_3000_indicateurs
else
  record_fail i10_diff_3000_indicateurs "$(head -c 400 "$X/diff3000") $(head -c 200 "$X/diff3000.err")"
fi
# the money rows of 3 000 indicators: each one once, in linear time
awk 'BEGIN { print "contrat;indicateur;periode;valeur"
  for (k = 1; k <= 3000; k++) printf "t;i%d;an 1;%d\n", k, k % 20 }' >"$X/diff3000.csv"
timeout 60 "$CIBLE" diff "$X/diff3000_a.cible" "$X/diff3000_b.cible" --mesures "$X/diff3000.csv" \
  >"$X/diff3000m" 2>"$X/diff3000m.err"
n=$(grep -cE '^ +i[0-9]+ ' "$X/diff3000m")
if [[ $n == 3000 ]] && grep -Eq '^ +i1 ' "$X/diff3000m" && grep -Eq '^ +i3000 ' "$X/diff3000m"; then
  record_pass i10_diff_3000_montants
else
  record_fail i10_diff_3000_montants "$n lignes d'indicateur au lieu de 3000 : $(head -c 200 "$X/diff3000m.err")"
fi
# a contract imported 8 accords at most (E0220 beyond): 80 modules, the
# 80th one's error is reported where it is
mkdir -p "$X/lib80/m"
for k in $(seq 1 79); do printf 'accord a%d "A%d" {\n  arrondi au centime\n}\n' "$k" "$k" >"$X/lib80/m/m$k.cible"; done
printf 'accord a80 "A80" {\n  versement fixe {\n    avance 50 %% a chaque anniversaire\n  }\n}\n' >"$X/lib80/m/m80.cible"
{
  printf 'contrat t "T" {\n'
  for k in $(seq 1 80); do printf '  importe "m/m%d"\n' "$k"; done
  printf '  periode 2020\n}\n'
} >"$X/imp80.cible"
expect i10_importe_80_modules 1 "m80.cible:2:3: erreur[E0501]" \
  "$CIBLE" check --stdlib "$X/lib80" "$X/imp80.cible"
if ! grep -Fq 'm80.cible:2:3: erreur[E0501]' "$X/i10_importe_80_modules.err" ||
  grep -q 'E0220' "$X/i10_importe_80_modules.err"; then
  record_fail i10_importe_80_modules_sans_limite "$(head -c 300 "$X/i10_importe_80_modules.err")"
else
  record_pass i10_importe_80_modules_sans_limite
fi
true

# ------------------------------------ every write checked (issue 10, item 11)
source tests/i10_io.sh

# ------------------------------ fmt -w preserves files (issue 10, item 12)
source tests/i10_fmt_w.sh

# ------------------------------------------- importe without a library folder
# A copy of the program with no stdlib/ next to it and no CIBLE_STDLIB: an
# `importe` says that the library folder is missing, not that the module is.
mkdir -p "$X/sans_stdlib/a/b/bin"
cp "$CIBLE" "$X/sans_stdlib/a/b/bin/cible"
printf 'importe "aci/cpts"\n\ncontrat c "C" {\n  periode 2020\n}\n' >"$X/sans_stdlib/c.cible"
expect i10_importe_sans_stdlib 1 'erreur[E0220]: dossier de la bibliothèque standard introuvable pour « aci/cpts »' \
  env -u CIBLE_STDLIB "$X/sans_stdlib/a/b/bin/cible" check "$X/sans_stdlib/c.cible"
true

# --------------------------- the library, installed and embedded (issue 11)
source tests/i11_lib.sh
# --------------------- cible test at the speed of eval (issue 11, item 2)
source tests/i11_data.sh
true

# ------------- -o, the provenance of reports and cible verifie (issue 14)
source tests/i14_provenance.sh
true
# ------------------- diagnostics for machines: JSON and SARIF (issue 13)
source tests/i13_diagnostics.sh
true
# ------------------- CSV for a French spreadsheet, read back (issue 14)
source tests/i14_csv.sh
true
# ---------------------- the HTML relevé: well-formed, self-contained (issue 14)
source tests/html_check.sh
true
# --------------------- the HTML relevé in headless Chromium (issue 14)
source tests/browser.sh
true
# ------------------------------------------- cible lsp, the server (issue 13)
source tests/i13_lsp.sh
true
# --------------------------- the measures template, filled and read back (issue 14)
source tests/i14_modele.sh
true
# ------------------- xlsx workbooks read back by openpyxl (issue 14)
source tests/xlsx_check.sh
true
# ------------- measures read from an xlsx workbook, the template filled (issue 14)
source tests/i14_xlsx_mesures.sh
true
# ------------- the workbooks in LibreOffice Calc, headless (issue 14)
source tests/i14_libreoffice.sh
true
# ------------------------------ editor files: Vim, Neovim, VS Code (issue 13)
source tests/i13_editors.sh
true
# ----------------------- the TextMate grammar in VS Code's engine (issue 13)
source tests/textmate_check.sh
true
