/* fuzz_parse.c: contract text -> lexer, parser, model, checks (no eval).
   An input with a byte above 0x7F is also read as Windows-1252
   (--encodage latin1), which converts it to UTF-8 when it is not valid
   UTF-8 (and refuses a mix of both, E0007). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  fuzz_run((const char *)data, size, NULL, 0, false, CB_ENC_UTF8);
  for (size_t i = 0; i < size; i++) {
    if (data[i] >= 0x80) {
      fuzz_run((const char *)data, size, NULL, 0, false, CB_ENC_CP1252);
      break;
    }
  }
  return 0;
}
