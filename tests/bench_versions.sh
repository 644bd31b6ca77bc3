#!/usr/bin/env bash
# tests/bench_versions.sh: time and peak memory of contracts that change over
# time (avenants, `a partir de`), of `cible test` and of sparse objectives, as
# run by `make bench` (issue 11's figures, before and after its redesign).
#
#   bash tests/bench_versions.sh BUILD_DIR
#
# Generates with awk, in a temporary directory, contracts of N indicators
# (100 per axe, 2 points each, an objective in % for every period: civil
# years from 1801) with a measures CSV of one row per indicator and period,
# and times these commands, one table row each:
#   a. 500 indicators x 200 periods: `eval --mesures` without avenant (the
#      baseline), then with two avenant files;
#   b. 1 000 indicators x 200 periods: the same without avenant (baseline),
#      with 25 and with 199 avenant files;
#      avenant k (of A) is `a partir de` year 1800 + 1 + k*P/(A+1), dated
#      the 1st of January of that year; from there it moves one point
#      between two indicators (poids 3 points / poids 1 points) and gives
#      BENCH_AV_OBJ (default 10) indicators a new objective for that year;
#   c. `cible test` of a contract of 1 000 indicators x 5 periods with one
#      `exemple` block holding the measures of the last period and one
#      `attendu` line per indicator (the script checks that all of them pass);
#      baseline: `cible eval` of that contract with the same measures in a CSV;
#   d. `check` and `eval --mesures` of 8 000 indicators x 20 periods, alone
#      (baseline) and with one avenant giving every indicator a new objective
#      for each period from the middle one on;
#   e. `check` and `eval --mesures` of 10 000 indicators x 20 periods whose
#      objectives are sparse: each indicator has objectives in 2 of the 20
#      periods, the measures CSV a row for those two periods only;
#   f. `check` of an avenant adding 20 000 indicators to an axe of a
#      contract of 100 (objectives from the middle period on), against
#      `check` of one contract of 20 100 indicators (linear: within 2x).
# Each row gives the best wall time of BENCH_RUNS runs (default 3; a command
# whose first run takes more than BENCH_SLOW_MS, default 10 000 ms, is run
# once), the largest peak resident memory of those runs (GNU time as
# /usr/bin/time; "-" without it), and, where the issue sets a target, the
# ratios of time and memory to the scenario's baseline and the target.
# Every run is bounded by `ulimit -v` BENCH_MEM_LIMIT_MB (default 12288 MiB)
# and `timeout` BENCH_TIMEOUT seconds (default 120): a run beyond a bound
# prints "exceeded" in its row instead of stopping the bench. A command that
# fails otherwise prints its status and the start of its standard error.
#
# Sizes, for a quick run:
#   BENCH_A_IND (500) BENCH_A_PER (200) BENCH_A_AVENANTS ("2")
#   BENCH_B_IND (1000) BENCH_B_PER (200) BENCH_B_AVENANTS ("25 199")
#   BENCH_C_IND (1000) BENCH_C_PER (5)
#   BENCH_D_IND (8000) BENCH_D_PER (20)
#   BENCH_E_IND (10000) BENCH_E_PER (20)
#   BENCH_F_IND (20000) BENCH_F_PER (4)
#   BENCH_SCENARIOS ("a b c d e f"): which scenarios to run.
# BENCH_KEEP=1 keeps the generated files and prints their directory.
#
# Exit status: 0 when every run succeeded or exceeded a bound, 1 when a
# command failed, 2 on a usage error or a missing binary.

set -u

if [[ $# -ne 1 || -z $1 ]]; then
  echo "usage: bash tests/bench_versions.sh BUILD_DIR" >&2
  exit 2
fi
BUILD=${1%/}
CIBLE=$BUILD/cible
RUNS=${BENCH_RUNS:-3}
SLOW_MS=${BENCH_SLOW_MS:-10000}
MEM_MB=${BENCH_MEM_LIMIT_MB:-12288}
TIMEOUT=${BENCH_TIMEOUT:-120}
AV_OBJ=${BENCH_AV_OBJ:-10}
A_IND=${BENCH_A_IND:-500} A_PER=${BENCH_A_PER:-200} A_AVS=${BENCH_A_AVENANTS:-2}
B_IND=${BENCH_B_IND:-1000} B_PER=${BENCH_B_PER:-200} B_AVS=${BENCH_B_AVENANTS:-25 199}
C_IND=${BENCH_C_IND:-1000} C_PER=${BENCH_C_PER:-5}
D_IND=${BENCH_D_IND:-8000} D_PER=${BENCH_D_PER:-20}
E_IND=${BENCH_E_IND:-10000} E_PER=${BENCH_E_PER:-20}
F_IND=${BENCH_F_IND:-20000} F_PER=${BENCH_F_PER:-4}
SCENARIOS=${BENCH_SCENARIOS:-a b c d e f}
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
need_int BENCH_AV_OBJ "$AV_OBJ" 0
need_int BENCH_A_IND "$A_IND" 2
need_int BENCH_B_IND "$B_IND" 2
need_int BENCH_C_IND "$C_IND" 1
need_int BENCH_D_IND "$D_IND" 1
need_int BENCH_E_IND "$E_IND" 1
need_int BENCH_F_IND "$F_IND" 1
need_int BENCH_A_PER "$A_PER" 2
need_int BENCH_B_PER "$B_PER" 2
need_int BENCH_C_PER "$C_PER" 1
need_int BENCH_D_PER "$D_PER" 2
need_int BENCH_E_PER "$E_PER" 2
need_int BENCH_F_PER "$F_PER" 2
for p in "$A_PER" "$B_PER" "$C_PER" "$D_PER" "$E_PER" "$F_PER"; do
  if ((p > 200)); then
    echo "bench: a contract has at most 200 periods, not $p" >&2
    exit 2
  fi
done
for a in $A_AVS; do
  need_int BENCH_A_AVENANTS "$a" 1
  ((a < A_PER)) || { echo "bench: $a avenants need more than $a periods" >&2; exit 2; }
done
for a in $B_AVS; do
  need_int BENCH_B_AVENANTS "$a" 1
  ((a < B_PER)) || { echo "bench: $a avenants need more than $a periods" >&2; exit 2; }
done
for s in $SCENARIOS; do
  if ! [[ $s =~ ^[a-f]$ ]]; then
    echo "bench: BENCH_SCENARIOS holds letters a to f, not '$s'" >&2
    exit 2
  fi
done
if ! command -v timeout >/dev/null; then
  echo "bench: timeout (coreutils) is needed" >&2
  exit 2
fi

bench_workdir cible-bench-versions

# ------------------------------------------------------------- generators

# gen_contract N P SPARSE FILE: contract "vb" of N indicators in axes of 100,
# `points 2N`, 2 points each, periods 1801 .. 1800+P. Objectives in % (60 to
# 89 %), for every period, or (SPARSE=1) for two periods per indicator:
# 1 + k mod P and 1 + (k + P/2) mod P.
gen_contract() {
  awk -v n="$1" -v p="$2" -v sparse="$3" '
    BEGIN {
      print "contrat vb \"Contrat de test des versions\" {"
      print "  accord cpg"
      printf "  periode 1801 a %d\n", 1800 + p
      printf "  points %d\n", 2 * n
      for (k = 1; k <= n; k++) {
        if (k % 100 == 1) {
          a = int((k - 1) / 100) + 1
          printf "  axe a%d \"Axe %d\" {\n", a, a
        }
        printf "    indicateur i%d \"Indicateur %d\" {\n", k, k
        print "      unite %"
        print "      sens croissant"
        print "      poids 2 points"
        if (sparse) {
          y1 = 1 + k % p
          y2 = 1 + (k + int(p / 2)) % p
          if (y2 < y1) { t = y1; y1 = y2; y2 = t }
          printf "      objectif %d : %d %%\n", 1800 + y1, 60 + (k + y1) % 30
          if (y2 != y1)
            printf "      objectif %d : %d %%\n", 1800 + y2, 60 + (k + y2) % 30
        } else {
          for (y = 1; y <= p; y++)
            printf "      objectif %d : %d %%\n", 1800 + y, 60 + (k + y) % 30
        }
        print "    }"
        if (k % 100 == 0 || k == n)
          print "  }"
      }
      print "}"
    }' >"$4"
}

# gen_measures N P SPARSE FILE: the measures CSV of gen_contract's contract:
# one row per indicator and period (or per objective when SPARSE=1), 40 to
# 99,5 %.
gen_measures() {
  awk -v n="$1" -v p="$2" -v sparse="$3" '
    function row(k, y) {
      printf "vb;i%d;%d;%d,%d %%\n", k, 1800 + y, 40 + (k * 37 + y) % 60, 5 * ((k + y) % 2)
    }
    BEGIN {
      print "contrat;indicateur;periode;valeur"
      if (sparse) {
        for (k = 1; k <= n; k++) {
          y1 = 1 + k % p
          y2 = 1 + (k + int(p / 2)) % p
          row(k, y1)
          if (y2 != y1)
            row(k, y2)
        }
      } else {
        for (y = 1; y <= p; y++)
          for (k = 1; k <= n; k++)
            row(k, y)
      }
    }' >"$4"
}

# gen_avenants N P A DIR: A avenant files DIR/av_K.cible for gen_contract's
# contract (see the header), and their list in DIR/list.
gen_avenants() {
  mkdir -p "$4"
  awk -v n="$1" -v p="$2" -v na="$3" -v nobj="$AV_OBJ" -v dir="$4" '
    BEGIN {
      for (k = 1; k <= na; k++) {
        f = sprintf("%s/av_%d.cible", dir, k)
        y = 1800 + 1 + int(k * p / (na + 1))
        printf "avenant %d au contrat vb \"Avenant %d\" {\n", k, k >f
        printf "  date %d-01-01\n", y >f
        printf "  a partir de %d\n", y >f
        # one point moves from the second indicator of a pair to the first
        i1 = (2 * (k - 1)) % n + 1
        i2 = (2 * (k - 1) + 1) % n + 1
        printf "  indicateur i%d { poids 3 points }\n", i1 >f
        printf "  indicateur i%d { poids 1 points }\n", i2 >f
        for (j = 0; j < nobj && j < n; j++) {
          t = (k * nobj + j) % n + 1
          printf "  indicateur i%d { objectif %d : %d %% }\n", t, y, 50 + (k + j) % 40 >f
        }
        print "}" >f
        close(f)
        print f >(dir "/list")
      }
    }'
}

# gen_avenant_all N P FILE: one avenant giving every indicator a new
# objective (55 to 94 %) for each period from 1800 + P/2 + 1 on.
gen_avenant_all() {
  awk -v n="$1" -v p="$2" '
    BEGIN {
      s = int(p / 2) + 1
      print "avenant 1 au contrat vb \"Nouveaux objectifs\" {"
      printf "  date %d-01-01\n", 1800 + s
      printf "  a partir de %d\n", 1800 + s
      for (k = 1; k <= n; k++) {
        printf "  indicateur i%d {\n", k
        for (y = s; y <= p; y++)
          printf "    objectif %d : %d %%\n", 1800 + y, 55 + (k + y) % 40
        print "  }"
      }
      print "}"
    }' >"$3"
}

# gen_avenant_adding N0 N P FILE: one avenant adding N indicators to
# gen_contract's contract of N0 (all in its axe a1, 2 points each, the
# contract's points raised to match) from period 1800 + P/2 + 1 on, with an
# objective for each period from there.
gen_avenant_adding() {
  awk -v n0="$1" -v n="$2" -v p="$3" '
    BEGIN {
      s = int(p / 2) + 1
      print "avenant 1 au contrat vb \"Nouveaux indicateurs\" {"
      printf "  date %d-01-01\n", 1800 + s
      printf "  a partir de %d\n", 1800 + s
      printf "  points %d\n", 2 * (n0 + n)
      print "  axe a1 {"
      for (k = 1; k <= n; k++) {
        printf "    indicateur n%d \"Nouvel indicateur %d\" {\n", k, k
        print "      unite %"
        print "      sens croissant"
        print "      poids 2 points"
        for (y = s; y <= p; y++)
          printf "      objectif %d : %d %%\n", 1800 + y, 60 + (k + y) % 30
        print "    }"
      }
      print "  }"
      print "}"
    }' >"$4"
}

# gen_test_contract N P CONTRACT CSV: contract "vb" of N indicators x P
# periods (objective 80 % every period) whose `exemple` gives the measures of
# the last period (41 to 99 %) and expects each indicator's attainment,
# min(m/80, 100 %) (exact to the hundredth); CSV holds the same measures for
# `cible eval`.
gen_test_contract() {
  awk -v n="$1" -v p="$2" -v csv="$4" '
    function m(k) { return 41 + k % 59 }
    BEGIN {
      last = 1800 + p
      print "contrat vb \"Contrat de test des exemples\" {"
      print "  accord cpg"
      printf "  periode 1801 a %d\n", last
      printf "  points %d\n", 2 * n
      for (k = 1; k <= n; k++) {
        if (k % 100 == 1) {
          a = int((k - 1) / 100) + 1
          printf "  axe a%d \"Axe %d\" {\n", a, a
        }
        printf "    indicateur i%d \"Indicateur %d\" {\n", k, k
        print "      unite %"
        print "      sens croissant"
        print "      poids 2 points"
        for (y = 1801; y <= last; y++)
          printf "      objectif %d : 80 %%\n", y
        print "    }"
        if (k % 100 == 0 || k == n)
          print "  }"
      }
      print ""
      printf "  exemple \"Mesures de %d\" {\n", last
      printf "    mesures %d {\n", last
      for (k = 1; k <= n; k++)
        printf "      i%d : %d %%\n", k, m(k)
      print "    }"
      # attainment m/80 = m * 1,25 % (two decimals, exact), at most the
      # default ceiling of 100 %
      for (k = 1; k <= n; k++) {
        c = m(k) * 125
        if (c > 10000)
          c = 10000
        printf "    attendu i%d %d : %d,%02d %%\n", k, last, int(c / 100), c % 100
      }
      print "  }"
      print "}"
      print "contrat;indicateur;periode;valeur" >csv
      for (k = 1; k <= n; k++)
        printf "vb;i%d;%d;%d %%\n", k, last, m(k) >csv
    }' >"$3"
}

# ---------------------------------------------------------------- measure

failed=0
FMT='%-44s %20s %9s %7s %7s  %s\n'
BASE_US='' BASE_KB=''

# row LABEL TARGET BASE CMD...: measures CMD and prints its row. BASE=base
# makes this run the baseline of the rows that follow; BASE=ratio prints the
# ratios to it; BASE=none prints neither.
row() {
  local label=$1 target=$2 base=$3 ms rt rm
  shift 3
  measure "$@"
  ms=$(fmt_ms "$BEST_US")
  rt=- rm=-
  case $STATUS in
    ok)
      if [[ $base == base ]]; then
        BASE_US=$BEST_US BASE_KB=$PEAK_KB
      elif [[ $base == ratio ]]; then
        rt=$(ratio "$BEST_US" "$BASE_US")
        rm=$(ratio "$PEAK_KB" "$BASE_KB")
      fi
      ;;
    exceeded*) ms=$STATUS ;;
    *)
      failed=1
      ms="$STATUS"
      [[ $base == base ]] && BASE_US='' BASE_KB=''
      ;;
  esac
  # shellcheck disable=SC2059 # the format is ours
  printf "$FMT" "$label" "$ms" "$(fmt_mib "$PEAK_KB")" "$rt" "$rm" "$target"
}

echo "bench: $CIBLE, best of $RUNS run(s), each bounded by ${MEM_MB} MiB and ${TIMEOUT} s${GNU_TIME:+, peak memory from GNU time}"
# shellcheck disable=SC2059
printf "$FMT" scenario "wall ms" "peak MiB" "x time" "x mem" target

for s in $SCENARIOS; do
  case $s in
    a | b)
      if [[ $s == a ]]; then
        n=$A_IND p=$A_PER avs=$A_AVS
      else
        n=$B_IND p=$B_PER avs=$B_AVS
      fi
      contract=$WORK/$s.cible csv=$WORK/$s.csv
      gen_contract "$n" "$p" 0 "$contract"
      gen_measures "$n" "$p" 0 "$csv"
      row "$s. $n ind. x $p per., eval, no avenant" "" base \
        "$CIBLE" eval "$contract" --mesures "$csv"
      for na in $avs; do
        gen_avenants "$n" "$p" "$na" "$WORK/${s}_av$na"
        mapfile -t files <"$WORK/${s}_av$na/list"
        row "$s. $n ind. x $p per., eval, $na avenants" "mem <= 2x" ratio \
          "$CIBLE" eval "$contract" "${files[@]}" --mesures "$csv"
      done
      ;;
    c)
      contract=$WORK/c.cible csv=$WORK/c.csv
      gen_test_contract "$C_IND" "$C_PER" "$contract" "$csv"
      row "c. $C_IND ind. x $C_PER per., eval of the measures" "" base \
        "$CIBLE" eval "$contract" --mesures "$csv"
      row "c. the same, test of $C_IND attendu" "< 1 s, < 100 MB" ratio \
        "$CIBLE" test "$contract"
      if [[ $STATUS == ok ]] && ! tail -n 1 "$WORK/first.out" | grep -q "^$C_IND passed, 0 failed"; then
        echo "bench: cible test did not pass its $C_IND attendu: $(tail -n 1 "$WORK/first.out")" >&2
        failed=1
      fi
      ;;
    d)
      contract=$WORK/d.cible csv=$WORK/d.csv av=$WORK/d_av.cible
      gen_contract "$D_IND" "$D_PER" 0 "$contract"
      gen_measures "$D_IND" "$D_PER" 0 "$csv"
      gen_avenant_all "$D_IND" "$D_PER" "$av"
      row "d. $D_IND ind. x $D_PER per., check, contract" "" base \
        "$CIBLE" check "$contract"
      row "d. check, avenant changing $D_IND ind." "within 2x" ratio \
        "$CIBLE" check "$contract" "$av"
      row "d. eval, contract" "" base \
        "$CIBLE" eval "$contract" --mesures "$csv"
      row "d. eval, avenant changing $D_IND ind." "within 2x" ratio \
        "$CIBLE" eval "$contract" "$av" --mesures "$csv"
      ;;
    e)
      contract=$WORK/e.cible csv=$WORK/e.csv
      gen_contract "$E_IND" "$E_PER" 1 "$contract"
      gen_measures "$E_IND" "$E_PER" 1 "$csv"
      row "e. $E_IND ind. x $E_PER per., sparse, check" "" none \
        "$CIBLE" check "$contract"
      row "e. $E_IND ind. x $E_PER per., sparse, eval" "" none \
        "$CIBLE" eval "$contract" --mesures "$csv"
      ;;
    f)
      whole=$WORK/f_whole.cible contract=$WORK/f.cible av=$WORK/f_av.cible
      gen_contract $((100 + F_IND)) "$F_PER" 0 "$whole"
      gen_contract 100 "$F_PER" 0 "$contract"
      gen_avenant_adding 100 "$F_IND" "$F_PER" "$av"
      row "f. $((100 + F_IND)) ind. x $F_PER per., check, contract" "" base \
        "$CIBLE" check "$whole"
      row "f. check, 100 ind. + avenant adding $F_IND" "within 2x" ratio \
        "$CIBLE" check "$contract" "$av"
      ;;
  esac
done
exit "$failed"
