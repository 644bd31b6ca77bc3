#!/usr/bin/env bash
# tests/bench_portfolio.sh: the goals of the national portfolio (issue 12),
# as run by `make bench`.
#
#   bash tests/bench_portfolio.sh BUILD_DIR
#
# Generates with awk a portfolio of PF_CONTRACTS contracts (default 3000) x
# PF_INDICATORS indicators (default 30; a multiple of 10: ten per mission)
# x PF_YEARS years (default 5), each contract with the cafe_cpts barème and
# rules, indicator i with objective 15 + i mod 7 each year, and PF_SETS
# measure sets (default 5), the measure of indicator i in set m being
# (m + i) mod 25 (set 0 is the one of the eval runs). Then runs, under GNU
# time (/usr/bin/time, required), output to /dev/null:
#   cible check P                           goal >= 50 MB/s of CPU time
#   cible eval P --mesures M0               goal < 1 s CPU, < 256 MiB peak
#   cible eval P --mesures M0 --format json goal < 1 s CPU, < 256 MiB peak
#   cible eval P --mesures M0 --format csv  same
#   one indicator evaluation: text eval CPU / (contracts x indicators x
#   years), goal < 5 µs
#   the PF_SETS measure sets in one run (`--scenario` each, --format csv),
#   goal < 1 s CPU, < 256 MiB peak
# and prints one line per goal: goal, figure, met or not ("oui"/"non").
# CPU is user + system seconds. Files live in a temporary directory removed
# on exit (PF_KEEP=1 keeps it and prints its path).
#
# Exit status: 0 when every command ran (goals met or not), 1 when one
# failed, 2 on a usage error or a missing binary or GNU time.

set -u

if [[ $# -ne 1 || -z $1 ]]; then
  echo "usage: bash tests/bench_portfolio.sh BUILD_DIR" >&2
  exit 2
fi
CIBLE=${1%/}/cible
NC=${PF_CONTRACTS:-3000}
NI=${PF_INDICATORS:-30}
NY=${PF_YEARS:-5}
SETS=${PF_SETS:-5}
[[ -x $CIBLE ]] || { echo "bench_portfolio: $CIBLE: not built" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench_portfolio: GNU time (/usr/bin/time) is required" >&2; exit 2; }
if ((NI % 10 != 0 || NI < 10 || NC < 1 || NY < 1 || SETS < 1)); then
  echo "bench_portfolio: PF_INDICATORS must be a multiple of 10, other sizes >= 1" >&2
  exit 2
fi

DIR=$(mktemp -d) || exit 2
if [[ -n ${PF_KEEP:-} ]]; then
  echo "bench_portfolio: files kept in $DIR"
else
  trap 'rm -rf "$DIR"' EXIT
fi

awk -v nc="$NC" -v ni="$NI" -v ny="$NY" '
BEGIN {
  for (c = 1; c <= nc; c++) {
    printf "contrat c%d \"Contrat %d\" {\n  accord aci_cpts\n  signature 2023-01-20\n  duree %d ans\n  arrondi au centime\n\n", c, c, ny
    print "  bareme quarts \"Barème d'\''atteinte par quart\" {"
    print "    [0 % ; 0 %]    : 0 %"
    print "    ]0 % ; 25 %]   : 25 %"
    print "    ]25 % ; 50 %]  : 50 %"
    print "    ]50 % ; 75 %]  : 75 %"
    print "    ]75 % ; +inf[  : 100 %"
    print "  }"
    nm = int((ni + 9) / 10)
    for (m = 1; m <= nm; m++) {
      printf "\n  mission m%d \"Mission %d\" {\n    fixe 20 000 €\n    variable 10 000 €\n", m, m
      lo = (m - 1) * 10 + 1; hi = m * 10
      for (i = lo; i <= hi; i++) {
        printf "\n    indicateur i%d \"Indicateur %d\" {\n      type resultat\n      unite patients\n      sens croissant\n", i, i
        for (y = 1; y <= ny; y++) printf "      objectif an %d : %d\n", y, 15 + i % 7
        r = i % 3
        printf "      poids 10 %%\n"
        if (r == 0) print "      atteinte proportionnelle"
        else if (r == 1) { print "      atteinte proportionnelle"; print "      bareme quarts" }
        else print "      atteinte tout_ou_rien"
        print "    }"
      }
      print "  }"
    }
    print "}\n"
  }
}' >"$DIR/portefeuille.cible" || exit 1
for ((s = 0; s < SETS; s++)); do
  awk -v nc="$NC" -v ni="$NI" -v ny="$NY" -v m="$s" 'BEGIN {
    print "contrat;indicateur;periode;valeur"
    for (c = 1; c <= nc; c++) for (i = 1; i <= ni; i++) for (y = 1; y <= ny; y++)
      printf "c%d;i%d;an %d;%d\n", c, i, y, (m + i) % 25
  }' >"$DIR/mesures_$s.csv" || exit 1
done

P=$DIR/portefeuille.cible
BYTES=$(wc -c <"$P")
EVALS=$((NC * NI * NY))
failed=0

# run NAME ARGS...: runs cible under GNU time; sets CPU (seconds, "%.2f")
# and PEAK (KiB); false when the command failed.
run() {
  local name=$1
  shift
  if ! /usr/bin/time -f '%U %S %M' -o "$DIR/time" "$CIBLE" "$@" >/dev/null 2>"$DIR/err"; then
    echo "bench_portfolio: $name failed:" >&2
    head -5 "$DIR/err" >&2
    failed=1
    return 1
  fi
  local user sys
  read -r user sys PEAK <"$DIR/time"
  CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}

# line GOAL FIGURE MET
line() { printf '%-52s %-30s %s\n' "$1" "$2" "$3"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
yes_if() { if awk "BEGIN { exit !($1) }"; then echo oui; else echo non; fi; }

echo "bench_portfolio: $CIBLE; $NC contracts x $NI indicators x $NY years," \
  "$((BYTES / 1000000)) MB of source, $((EVALS)) measure rows per set"
line "goal" "figure" "met"

if run check check "$P"; then
  rate=$(awk -v b="$BYTES" -v c="$CPU" 'BEGIN { printf "%.1f", (c > 0) ? b / 1e6 / c : 1e9 }')
  line "check >= 50 MB/s" "$rate MB/s ($CPU s, $(mib "$PEAK") MiB)" "$(yes_if "$rate >= 50")"
fi
for fmt in texte json csv; do
  if run "eval $fmt" eval "$P" --mesures "$DIR/mesures_0.csv" --format "$fmt"; then
    line "eval $fmt < 1 s CPU, < 256 MiB" "$CPU s, $(mib "$PEAK") MiB" \
      "$(yes_if "$CPU < 1 && $PEAK < 262144")"
    if [[ $fmt == texte ]]; then
      us=$(awk -v c="$CPU" -v n="$EVALS" 'BEGIN { printf "%.2f", c * 1e6 / n }')
      line "one indicator evaluation < 5 µs (text eval)" "$us µs" "$(yes_if "$us < 5")"
    fi
  fi
done
sets=()
for ((s = 0; s < SETS; s++)); do
  sets+=(--scenario "$DIR/mesures_$s.csv")
done
if run "eval scenarios" eval "$P" "${sets[@]}" --format csv; then
  line "$SETS measure sets < 1 s CPU, < 256 MiB" "$CPU s, $(mib "$PEAK") MiB (one run, csv)" \
    "$(yes_if "$CPU < 1 && $PEAK < 262144")"
fi
exit $failed
