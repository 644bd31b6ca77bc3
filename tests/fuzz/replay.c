/*
 * replay.c: a main() for the libFuzzer harnesses without libFuzzer.
 *
 * Linked with one of tests/fuzz/fuzz_*.c by an ordinary compiler (gcc, under
 * the sanitizers of the check build), it reads each file named on the command
 * line and hands its bytes to LLVMFuzzerTestOneInput once, as libFuzzer does
 * when it replays a crash. `make check` runs it on every input kept in
 * tests/fuzz/regressions/HARNESS/, so past findings and hostile inputs stay
 * covered on machines without clang. Each run's summary (fuzz_set_log:
 * diagnostic codes, amounts paid) goes to stdout, which tests/run.sh compares
 * with tests/fuzz/expected/HARNESS/NAME.out. Exit status: 0 when every input
 * ran and summarised its run, 2 when a file cannot be read, 3 when a run
 * wrote no summary (a replay that checks nothing is a failure, not a pass);
 * a violated invariant or a sanitizer report aborts with its own status.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
void fuzz_set_log(struct cb_buf *b);

/* Reads the whole file at path into b; false on an I/O error. */
static bool read_file(const char *path, struct cb_buf *b) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    cb_buf_add(b, chunk, n);
  bool ok = !ferror(f);
  fclose(f);
  return ok;
}

int main(int argc, char **argv) {
  int status = 0;
  for (int i = 1; i < argc; i++) {
    struct cb_buf b = CB_BUF_INIT;
    if (!read_file(argv[i], &b)) {
      fprintf(stderr, "replay: cannot read %s\n", argv[i]);
      status = 2;
    } else {
      /* libFuzzer's data is never NULL, even for an empty input */
      struct cb_buf log = CB_BUF_INIT;
      fuzz_set_log(&log);
      LLVMFuzzerTestOneInput((const unsigned char *)(b.data ? b.data : ""), b.len);
      fuzz_set_log(NULL);
      if (log.len == 0) {
        fprintf(stderr, "replay: %s: the harness wrote no summary\n", argv[i]);
        status = 3;
      }
      fputs(cb_buf_str(&log), stdout);
      cb_buf_free(&log);
    }
    cb_buf_free(&b);
  }
  return status;
}
