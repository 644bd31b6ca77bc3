/* fuzz_xlsx.c: fuzzed XML parts of an xlsx workbook -> the measures sheet
   written as CSV (src/data/xlsx_read.c), then read as measures of a fixed
   contract and evaluated (fuzz_run).

   The input is the parts one after the other, separated by lines "====":
   xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/sharedStrings.xml,
   xl/styles.xml, xl/worksheets/sheet1.xml (an empty one is absent). The
   parts are given in memory (cb_xlsx_read_parts) rather than zipped: the
   zip layer is libzip's, and a mutated archive would fail its checksum
   before any XML is read. Invariants: a part refused is E0314 and nothing
   else; a sheet read is one line per row (as many lines as its last row
   number at most). The summary (replay) is the result, the CSV text's
   line count, then fuzz_run's. */
#include <string.h>

#include "diag.h"
#include "fuzz_common.h"
#include "xlsx_read.h"

static const char contract[] =
    "contrat c \"Contrat test\" {\n"
    "  periode 2020\n"
    "  donnee base \"Base\" {\n"
    "    unite patients\n"
    "  }\n"
    "  indicateur ia \"A\" {\n"
    "    unite patients\n"
    "    sens croissant\n"
    "    objectif 2020 : 15\n"
    "  }\n"
    "  indicateur ib \"B\" {\n"
    "    unite %\n"
    "    sens croissant\n"
    "    objectif 2020 : 50 %\n"
    "  }\n"
    "  indicateur ic \"C\" {\n"
    "    atteinte oui_non\n"
    "  }\n"
    "  indicateur id \"D\" {\n"
    "    atteinte etapes {\n"
    "      \"cadrage\" : 30 %\n"
    "      \"mise en oeuvre\" : 100 %\n"
    "    }\n"
    "  }\n"
    "}\n";

static const char *const names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                    "xl/sharedStrings.xml", "xl/styles.xml",
                                    "xl/worksheets/sheet1.xml"};

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  struct cb_xlsx_part parts[5];
  size_t n = 0;
  const char *p = (const char *)data, *end = p + size;
  for (size_t k = 0; k < 5; k++) {
    const char *sep = NULL;
    for (const char *q = p; q + 6 <= end; q++)
      if (memcmp(q, "\n====\n", 6) == 0) {
        sep = q;
        break;
      }
    const char *stop = sep ? sep : end;
    if (stop > p) { /* an empty chunk: the part is absent */
      parts[n] = (struct cb_xlsx_part){names[k], p, (size_t)(stop - p)};
      n++;
    }
    if (!sep)
      break;
    p = sep + 6;
  }
  struct cb_sources set = {0};
  struct cb_diags d = {0};
  struct cb_source *src = NULL;
  enum cb_load_status st = cb_xlsx_read_parts(&set, "fuzz.xlsx", parts, n, &d, &src);
  if (st == CB_LOAD_OK) {
    fuzz_require(src && src->sheet && d.nerrors == 0, "un classeur lu n'a pas d'erreur");
    if (fuzz_log)
      cb_buf_printf(fuzz_log, "feuille lue : %zu ligne(s)\n", src->nlines);
    fuzz_run(contract, sizeof contract - 1, src->text, src->len, true, CB_ENC_UTF8);
  } else {
    fuzz_require(d.nerrors >= 1 && d.head && d.head->code, "un classeur refusé dit pourquoi");
    fuzz_require(strcmp(d.head->code, "E0314") == 0 || strncmp(d.head->code, "E000", 4) == 0,
                 "un classeur refusé l'est par E0314 (ou l'encodage de son texte)");
    if (fuzz_log)
      cb_buf_printf(fuzz_log, "refusé : %s\n", d.head->code);
  }
  cb_diags_free(&d);
  cb_sources_free(&set);
  return 0;
}
