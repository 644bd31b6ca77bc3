#!/usr/bin/env bash
# tests/valgrind.sh PROGRAM ARGS…: runs PROGRAM under valgrind's memcheck for
# `make valgrind`, keeping its exit status and output untouched so the golden
# comparisons still hold; any memcheck report goes to a log file in
# $VALGRIND_LOGS, which the Makefile target requires to be empty.
exec valgrind -q --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect --track-origins=no \
  --log-file="${VALGRIND_LOGS:?}/%p.log" "$@"
