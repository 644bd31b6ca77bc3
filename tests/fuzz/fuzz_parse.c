/* fuzz_parse.c: contract text -> lexer, parser, model, checks (no eval). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  fuzz_run((const char *)data, size, NULL, 0, false);
  return 0;
}
