#!/usr/bin/env bash
# tests/bench.sh: timing of `cible check` and `cible eval` on large contracts,
# as run by `make bench`.
#
#   bash tests/bench.sh BUILD_DIR
#
# For each size N (BENCH_SIZES, default "1000 3000 10000 30000" indicators),
# generates with awk a contract of N indicators in N/100 axes and a measures
# CSV with one row per indicator, then times
#   BUILD_DIR/cible check CONTRACT
#   BUILD_DIR/cible eval CONTRACT --mesures CSV --format json
# taking the best of BENCH_RUNS runs (default 3), and prints one table row per
# size: milliseconds for each command, microseconds of eval per indicator and,
# when GNU time is installed as /usr/bin/time, the peak resident memory of
# each command (from one extra run). Generated files live in a temporary
# directory removed on exit (BENCH_KEEP=1 keeps it and prints its path).
#
# Then the measures file: for BENCH_CSV_ROWS rows (default 1 000 000; 0
# skips it), a contract of rows/200 indicators over 200 civil years and a CSV
# of one row per indicator and year; it times `cible check CONTRACT` and
# `cible check CONTRACT --mesures CSV` and, with GNU time, prints the peak
# memory of each and their difference per row: what reading the CSV costs,
# which must stay proportional to the measures kept (each one's exact value
# and the location of its row, which points into the file's text), not grow
# with a copy of every row.
#
# Exit status: 0 when every run succeeded, 1 when a command failed, 2 on a
# usage error or a missing binary.

set -u

if [[ $# -ne 1 || -z $1 ]]; then
  echo "usage: bash tests/bench.sh BUILD_DIR" >&2
  exit 2
fi
BUILD=${1%/}
CIBLE=$BUILD/cible
SIZES=${BENCH_SIZES:-1000 3000 10000 30000}
CSV_ROWS=${BENCH_CSV_ROWS:-1000000}
RUNS=${BENCH_RUNS:-3}
export LC_ALL=C.UTF-8

if [[ ! -f $CIBLE || ! -x $CIBLE ]]; then
  echo "bench: $CIBLE not found or not executable: build it first (make BUILD=$BUILD)" >&2
  exit 2
fi
if ! [[ $RUNS =~ ^[1-9][0-9]*$ ]]; then
  echo "bench: BENCH_RUNS must be a positive integer, not '$RUNS'" >&2
  exit 2
fi
for n in $SIZES; do
  if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
    echo "bench: BENCH_SIZES must hold positive integers, not '$n'" >&2
    exit 2
  fi
done
if ! [[ $CSV_ROWS =~ ^[0-9]+$ ]]; then
  echo "bench: BENCH_CSV_ROWS must be a non-negative integer, not '$CSV_ROWS'" >&2
  exit 2
fi
if [[ -z ${SIZES// /} ]]; then
  echo "bench: BENCH_SIZES is empty" >&2
  exit 2
fi

# the work directory and GNU time (GNU_TIME)
. "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"
bench_workdir cible-bench

# gen_contract N FILE: N indicators, 100 per axe. Every third indicator counts
# days downwards; every fifth other one is linear with a floor (socle).
gen_contract() {
  awk -v n="$1" '
    function indicator(k) {
      printf "    indicateur i%d \"Indicateur %d\" {\n", k, k
      if (k % 3 == 0) {
        print "      unite jours"
        print "      sens decroissant"
        print "      objectif 2020 : 12,5 jc"
      } else {
        print "      unite %"
        print "      sens croissant"
        if (k % 5 == 0) {
          print "      atteinte lineaire"
          print "      objectif 2020 : 75 %"
          print "      socle 2020 : 40 %"
        } else {
          print "      objectif 2020 : 75 %"
        }
      }
      print "    }"
    }
    BEGIN {
      print "contrat bench \"Contrat de test de performance\" {"
      print "  accord cpg"
      print "  periode 2020"
      print "  atteinte proportionnelle"
      print "  plafond 100 %"
      for (k = 1; k <= n; k++) {
        if (k % 100 == 1) {
          a = int((k - 1) / 100) + 1
          print ""
          printf "  axe a%d \"Axe %d\" {\n", a, a
        }
        indicator(k)
        if (k % 100 == 0 || k == n)
          print "  }"
      }
      print "}"
    }' >"$2"
}

# gen_measures N FILE: one measure per indicator, French decimal commas;
# percentages spread over 20..99,5 %, days over 8..15,75.
gen_measures() {
  awk -v n="$1" '
    BEGIN {
      print "contrat;indicateur;periode;valeur"
      for (k = 1; k <= n; k++) {
        if (k % 3 == 0)
          printf "bench;i%d;2020;%d,%02d\n", k, 8 + k % 8, 25 * (k % 4)
        else
          printf "bench;i%d;2020;%d,5 %%\n", k, 20 + (k * 37) % 80
      }
    }' >"$2"
}

# measure_best LABEL CMD...: sets BEST_US (best of RUNS) and PEAK_KB ("" without
# GNU time); returns the command's failing status, after printing its stderr.
measure_best() {
  local label=$1 i t0 t1 us rc
  shift
  BEST_US='' PEAK_KB=''
  for ((i = 0; i < RUNS; i++)); do
    t0=$(now_us)
    "$@" >/dev/null 2>"$WORK/stderr" </dev/null
    rc=$?
    t1=$(now_us)
    if ((rc != 0)); then
      echo "bench: $label failed with status $rc: $*" >&2
      head -n 20 "$WORK/stderr" | sed 's/^/    /' >&2
      return "$rc"
    fi
    us=$((t1 - t0))
    if [[ -z $BEST_US ]] || ((us < BEST_US)); then
      BEST_US=$us
    fi
  done
  if [[ -n $GNU_TIME ]]; then
    "$GNU_TIME" -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>/dev/null </dev/null
    PEAK_KB=$(tail -n 1 "$WORK/rss")
  fi
  return 0
}

# fmt_per US N: microseconds per indicator with one decimal.
fmt_per() { awk -v u="$1" -v n="$2" 'BEGIN { printf "%.1f", u / n }'; }
# fmt_peak KB: MiB with one decimal, "-" when unknown.
fmt_peak() {
  if [[ -z $1 ]]; then
    echo "-"
  else
    awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'
  fi
}

echo "bench: $CIBLE, best of $RUNS run(s)${GNU_TIME:+, peak memory from GNU time}"
fmt='%12s %10s %10s %14s %12s %12s\n'
# (one more column byte for the two-byte µ: bash pads bytes, not characters)
# shellcheck disable=SC2059 # the format is ours
printf "${fmt/\%14s/%15s}" indicators "check ms" "eval ms" "eval µs/ind." "check peak" \
  "eval peak"

failed=0
for n in $SIZES; do
  contract=$WORK/bench_$n.cible
  csv=$WORK/mesures_$n.csv
  gen_contract "$n" "$contract"
  gen_measures "$n" "$csv"
  if ! measure_best "check ($n)" "$CIBLE" check "$contract"; then
    failed=1
    # shellcheck disable=SC2059
    printf "$fmt" "$n" failed - - - -
    continue
  fi
  check_us=$BEST_US check_kb=$PEAK_KB
  if ! measure_best "eval ($n)" "$CIBLE" eval "$contract" --mesures "$csv" --format json; then
    failed=1
    # shellcheck disable=SC2059
    printf "$fmt" "$n" "$(fmt_ms "$check_us")" failed - "$(fmt_peak "$check_kb")" -
    continue
  fi
  eval_us=$BEST_US eval_kb=$PEAK_KB
  # shellcheck disable=SC2059
  printf "$fmt" "$n" "$(fmt_ms "$check_us")" "$(fmt_ms "$eval_us")" \
    "$(fmt_per "$eval_us" "$n")" "$(fmt_peak "$check_kb")" "$(fmt_peak "$eval_kb")"
done

# ------------------------------------------------------------ measures file
if ((CSV_ROWS > 0)); then
  nind=$(((CSV_ROWS + 199) / 200))
  contract=$WORK/csv_bench.cible
  csv=$WORK/csv_bench.csv
  awk -v n="$nind" 'BEGIN {
      print "contrat big \"Contrat de test des mesures\" {"
      print "  periode 1801 a 2000"
      for (k = 1; k <= n; k++)
        printf "  indicateur i%d \"I\" {\n    unite patients\n    sens croissant\n    objectif 2000 : 10\n  }\n", k
      print "}"
    }' >"$contract"
  awk -v n="$nind" -v rows="$CSV_ROWS" 'BEGIN {
      print "contrat;indicateur;periode;valeur"
      r = 0
      for (y = 1801; y <= 2000 && r < rows; y++)
        for (k = 1; k <= n && r < rows; k++) {
          printf "big;i%d;%d;%d,%d\n", k, y, k % 97, y % 10
          r++
        }
    }' >"$csv"
  echo
  echo "bench: measures file of $CSV_ROWS rows ($(($(wc -c <"$csv") / 1024)) KiB), $nind indicators x 200 years"
  if measure_best "check contract" "$CIBLE" check "$contract" &&
    base_us=$BEST_US base_kb=$PEAK_KB &&
    measure_best "check --mesures" "$CIBLE" check "$contract" --mesures "$csv"; then
    printf '  contract alone:   %s ms, peak %s\n' "$(fmt_ms "$base_us")" "$(fmt_peak "$base_kb")"
    printf '  with the CSV:     %s ms, peak %s\n' "$(fmt_ms "$BEST_US")" "$(fmt_peak "$PEAK_KB")"
    if [[ -n $PEAK_KB && -n $base_kb ]]; then
      awk -v a="$base_kb" -v b="$PEAK_KB" -v r="$CSV_ROWS" \
        'BEGIN { printf "  CSV cost:         %.1f MiB, %.0f bytes per row\n", (b - a) / 1024, (b - a) * 1024 / r }'
    fi
  else
    failed=1
  fi
fi
exit "$failed"
