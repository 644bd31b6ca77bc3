# tests/bench_common.sh: what the benches of `make bench` share, sourced by
# tests/bench.sh, tests/bench_versions.sh and tests/bench_compare.sh.
#
#   bench_workdir NAME  sets WORK to a new temporary directory
#                       ${TMPDIR:-/tmp}/NAME.XXXXXX, removed at exit unless
#                       BENCH_KEEP is set (then its path is printed); exits 2
#                       when it cannot be made. INT and TERM exit 130 and 143.
#   GNU_TIME            /usr/bin/time when it is GNU time (for the peak
#                       memory column), else empty.
#   need_int NAME V MIN exits 2 unless V is an integer >= MIN.
#   now_us              microseconds since the epoch.
#   run_once, measure   bounded runs of a command (ulimit -v MEM_MB MiB,
#                       timeout TIMEOUT s; RUNS runs, one only past SLOW_MS
#                       ms), with their best time and peak memory; the
#                       caller sets WORK (bench_workdir), RUNS, SLOW_MS,
#                       MEM_MB and TIMEOUT.
#   fmt_ms, fmt_mib, ratio
#                       milliseconds, MiB ("-" unknown) and A/B ("-").

bench_workdir() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 2
  if [[ -n ${BENCH_KEEP:-} ]]; then
    trap 'echo "bench: files kept in $WORK"' EXIT
  else
    trap 'rm -rf "$WORK"' EXIT
  fi
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

GNU_TIME=
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
  GNU_TIME=/usr/bin/time
fi

# Microseconds since the epoch (no fork with bash 5).
now_us() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local t=${EPOCHREALTIME//[!0-9]/}
    echo "$((10#$t))"
  else
    echo $(($(date +%s%N) / 1000))
  fi
}

# run_once CMD...: one bounded run; sets RC, US and KB (peak, "" unknown).
# The standard output goes to $WORK/stdout, the standard error to
# $WORK/stderr.
run_once() {
  local t0 t1
  t0=$(now_us)
  (
    ulimit -v $((MEM_MB * 1024)) || exit 125
    if [[ -n $GNU_TIME ]]; then
      exec "$GNU_TIME" -f '%M' -o "$WORK/rss" timeout -k 5 "$TIMEOUT" "$@"
    else
      exec timeout -k 5 "$TIMEOUT" "$@"
    fi
  ) >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
  RC=$?
  t1=$(now_us)
  US=$((t1 - t0))
  KB=
  if [[ -n $GNU_TIME && -s $WORK/rss ]]; then
    KB=$(tail -n 1 "$WORK/rss")
    [[ $KB =~ ^[0-9]+$ ]] || KB=
  fi
  rm -f "$WORK/rss"
}

# measure CMD...: sets STATUS ("ok", "exceeded (...)" or "status N"),
# BEST_US and PEAK_KB (largest of the runs, "" unknown). Keeps the first
# run's standard output in $WORK/first.out.
measure() {
  local i
  BEST_US='' PEAK_KB='' STATUS=ok
  for ((i = 0; i < RUNS; i++)); do
    run_once "$@"
    ((i == 0)) && cp "$WORK/stdout" "$WORK/first.out"
    if ((RC == 124 || RC == 137)); then
      STATUS="exceeded (${TIMEOUT} s)"
    elif ((RC != 0)) && grep -q -i -e 'mémoire épuisée' -e 'cannot allocate' \
      -e 'out of memory' "$WORK/stderr"; then
      STATUS="exceeded (${MEM_MB} MiB)"
    elif ((RC != 0)); then
      STATUS="status $RC"
    fi
    if [[ -n $KB ]] && { [[ -z $PEAK_KB ]] || ((KB > PEAK_KB)); }; then
      PEAK_KB=$KB
    fi
    if [[ $STATUS != ok ]]; then
      BEST_US=$US
      break
    fi
    if [[ -z $BEST_US ]] || ((US < BEST_US)); then
      BEST_US=$US
    fi
    ((i == 0 && US > SLOW_MS * 1000)) && break
  done
  if [[ $STATUS == status* ]]; then
    echo "bench: $STATUS: ${*##*/}" >&2
    head -n 10 "$WORK/stderr" | sed 's/^/    /' >&2
  fi
}

# fmt_ms US, fmt_mib KB, ratio A B
fmt_ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
fmt_mib() {
  if [[ -z $1 ]]; then echo "-"; else awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; fi
}
ratio() {
  if [[ -z $1 || -z $2 || $2 -eq 0 ]]; then echo "-"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; fi
}

# need_int NAME VALUE MIN: VALUE must be an integer >= MIN.
need_int() {
  if ! [[ $2 =~ ^[0-9]+$ ]] || (($2 < $3)); then
    echo "bench: $1 must be an integer >= $3, not '$2'" >&2
    exit 2
  fi
}
