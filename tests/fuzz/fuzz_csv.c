/* fuzz_csv.c: a fixed valid contract + fuzzed CSV measures -> check, eval,
   text/JSON/explain reports. */
#include <string.h>
#include "fuzz_common.h"

/* Two indicators (a count and a percentage) over two years, and a computed
   donnée, so measures of every unit kind are read. */
static const char contract[] =
    "contrat c \"Contrat test\" {\n"
    "  periode 2020 a 2021\n"
    "  indicateur ia \"A\" {\n"
    "    unite patients\n"
    "    sens croissant\n"
    "    objectif 2020 : 15\n"
    "    objectif 2021 : 20\n"
    "  }\n"
    "  indicateur ib \"B\" {\n"
    "    unite %\n"
    "    sens croissant\n"
    "    objectif 2020 : 50 %\n"
    "    objectif 2021 : 60 %\n"
    "  }\n"
    "}\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  fuzz_run(contract, sizeof contract - 1, (const char *)data, size, true, CB_ENC_UTF8);
  return 0;
}
