/* fuzz_pipeline.c: "CONTRACT\n====\nCSV" -> check, then eval of every
   contract through the session as the CLI does (avenants included), text +
   JSON + explain + payment schedule. Without the separator the whole input is
   the contract and there is no CSV. */
#include <string.h>
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  static const char sep[] = "\n====\n";
  const size_t seplen = sizeof sep - 1;
  const char *text = (const char *)data;
  const char *csv = NULL;
  size_t clen = size, csvlen = 0;
  for (size_t i = 0; i + seplen <= size; i++) {
    if (memcmp(text + i, sep, seplen) == 0) {
      clen = i + 1; /* keep the contract's final newline */
      csv = text + i + seplen;
      csvlen = size - i - seplen;
      break;
    }
  }
  fuzz_run(text, clen, csv, csvlen, true, CB_ENC_UTF8);
  return 0;
}
