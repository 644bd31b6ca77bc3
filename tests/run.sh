#!/usr/bin/env bash
# tests/run.sh: the whole test suite, as run by `make check`.
#
#   bash tests/run.sh BUILD_DIR          run every suite, compare
#   UPDATE=1 bash tests/run.sh BUILD_DIR rewrite the golden .out files instead
#
# Suites:
#   unit    every BUILD_DIR/tests/test_* binary, read as TAP
#           (CMOCKA_MESSAGE_OUTPUT=TAP): one count per "ok N" / "not ok N"; a
#           binary that crashes, stops early or fails without saying which
#           test failed counts as one more failure.
#   golden  every tests/golden/*.cmd and tests/errors/*.cmd (one line of
#           cible arguments, shell words) and every tests/errors/*.cible
#           without a .cmd of the same name (run as `cible check FILE`),
#           compared byte for byte with the .out file of the same name.
#           Inputs shared by several tests live in tests/fixtures/, which is
#           not run: a fixture is not a test.
#   spec    every tests/spec/*.cible, run as `cible test FILE`: one count per
#           file, which passes when the run ends with status 0, writes
#           nothing to stderr, and its last line is "N passed, 0 failed" with
#           N at least 1 and equal to the number of `attendu` lines in the
#           file (an empty output, a zero count or an expectation left
#           uncounted fails). Nothing is written under UPDATE: the expected
#           figures are in the files themselves (tests/spec/README.md).
#   fuzz    every file of tests/fuzz/regressions/HARNESS/ (parse, csv, lsp,
#           pipeline), given to BUILD_DIR/tests/replay_HARNESS (the libFuzzer
#           harness with a plain main, tests/fuzz/replay.c): one count per
#           file, which passes when the run ends with status 0 (a sanitizer
#           report, a violated invariant, a crash or a timeout fails it),
#           writes nothing to stderr, and its summary on stdout (diagnostic
#           codes; per contract the attainment and amount paid of each
#           period and the number of versions in force; the payment
#           schedule's line count and total) is not empty and equals
#           tests/fuzz/expected/HARNESS/FILE.out (written under UPDATE), which
#           must exist and not be empty; a summary left in
#           tests/fuzz/expected/ without its input fails too.
#   extra   tests/extra.sh, when it exists, is sourced in a subshell from the
#           repository root, with CIBLE, BUILD, ROOT, UPDATE and RUN_TMP (a
#           scratch directory removed at the end) set; it reports through
#           record_pass NAME and record_fail NAME MESSAGE, and must end with
#           status 0 (anything else counts as one more failure).
#
# A golden result (.out) is stdout, then "--- stderr", then stderr, then
# "--- statut N" (the exit status). A stream that does not end with a newline
# gets one added followed by the line "--- sans fin de ligne", so a missing
# final newline shows up in the diff:
#
#   total : 42,5 %
#   --- stderr
#   --- statut 0
#
# The last line printed is always "N passed, N failed"; the exit status is 0
# iff nothing failed. Needs bash, coreutils, diff, grep, sed.

set -u
shopt -s nullglob

if [[ $# -ne 1 || -z $1 ]]; then
  echo "usage: bash tests/run.sh BUILD_DIR" >&2
  exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd) || exit 2
BUILD=${1%/}
[[ $BUILD == /* ]] || BUILD=$PWD/$BUILD
CIBLE=$BUILD/cible
UPDATE=${UPDATE:-}
[[ $UPDATE == 0 ]] && UPDATE=
# Seconds before a unit binary or a single cible run is killed.
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
# A command put in front of every unit binary and cible run (make valgrind
# sets it to tests/valgrind.sh); empty by default.
TEST_WRAPPER=${TEST_WRAPPER:-}
DIFF_LINES=40
export CIBLE BUILD ROOT UPDATE
# The property test (test_properties) runs with its fixed seed here; `make
# fuzz` gives it a fresh one.
unset CIBLE_SEED
# Reports state the date they were made on (their provenance): the tests
# make them on one fixed day, 2026-01-01.
export SOURCE_DATE_EPOCH=1767225600

cd "$ROOT" || exit 2

RUN_TMP=$(mktemp -d "${TMPDIR:-/tmp}/cible-tests.XXXXXX") || exit 2
trap 'rm -rf "$RUN_TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export RUN_TMP

unit_pass=0 unit_fail=0
golden_pass=0 golden_fail=0 golden_updated=0
spec_pass=0 spec_fail=0
fuzz_pass=0 fuzz_fail=0
extra_pass=0 extra_fail=0

# Prints at most DIFF_LINES lines of stdin, then how many were left out.
cap_lines() {
  local max=$1 n=0 line
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    if ((n <= max)); then
      printf '%s\n' "$line"
    fi
  done
  if ((n > max)); then
    printf '[... %d more lines]\n' $((n - max))
  fi
}

indent() { sed 's/^/    /'; }

# ---------------------------------------------------------------- unit tests

run_unit() {
  local bin=$1 name out err rc plan pass fail seen why
  name=${bin#"$BUILD"/}
  out=$RUN_TMP/unit.out
  err=$RUN_TMP/unit.err
  # (the outer 2>/dev/null only silences bash's own "Segmentation fault")
  {
    # shellcheck disable=SC2086 # the wrapper is a command with its arguments
    CMOCKA_MESSAGE_OUTPUT=TAP timeout "$TEST_TIMEOUT" $TEST_WRAPPER "$bin" >"$out" 2>"$err" </dev/null
  } 2>/dev/null
  rc=$?
  plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$out" | head -n 1)
  pass=$(grep -c '^ok [0-9]' "$out")
  fail=$(grep -c '^not ok [0-9]' "$out")
  unit_pass=$((unit_pass + pass))
  unit_fail=$((unit_fail + fail))
  if ((fail > 0)); then
    echo "FAIL $name:"
    # each "not ok" line with the "#" comment lines that follow it
    awk '/^not ok [0-9]/ { show = 1; print; next }
         /^#/ && show    { print; next }
                         { show = 0 }' "$out" | cap_lines "$DIFF_LINES" | indent
  fi
  seen=$((pass + fail))
  why=
  if ((rc == 124)); then
    why="timed out after ${TEST_TIMEOUT}s"
  elif ((rc > 128)); then
    why="killed by signal $((rc - 128))"
  elif [[ -n $plan ]] && ((seen < plan)); then
    why="stopped after $seen of $plan tests (exit status $rc)"
  elif ((rc != 0 && fail == 0)); then
    why="exit status $rc without a failing test"
  elif [[ -z $plan ]] && ((seen == 0)); then
    why="no TAP output"
  fi
  if [[ -n $why ]]; then
    unit_fail=$((unit_fail + 1))
    echo "FAIL $name: $why"
    if [[ -s $err ]]; then
      tail -n "$DIFF_LINES" "$err" | indent
    fi
  fi
}

for bin in "$BUILD"/tests/test_*; do
  [[ -f $bin && -x $bin ]] || continue
  run_unit "$bin"
done
echo "unit: $unit_pass passed, $unit_fail failed"

# -------------------------------------------------------------- golden tests

# Appends file $1 to stdout, then a newline and the marker line if it is
# non-empty and does not end with a newline.
emit_stream() {
  cat "$1"
  if [[ -s $1 && $(tail -c 1 "$1" | wc -l) -eq 0 ]]; then
    printf '\n--- sans fin de ligne\n'
  fi
}

# run_golden NAME ARGS EXPECTED: runs cible with ARGS (shell words) from the
# repository root and compares with (or, under UPDATE, writes) EXPECTED.
run_golden() {
  local name=$1 args=$2 expected=$3 out err actual status
  out=$RUN_TMP/golden.stdout
  err=$RUN_TMP/golden.stderr
  actual=$RUN_TMP/golden.actual
  {
    (
      export LC_ALL=C.UTF-8
      # shellcheck disable=SC2016 # $1 and $2 expand in the inner shell
      exec timeout "$TEST_TIMEOUT" bash -c 'eval "$3 \"$1\" $2"' cible-test "$CIBLE" "$args" \
        "$TEST_WRAPPER"
    ) </dev/null >"$out" 2>"$err"
  } 2>/dev/null
  status=$?
  {
    emit_stream "$out"
    printf -- '--- stderr\n'
    emit_stream "$err"
    printf -- '--- statut %d\n' "$status"
  } >"$actual"

  if [[ -n $UPDATE ]]; then
    if [[ ! -f $expected ]]; then
      cp "$actual" "$expected" && echo "created $expected"
      golden_updated=$((golden_updated + 1))
    elif ! cmp -s "$actual" "$expected"; then
      cp "$actual" "$expected" && echo "updated $expected"
      golden_updated=$((golden_updated + 1))
    fi
    golden_pass=$((golden_pass + 1))
    return
  fi
  if [[ ! -f $expected ]]; then
    golden_fail=$((golden_fail + 1))
    echo "FAIL $name: missing expected file $expected (create it with UPDATE=1)"
    return
  fi
  if cmp -s "$actual" "$expected"; then
    golden_pass=$((golden_pass + 1))
    return
  fi
  golden_fail=$((golden_fail + 1))
  echo "FAIL $name: output differs from $expected"
  diff -u --label "$expected" --label "actual" "$expected" "$actual" |
    cap_lines "$DIFF_LINES" | indent
}

golden_files=(tests/golden/*.cmd tests/errors/*.cmd tests/errors/*.cible)
if [[ ! -x $CIBLE && ${#golden_files[@]} -gt 0 ]]; then
  echo "note: $CIBLE is missing or not executable: every golden test will fail"
fi

for cmd in tests/golden/*.cmd tests/errors/*.cmd; do
  args=
  IFS= read -r args <"$cmd" || [[ -n $args ]] || args=
  args=${args%$'\r'}
  run_golden "$cmd" "$args" "${cmd%.cmd}.out"
done
for src in tests/errors/*.cible; do
  [[ -f ${src%.cible}.cmd ]] && continue
  run_golden "$src" "check $(printf '%q' "$src")" "${src%.cible}.out"
done
if [[ -n $UPDATE ]]; then
  echo "golden: $golden_pass passed, $golden_fail failed ($golden_updated files rewritten)"
else
  echo "golden: $golden_pass passed, $golden_fail failed"
fi

# ---------------------------------------------------------- spec files

# run_spec FILE: `cible test FILE`; every attendu line of FILE must be counted
# as passed.
run_spec() {
  local src=$1 out=$RUN_TMP/spec.out err=$RUN_TMP/spec.err rc want last why=
  {
    # shellcheck disable=SC2086 # the wrapper is a command with its arguments
    LC_ALL=C.UTF-8 timeout "$TEST_TIMEOUT" $TEST_WRAPPER "$CIBLE" test "$src" \
      </dev/null >"$out" 2>"$err"
  } 2>/dev/null
  rc=$?
  want=$(grep -c '^[[:space:]]*attendu[[:space:]]' "$src")
  last=$(tail -n 1 "$out")
  if ((rc != 0)); then
    why="cible test ended with status $rc"
  elif [[ -s $err ]]; then
    why="cible test wrote to stderr"
  elif ((want == 0)); then
    why="no attendu line: a spec file states at least one figure"
  elif [[ $last != "$want passed, 0 failed" ]]; then
    why="expected \"$want passed, 0 failed\" ($want attendu lines), got \"$last\""
  fi
  if [[ -z $why ]]; then
    spec_pass=$((spec_pass + 1))
    return
  fi
  spec_fail=$((spec_fail + 1))
  echo "FAIL $src: $why"
  cat "$out" "$err" | grep -v '^  réussi ' | cap_lines "$DIFF_LINES" | indent
}

for src in tests/spec/*.cible; do
  run_spec "$src"
done
echo "spec: $spec_pass passed, $spec_fail failed"

# ------------------------------------------------------ fuzz regressions

for dir in tests/fuzz/regressions/*/; do
  harness=$(basename "$dir")
  bin=$BUILD/tests/replay_$harness
  for input in "$dir"*; do
    [[ -f $input ]] || continue
    if [[ ! -x $bin ]]; then
      fuzz_fail=$((fuzz_fail + 1))
      echo "FAIL $input: $bin is missing"
      continue
    fi
    {
      # shellcheck disable=SC2086 # the wrapper is a command with its arguments
      timeout "$TEST_TIMEOUT" $TEST_WRAPPER "$bin" "$input" >"$RUN_TMP/replay.out" \
        2>"$RUN_TMP/replay.err" </dev/null
    } 2>/dev/null
    rc=$?
    expected=tests/fuzz/expected/$harness/$(basename "$input").out
    if ((rc != 0)); then
      fuzz_fail=$((fuzz_fail + 1))
      echo "FAIL $input: replay_$harness ended with status $rc"
      cat "$RUN_TMP/replay.out" "$RUN_TMP/replay.err" | cap_lines "$DIFF_LINES" | indent
    elif [[ ! -s $RUN_TMP/replay.out ]]; then
      fuzz_fail=$((fuzz_fail + 1))
      echo "FAIL $input: replay_$harness printed no summary (nothing would be checked)"
    elif [[ -n $UPDATE ]]; then
      mkdir -p "$(dirname "$expected")"
      cp "$RUN_TMP/replay.out" "$expected"
      fuzz_pass=$((fuzz_pass + 1))
    elif [[ ! -f $expected ]]; then
      fuzz_fail=$((fuzz_fail + 1))
      echo "FAIL $input: $expected is missing (UPDATE=1 writes it)"
    elif [[ ! -s $expected ]]; then
      fuzz_fail=$((fuzz_fail + 1))
      echo "FAIL $input: $expected is empty (a summary always has a line)"
    elif ! cmp -s "$RUN_TMP/replay.out" "$expected"; then
      fuzz_fail=$((fuzz_fail + 1))
      echo "FAIL $input: summary differs from $expected"
      diff -u "$expected" "$RUN_TMP/replay.out" | cap_lines "$DIFF_LINES" | indent
    elif [[ -s $RUN_TMP/replay.err ]]; then
      fuzz_fail=$((fuzz_fail + 1))
      echo "FAIL $input: replay_$harness wrote to stderr"
      cap_lines "$DIFF_LINES" <"$RUN_TMP/replay.err" | indent
    else
      fuzz_pass=$((fuzz_pass + 1))
    fi
  done
done
# an expected summary whose input is gone checks nothing: say so
for expected in tests/fuzz/expected/*/*.out; do
  harness=$(basename "$(dirname "$expected")")
  input=tests/fuzz/regressions/$harness/$(basename "$expected" .out)
  if [[ ! -f $input ]]; then
    fuzz_fail=$((fuzz_fail + 1))
    echo "FAIL $expected: no input $input (remove the summary or restore the input)"
  fi
done
echo "fuzz: $fuzz_pass passed, $fuzz_fail failed"

# ------------------------------------------------------------- extra checks

# tests/extra.sh runs in a subshell (its exit, cd or set -e cannot cut the
# summary short) and reports through these two functions, which append to a
# results file: one "pass" or "fail" line per check.
EXTRA_RESULTS=$RUN_TMP/extra.results
# shellcheck disable=SC2317 # called from tests/extra.sh
record_pass() {
  echo pass >>"$EXTRA_RESULTS"
}
# shellcheck disable=SC2317 # called from tests/extra.sh
record_fail() {
  echo fail >>"$EXTRA_RESULTS"
  echo "FAIL ${1:-?}: ${2:-}"
}

if [[ -f tests/extra.sh ]]; then
  : >"$EXTRA_RESULTS"
  (
    set +u
    # shellcheck source=/dev/null
    source tests/extra.sh
  ) </dev/null
  rc=$?
  extra_pass=$(grep -c '^pass$' "$EXTRA_RESULTS")
  extra_fail=$(grep -c '^fail$' "$EXTRA_RESULTS")
  if ((rc != 0)); then
    extra_fail=$((extra_fail + 1))
    echo "FAIL tests/extra.sh: exited with status $rc (it must end with status 0)"
  fi
  echo "extra: $extra_pass passed, $extra_fail failed"
fi

# ------------------------------------------------------------------ summary

total_pass=$((unit_pass + golden_pass + spec_pass + fuzz_pass + extra_pass))
total_fail=$((unit_fail + golden_fail + spec_fail + fuzz_fail + extra_fail))
echo "$total_pass passed, $total_fail failed"
if ((total_fail > 0)); then
  exit 1
fi
exit 0
