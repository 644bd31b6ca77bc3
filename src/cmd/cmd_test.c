/*
 * cmd_test.c: `cible test`: the `exemple` blocks of the files, or with --bornes the
 * boundary cases (exemple.h); the exemples' results as an HTML page
 * (html_test.h).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "exemple.h"
#include "html_test.h"
#include "provenance.h"
#include "session.h"

/* cible test: the exemple blocks, or the boundary cases with --bornes. */
int cmd_test(struct cli_options *o, struct cb_session *s) {
  struct cb_buf out = CB_BUF_INIT;
  if (o->bornes) {
    if (strcmp(o->format, "html") == 0)
      return cli_usage_error("%s", "--bornes s'écrit en texte seulement (sans --format html)");
    cb_exemple_bornes(s, &out);
    return cli_output(&out);
  }
  struct cb_diags errs = {0};
  struct cb_test_counts n = {0, 0};
  cb_exemple_run(s, &out, &errs, &n);
  if (strcmp(o->format, "html") == 0) {
    struct cb_buf page = CB_BUF_INIT;
    struct cb_provenance pv;
    cli_provenance(&pv, s);
    cb_html_test(&page, cb_buf_str(&out), out.len, n.passed, n.failed, cb_session_sources(s),
                 &pv);
    cb_provenance_free(&pv);
    cb_buf_free(&out);
    out = page;
  } else {
    cb_buf_printf(&out, "%d passed, %d failed\n", n.passed, n.failed);
  }
  cli_diags(&errs);
  cb_diags_free(&errs);
  int st = cli_output(&out);
  return st != EXIT_OK ? st : n.failed ? EXIT_INPUT : EXIT_OK;
}
