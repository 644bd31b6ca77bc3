# tests/bench_common.sh: what the benches of `make bench` share, sourced by
# tests/bench.sh and tests/bench_versions.sh.
#
#   bench_workdir NAME  sets WORK to a new temporary directory
#                       ${TMPDIR:-/tmp}/NAME.XXXXXX, removed at exit unless
#                       BENCH_KEEP is set (then its path is printed); exits 2
#                       when it cannot be made. INT and TERM exit 130 and 143.
#   GNU_TIME            /usr/bin/time when it is GNU time (for the peak
#                       memory column), else empty.

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
