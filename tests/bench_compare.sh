#!/usr/bin/env bash
# tests/bench_compare.sh: time and peak memory of the commands that compare
# (`cible diff --mesures`, `cible test --bornes`) and of chains of avenants,
# each at three sizes, as run by `make bench` (issue 12: linear in their
# inputs).
#
#   bash tests/bench_compare.sh BUILD_DIR
#
# Generates with awk, in a temporary directory:
#   diff:   contract "dm" of N indicators (100 per axe, equal weights, a
#           variable envelope) over 2 civil years, a version B where every
#           tenth indicator has another objective, and a measures CSV of one
#           row per indicator and year; times `diff A B --mesures CSV`;
#   bornes: contract "bo" of N indicators over one year: each indicator has
#           an objective, and either a socle (atteinte lineaire) or a barème
#           sur taux of three tranches, a plafond of 120 % on every fifth;
#           times `test --bornes`;
#   chain:  contract "ch" of 100 indicators over 5 years, and K avenant files
#           (avenant k: `a partir de` year 2 to 5, one new objective; from the 400th
#           on, `remplace` an earlier change); times
#           `check` and `eval --mesures` of the contract and its K avenants.
# Each row: the best wall time of BENCH_RUNS runs (default 3; a run longer
# than BENCH_SLOW_MS, default 10 000 ms, is not repeated), the largest peak
# resident memory (GNU time as /usr/bin/time; "-" without it) and, from the
# second size on, the ratios of time and memory to the previous size (linear:
# the time ratio follows the size ratio). Every run is bounded by `ulimit -v`
# BENCH_MEM_LIMIT_MB (default 4096) and `timeout` BENCH_TIMEOUT seconds
# (default 120): a run beyond a bound prints "exceeded" in its row.
#
# Sizes: BENCH_DIFF_SIZES ("25000 50000 100000"), BENCH_BORNES_SIZES
# ("3000 10000 30000"), BENCH_CHAIN_SIZES ("10 100 1000"); an empty list
# skips the scenario. BENCH_KEEP=1 keeps the generated files.
#
# Exit status: 0 when every run succeeded or exceeded a bound, 1 when a
# command failed, 2 on a usage error or a missing binary.

set -u

if [[ $# -ne 1 || -z $1 ]]; then
  echo "usage: bash tests/bench_compare.sh BUILD_DIR" >&2
  exit 2
fi
BUILD=${1%/}
CIBLE=$BUILD/cible
RUNS=${BENCH_RUNS:-3}
SLOW_MS=${BENCH_SLOW_MS:-10000}
MEM_MB=${BENCH_MEM_LIMIT_MB:-4096}
TIMEOUT=${BENCH_TIMEOUT:-120}
DIFF_SIZES=${BENCH_DIFF_SIZES-25000 50000 100000}
BORNES_SIZES=${BENCH_BORNES_SIZES-3000 10000 30000}
CHAIN_SIZES=${BENCH_CHAIN_SIZES-10 100 1000}
export LC_ALL=C.UTF-8

if [[ ! -f $CIBLE || ! -x $CIBLE ]]; then
  echo "bench: $CIBLE not found or not executable: build it first (make BUILD=$BUILD)" >&2
  exit 2
fi
# the shared helpers: need_int, bounded runs, GNU time (bench_common.sh)
. "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"
need_int BENCH_RUNS "$RUNS" 1
need_int BENCH_SLOW_MS "$SLOW_MS" 0
need_int BENCH_MEM_LIMIT_MB "$MEM_MB" 1
need_int BENCH_TIMEOUT "$TIMEOUT" 1
for n in $DIFF_SIZES $BORNES_SIZES $CHAIN_SIZES; do
  need_int "a size" "$n" 1
done
if ! command -v timeout >/dev/null; then
  echo "bench: timeout (coreutils) is needed" >&2
  exit 2
fi

bench_workdir cible-bench-compare

# ------------------------------------------------------------- generators

# gen_diff N SHIFT FILE: contract "dm" of N indicators over 2021..2022,
# objective 60 + k mod 30 %, plus SHIFT points for every tenth indicator.
gen_diff() {
  awk -v n="$1" -v shift="$2" '
    BEGIN {
      print "contrat dm \"Contrat de test du diff\" {"
      print "  accord cpg"
      print "  periode 2021 a 2022"
      print "  variable 100 000 €"
      for (k = 1; k <= n; k++) {
        if (k % 100 == 1)
          printf "  axe a%d \"Axe %d\" {\n", int((k - 1) / 100) + 1, int((k - 1) / 100) + 1
        printf "    indicateur i%d \"Indicateur %d\" {\n", k, k
        print "      unite %"
        print "      sens croissant"
        o = 60 + k % 30 + (k % 10 == 0 ? shift : 0)
        printf "      objectif 2021 : %d %%\n", o
        printf "      objectif 2022 : %d %%\n", o + 1
        print "    }"
        if (k % 100 == 0 || k == n)
          print "  }"
      }
      print "}"
    }' >"$3"
}

# gen_diff_measures N FILE: one row per indicator and year, 40 to 99 %.
gen_diff_measures() {
  awk -v n="$1" '
    BEGIN {
      print "contrat;indicateur;periode;valeur"
      for (y = 2021; y <= 2022; y++)
        for (k = 1; k <= n; k++)
          printf "dm;i%d;%d;%d %%\n", k, y, 40 + (k * 37 + y) % 60
    }' >"$2"
}

# gen_bornes N FILE: contract "bo" of N indicators over 2021 (see header).
gen_bornes() {
  awk -v n="$1" '
    BEGIN {
      print "contrat bo \"Contrat de test des bornes\" {"
      print "  accord cpg"
      print "  periode 2021"
      print "  variable 100 000 €"
      for (k = 1; k <= n; k++) {
        if (k % 100 == 1)
          printf "  axe a%d \"Axe %d\" {\n", int((k - 1) / 100) + 1, int((k - 1) / 100) + 1
        printf "    indicateur i%d \"Indicateur %d\" {\n", k, k
        print "      unite %"
        print "      sens croissant"
        if (k % 5 == 0)
          print "      plafond 120 %"
        if (k % 2) {
          print "      atteinte lineaire"
          printf "      socle 2021 : %d %%\n", 20 + k % 20
          printf "      objectif 2021 : %d %%\n", 60 + k % 30
        } else {
          printf "      objectif 2021 : %d,5 %%\n", 60 + k % 30
          print "      bareme sur taux {"
          print "        [0 % ; 50 %[   : 0 %"
          print "        [50 % ; 80 %[  : 50 %"
          print "        [80 % ; +inf[  : 100 %"
          print "      }"
        }
        print "    }"
        if (k % 100 == 0 || k == n)
          print "  }"
      }
      print "}"
    }' >"$2"
}

# gen_chain K DIR: contract DIR/ch.cible of 100 indicators over 2021..2025,
# its measures DIR/ch.csv, and K avenant files DIR/av_k.cible (avenant k
# from year 2022 + k mod 4, one new objective for that year), listed in
# DIR/list.
gen_chain() {
  mkdir -p "$2"
  awk -v na="$1" -v dir="$2" '
    BEGIN {
      f = dir "/ch.cible"
      print "contrat ch \"Contrat de test des avenants\" {" >f
      print "  accord cpg" >f
      print "  periode 2021 a 2025" >f
      print "  variable 100 000 €" >f
      print "  axe a1 \"Axe 1\" {" >f
      for (k = 1; k <= 100; k++) {
        printf "    indicateur i%d \"Indicateur %d\" {\n", k, k >f
        print "      unite %" >f
        print "      sens croissant" >f
        for (y = 2021; y <= 2025; y++)
          printf "      objectif %d : %d %%\n", y, 60 + (k + y) % 30 >f
        print "    }" >f
      }
      print "  }" >f
      print "}" >f
      close(f)
      m = dir "/ch.csv"
      print "contrat;indicateur;periode;valeur" >m
      for (y = 2021; y <= 2025; y++)
        for (k = 1; k <= 100; k++)
          printf "ch;i%d;%d;%d %%\n", k, y, 40 + (k * 37 + y) % 60 >m
      close(m)
      for (a = 1; a <= na; a++) {
        f = sprintf("%s/av_%d.cible", dir, a)
        # (indicator, year) pairs are distinct for the first 400 avenants;
        # a later one replaces the change of an earlier one
        y = 2022 + int(a / 100) % 4
        printf "avenant %d au contrat ch \"Avenant %d\" {\n", a, a >f
        printf "  date %d-01-01\n", y >f
        printf "  a partir de %d\n", y >f
        printf "  indicateur i%d { %sobjectif %d : %d %% }\n", 1 + a % 100, (a >= 400 ? "remplace " : ""),
          y, 50 + a % 40 >f
        print "}" >f
        close(f)
        print f >(dir "/list")
      }
    }'
}

# ---------------------------------------------------------------- measure

failed=0
FMT='%-44s %14s %9s %7s %7s %7s\n'
PREV_N='' PREV_US='' PREV_KB=''

# row LABEL N FIRST CMD...: measures CMD (size N) and prints its row; FIRST=1
# starts a new series (no ratio to a previous size).
row() {
  local label=$1 n=$2 first=$3 ms rn=- rt=- rm=-
  shift 3
  [[ $first == 1 ]] && PREV_N='' PREV_US='' PREV_KB=''
  measure "$@"
  ms=$(fmt_ms "$BEST_US")
  case $STATUS in
    ok)
      if [[ -n $PREV_N ]]; then
        rn=$(ratio "$n" "$PREV_N")
        rt=$(ratio "$BEST_US" "$PREV_US")
        rm=$(ratio "$PEAK_KB" "$PREV_KB")
      fi
      PREV_N=$n PREV_US=$BEST_US PREV_KB=$PEAK_KB
      ;;
    exceeded*) ms=$STATUS PREV_N='' ;;
    *) failed=1 ms=$STATUS PREV_N='' ;;
  esac
  # shellcheck disable=SC2059 # the format is ours
  printf "$FMT" "$label" "$ms" "$(fmt_mib "$PEAK_KB")" "$rn" "$rt" "$rm"
}

echo "bench: $CIBLE, best of $RUNS run(s), each bounded by ${MEM_MB} MiB and ${TIMEOUT} s${GNU_TIME:+, peak memory from GNU time}"
# shellcheck disable=SC2059
printf "$FMT" "command (size)" "wall ms" "peak MiB" "x size" "x time" "x mem"

first=1
for n in $DIFF_SIZES; do
  a=$WORK/diff_a_$n.cible b=$WORK/diff_b_$n.cible csv=$WORK/diff_$n.csv
  gen_diff "$n" 0 "$a"
  gen_diff "$n" 5 "$b"
  gen_diff_measures "$n" "$csv"
  row "diff --mesures, $n indicators" "$n" $first "$CIBLE" diff "$a" "$b" --mesures "$csv"
  first=0
  rm -f "$a" "$b" "$csv"
done

first=1
for n in $BORNES_SIZES; do
  c=$WORK/bornes_$n.cible
  gen_bornes "$n" "$c"
  row "test --bornes, $n indicators" "$n" $first "$CIBLE" test --bornes "$c"
  first=0
  rm -f "$c"
done

for cmd in check eval; do
  first=1
  for k in $CHAIN_SIZES; do
    dir=$WORK/chain_$k
    [[ -f $dir/list ]] || gen_chain "$k" "$dir"
    mapfile -t files <"$dir/list"
    if [[ $cmd == check ]]; then
      row "check, contract + $k avenants" "$k" $first "$CIBLE" check "$dir/ch.cible" "${files[@]}"
    else
      row "eval --mesures, contract + $k avenants" "$k" $first \
        "$CIBLE" eval "$dir/ch.cible" "${files[@]}" --mesures "$dir/ch.csv"
    fi
    first=0
  done
done
exit "$failed"
