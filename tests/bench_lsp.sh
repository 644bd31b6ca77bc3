#!/usr/bin/env bash
# tests/bench_lsp.sh BUILD_DIR: the language server under an edit (make
# bench). For a generated contract of 1 000 and of 10 000 lines (with a
# `mesures` block, so every analysis evaluates), the time from a didChange
# (the whole text) to its publishDiagnostics, best and median of 5, and the
# server's peak memory (tests/lsp/bench_lsp.py). Target: under 50 ms for
# 1 000 lines; the line says when it is missed. BENCH_LSP_SIZES="1000 10000"
# and BENCH_LSP_RUNS=5 change what is measured.
set -u
build=${1:-build}
cible=$build/cible
if [[ ! -x $cible ]]; then
  echo "bench_lsp: $cible not built" >&2
  exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "bench_lsp: python3 absent, skipped"
  exit 0
fi
echo "cible lsp: didChange → publishDiagnostics (objectif : < 50 ms pour 1 000 lignes)"
status=0
for n in ${BENCH_LSP_SIZES:-1000 10000}; do
  line=$(timeout 300 python3 tests/lsp/bench_lsp.py "$cible" "$n" "${BENCH_LSP_RUNS:-5}") || {
    echo "bench_lsp: $n lines failed"
    status=1
    continue
  }
  echo "$line"
  if [[ $n -le 1000 ]]; then
    best=$(sed -n 's/.*meilleur *\([0-9.]*\) ms.*/\1/p' <<<"$line")
    if awk -v b="$best" 'BEGIN { exit !(b >= 50) }'; then
      echo "bench_lsp: objectif manqué pour $n lignes ($best ms >= 50 ms)"
    fi
  fi
done
exit $status
