#!/usr/bin/env bash
# tests/bench_schedule.sh: timing of `cible echeancier`, as run by `make bench`.
#
#   bash tests/bench_schedule.sh BUILD_DIR
#
# For each number of missions M (BENCH_MISSIONS, default "100 1000 3000"),
# generates a CPTS contract of 20 contract years importing aci/cpts, with M
# missions each holding a fixed and a variable envelope, a start date and one
# indicator with an objective every year, plus measures for every mission and
# year, then times `cible echeancier CONTRACT --format csv` (best of
# BENCH_RUNS, default 3). Prints one row per size: missions, schedule lines,
# milliseconds, microseconds per line. Files live in a temporary directory.
set -u
if [[ $# -ne 1 || -z $1 ]]; then
  echo "usage: bash tests/bench_schedule.sh BUILD_DIR" >&2
  exit 2
fi
CIBLE=${1%/}/cible
SIZES=${BENCH_MISSIONS:-100 1000 3000}
RUNS=${BENCH_RUNS:-3}
YEARS=20
export LC_ALL=C.UTF-8
[[ -x $CIBLE ]] || { echo "bench: $CIBLE not found" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cible-bench-ech.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
printf '%-10s %-10s %-10s %-12s\n' missions lignes ms "µs/ligne"
for m in $SIZES; do
  f=$WORK/c$m.cible
  awk -v m="$m" -v y="$YEARS" 'BEGIN {
    print "contrat bench \"Bench échéancier\" {"
    print "  importe \"aci/cpts\""
    print "  signature 2020-01-20"
    print "  duree " y " ans"
    for (i = 1; i <= m; i++) {
      print "  mission m" i " \"Mission " i "\" {"
      printf "    demarrage 2020-%02d-%02d\n", (i % 11) + 2, (i % 28) + 1
      print "    fixe " (10000 + i) " €"
      print "    variable 5 000 €"
      print "    indicateur i" i " \"Indicateur " i "\" {"
      print "      sens croissant"
      for (k = 1; k <= y; k++) print "      objectif an " k " : 100"
      print "    }"
      print "  }"
    }
    print "}"
    for (k = 1; k <= y; k++) {
      print "mesures bench an " k " {"
      for (i = 1; i <= m; i++) print "  i" i " : " (50 + (i * k) % 60)
      print "}"
    }
  }' > "$f"
  best=
  for ((r = 0; r < RUNS; r++)); do
    t0=$(date +%s%N)
    "$CIBLE" echeancier "$f" --format csv > "$WORK/out.csv" 2> "$WORK/err" || {
      echo "bench: cible echeancier failed for $m missions: $(head -c 300 "$WORK/err")" >&2; exit 1; }
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    [[ -z $best || $ms -lt $best ]] && best=$ms
  done
  lines=$(( $(wc -l < "$WORK/out.csv") - 1 ))
  printf '%-10s %-10s %-10s %-12s\n' "$m" "$lines" "$best" "$(( best * 1000 / (lines ? lines : 1) ))"
done
