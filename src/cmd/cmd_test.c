/*
 * cmd_test.c: `cible test`: the `exemple` blocks of the files, or with --bornes the
 * boundary cases (exemple.h).
 */
#include "cli.h"

#include <stdio.h>

#include "buf.h"
#include "diag.h"
#include "exemple.h"

/* cible test: the exemple blocks, or the boundary cases with --bornes. */
int cmd_test(struct cli_options *o, struct cb_session *s) {
  struct cb_buf out = CB_BUF_INIT;
  if (o->bornes) {
    cb_exemple_bornes(s, &out);
    return cli_output(&out);
  }
  struct cb_diags errs = {0};
  struct cb_test_counts n = {0, 0};
  cb_exemple_run(s, &out, &errs, &n);
  cb_buf_printf(&out, "%d passed, %d failed\n", n.passed, n.failed);
  cli_diags(&errs);
  cb_diags_free(&errs);
  int st = cli_output(&out);
  return st != EXIT_OK ? st : n.failed ? EXIT_INPUT : EXIT_OK;
}
