# tests/i11_data.sh: cible test at the speed of eval (issue 11, item 2).
#
# Sourced by tests/extra.sh (same variables and record_pass / record_fail).
# A contract of 300 indicators with one exemple block of 300 `attendu` lines,
# and one of 150 indicators for --bornes (450 probes). With GNU time, what
# `cible test` adds to the peak memory of `cible check` on the same file must
# stay under 20 KiB per `attendu` line and per probe (about 1.5 KiB measured
# on the optimised build, 6 under ASan: one evaluation per block and period,
# each probe's freed once printed). A sub-session rebuilt and re-evaluated per `attendu`
# took about 470 KiB per line; the evaluations of probes kept to the end of
# the run about 230 KiB per probe.

D11=$X/i11_data
mkdir -p "$D11"

# i11_gen N FILE [bornes]: N indicators in %, objective 75 %; without
# "bornes", one exemple block measuring each and expecting its attainment.
i11_gen() {
  awk -v n="$1" -v bornes="${3:-}" 'BEGIN {
    print "contrat bench \"Bench\" {"
    print "  periode 2020"
    print "  atteinte proportionnelle"
    print "  plafond 100 %"
    for (k = 1; k <= n; k++)
      printf "  indicateur i%d \"I\" {\n    unite %%\n    sens croissant\n    objectif 2020 : 75 %%\n  }\n", k
    if (bornes != "bornes") {
      print "  exemple \"tout\" {"
      print "    mesures 2020 {"
      for (k = 1; k <= n; k++)
        printf "      i%d : %d %%\n", k, 20 + (k * 37) % 80
      print "    }"
      for (k = 1; k <= n; k++) {
        v = (20 + (k * 37) % 80) / 75
        if (v > 1)
          v = 1
        printf "    attendu i%d 2020 : %.2f %%\n", k, v * 100
      }
      print "  }"
    }
    print "}"
  }' >"$2"
}

# i11_peak ARGS...: runs cible, prints its peak RSS in KiB. Under ASan, the
# memory freed is kept in quarantine (256 MiB by default) and would count as
# used: none is kept.
i11_peak() {
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0 \
    /usr/bin/time -f '%M' -o "$D11/peak" timeout 300 "$CIBLE" "$@" >"$D11/out" 2>/dev/null &&
    tail -n 1 "$D11/peak"
}

# i11_per NAME COUNT ARGS...: the peak of `cible ARGS` above that of
# `cible check FILE` (FILE: the last argument), per unit of COUNT, < 20 KiB.
i11_per() {
  local name=$1 count=$2 base with
  shift 2
  base=$(i11_peak check "${@: -1}")
  with=$(i11_peak "$@")
  if [[ -n $base && -n $with ]] && (((with - base) / count < 20)); then
    record_pass "$name"
  else
    record_fail "$name" \
      "pic ${base:-?} Kio pour check, ${with:-?} Kio pour $* : 20 Kio ou plus par unité (${count})"
  fi
}

i11_gen 300 "$D11/t300.cible"
i11_gen 150 "$D11/b150.cible" bornes
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
  i11_per i11_data_test_300_attendu_memoire 300 test "$D11/t300.cible"
  if grep -q '^300 passed, 0 failed$' "$D11/out"; then
    record_pass i11_data_test_300_attendu_reussis
  else
    record_fail i11_data_test_300_attendu_reussis "$(tail -n 3 "$D11/out")"
  fi
  i11_per i11_data_bornes_450_sondes_memoire 450 test --bornes "$D11/b150.cible"
  if [[ $(grep -c '^      mesure ' "$D11/out") == 450 ]]; then
    record_pass i11_data_bornes_450_sondes
  else
    record_fail i11_data_bornes_450_sondes "$(head -n 5 "$D11/out")"
  fi
else
  # a check that is skipped proves nothing
  record_fail i11_data_test_memoire \
    "GNU time n'est pas installé en /usr/bin/time (paquet Debian « time ») : mémoire non mesurée"
fi
true

# 24 000 indicators whose 4 objectives are all « a definir » (about 96 000
# warnings W0102) and an avenant: the warnings of each version are merged
# into the run's through a hash set, in linear time (about 2.5 s of CPU on
# the optimised build, 7 under ASan). A linear search of the run's
# diagnostics for each one took about 30 s of CPU before; the bound is on
# CPU time, not on the wall clock of a shared machine.
awk -v n=24000 'BEGIN {
    print "contrat w \"W\" {"
    print "  signature 2023-01-20"
    print "  duree 4 ans"
    print "  atteinte proportionnelle"
    for (k = 1; k <= n; k++) {
      printf "  indicateur i%d \"I\" {\n    unite %%\n    sens croissant\n", k
      for (y = 1; y <= 4; y++)
        printf "    objectif an %d : a definir\n", y
      print "  }"
    }
    print "}"
    print "avenant 1 au contrat w \"A\" {"
    print "  date 2024-01-20"
    print "  a partir de an 2"
    print "  indicateur i1 {"
    print "    objectif an 2 : 50 %"
    print "  }"
    print "}"
  }' >"$D11/w24000.cible"
(ulimit -t 20 && exec "$CIBLE" check "$D11/w24000.cible") >/dev/null 2>"$D11/w24000.err"
i11_rc=$?
if ((i11_rc == 0)) && grep -q '^cible: note: et 95949 autres avertissements non affichés$' "$D11/w24000.err"; then
  record_pass i11_data_fusion_96000_avertissements
else
  record_fail i11_data_fusion_96000_avertissements \
    "statut $i11_rc (plus de 20 s de CPU ?) : $(tail -n 2 "$D11/w24000.err")"
fi
true
