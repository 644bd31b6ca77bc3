/* fuzz_lsp.c: fuzzed bytes as what a client sends to `cible lsp` -> the
   server's framing and dispatch (src/cmd/lsp_server.c) and the analysis of
   the documents it opens. Invariants: the server ends (the input is
   finite) with status 0 or 1, and everything it wrote is a sequence of
   whole frames, each a JSON object. The summary (replay) is the status and
   the number of messages written. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lsp_server.h"

/* Checks out (n bytes) frame by frame; returns how many messages. */
static size_t check_output(const char *out, size_t n) {
  size_t count = 0, i = 0;
  while (i < n) {
    static const char head[] = "Content-Length: ";
    fuzz_require(n - i > sizeof head - 1 && memcmp(out + i, head, sizeof head - 1) == 0,
                 "an output frame starts with Content-Length");
    char *end;
    unsigned long len = strtoul(out + i + sizeof head - 1, &end, 10);
    fuzz_require((size_t)(end - out) + 4 <= n && memcmp(end, "\r\n\r\n", 4) == 0,
                 "an output header ends with an empty line");
    size_t body = (size_t)(end - out) + 4;
    fuzz_require(len <= n - body, "an output frame is whole");
    json_error_t err;
    json_t *j = json_loadb(out + body, len, 0, &err);
    fuzz_require(j && json_is_object(j), "an output frame is a JSON object");
    json_decref(j);
    i = body + len;
    count++;
  }
  return count;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  /* fmemopen refuses an empty buffer on some C libraries */
  FILE *in = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
  char *out = NULL;
  size_t outlen = 0;
  FILE *o = open_memstream(&out, &outlen);
  if (!in || !o)
    abort();
  int st = lsp_serve(in, o, NULL, NULL);
  fclose(in);
  fclose(o);
  fuzz_require(st == 0 || st == 1, "the server's status is 0 or 1");
  size_t msgs = check_output(out, outlen);
  free(out);
  if (fuzz_log)
    cb_buf_printf(fuzz_log, "statut %d, %zu messages\n", st, msgs);
  return 0;
}
