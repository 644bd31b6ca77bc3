/*
 * xlsx_out.c: `--format xlsx`: refuses a terminal, then hands the bytes of
 * the workbook built by xlsx.c to cli_output (xlsx_out.h).
 */
#include "xlsx_out.h"

#include <stdio.h>

#include "buf.h"
#include "cli.h"
#include "xlsx.h"

int cli_xlsx_refuse_terminal(void) {
  if (cli_output_is_terminal())
    return cli_usage_error("%s", "un classeur xlsx ne s'écrit pas sur un terminal : donnez "
                                 "-o FICHIER.xlsx ou redirigez la sortie (> resultats.xlsx)");
  return EXIT_OK;
}

struct cb_xlsx *cli_xlsx_new(void) {
  struct cb_buf why = CB_BUF_INIT;
  struct cb_xlsx *x = cb_xlsx_new(&why);
  if (!x)
    fprintf(stderr, "cible: erreur: %s\n", cb_buf_str(&why));
  cb_buf_free(&why);
  return x;
}

int cli_xlsx_output(struct cb_xlsx *x, const struct cb_provenance *pv) {
  cb_xlsx_provenance(x, pv);
  struct cb_buf bytes = CB_BUF_INIT, why = CB_BUF_INIT;
  if (!cb_xlsx_finish(x, &bytes, &why)) {
    fprintf(stderr, "cible: erreur: %s\n", cb_buf_str(&why));
    cb_buf_free(&bytes);
    cb_buf_free(&why);
    return EXIT_USAGE;
  }
  cb_buf_free(&why);
  return cli_output(&bytes);
}
