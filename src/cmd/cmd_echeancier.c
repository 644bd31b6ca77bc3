/*
 * cmd_echeancier.c: `cible echeancier`: the dated payment schedule of each contract
 * (schedule.h), as text, JSON, CSV, HTML (html_schedule.h), PDF (pdf_out.h) or an
 * xlsx workbook (xlsx_out.h), for --periode and up to --au.
 */
#include "cli.h"

#include "csv.h"
#include "provenance.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "diag.h"
#include "html_schedule.h"
#include "pdf_out.h"
#include "schedule.h"
#include "schedule_report.h"
#include "session.h"
#include "xlsx.h"
#include "xlsx_out.h"

int cmd_echeancier(struct cli_options *o, struct cb_session *s) {
  struct cb_program *p = cb_session_program(s);
  struct cb_arena *a = cb_session_arena(s);
  struct cb_diags sd; /* this command's own findings: the session's are printed */
  memset(&sd, 0, sizeof sd);
  struct cb_diags *d = &sd;
  struct cb_date until;
  if (o->au && !cb_date_parse(&until, o->au, strlen(o->au)))
    return cli_usage_error("date illisible : « %s » (AAAA-MM-JJ ou JJ/MM/AAAA)", o->au);
  struct period_range pr;
  if (o->periode && !cli_parse_period_range(o->periode, &pr))
    return cli_usage_error(PERIOD_USAGE, o->periode);
  bool pdf = strcmp(o->format, "pdf") == 0;
  if (pdf && cli_pdf_refuse_terminal() != EXIT_OK)
    return EXIT_USAGE;
  bool xlsx = strcmp(o->format, "xlsx") == 0;
  if (xlsx && cli_xlsx_refuse_terminal() != EXIT_OK)
    return EXIT_USAGE;
  struct cb_schedule **ss = cb_arena_array(a, p->ncontracts ? p->ncontracts : 1, sizeof *ss);
  size_t n = 0;
  for (struct cb_contract *c = p->contracts; c; c = c->next) {
    const struct cb_period *first = NULL, *last = NULL;
    if (o->periode && !cli_contract_range(c, &pr, &first, &last))
      continue;
    struct cb_schedule *sc = cb_schedule_build(a, d, c, cb_session_eval(s, c, NULL));
    if (!sc)
      continue;
    if (first)
      cb_schedule_only_periods(sc, first, last);
    if (o->au)
      cb_schedule_until(sc, until);
    ss[n++] = sc;
  }
  if (d->nerrors) {
    cli_diags(d);
    cli_diag_count(d->nerrors, 0, "");
    cb_diags_free(d);
    return EXIT_INPUT;
  }
  cb_diags_free(d);
  if (o->periode && n == 0)
    return cli_no_period_error(o->periode, &pr);
  struct cb_buf out = CB_BUF_INIT;
  struct cb_provenance pv;
  cli_provenance(&pv, s);
  if (xlsx) {
    struct cb_xlsx *x = cli_xlsx_new();
    int rc = EXIT_USAGE;
    if (x) {
      cb_xlsx_schedule(x, ss, n);
      rc = cli_xlsx_output(x, &pv);
    }
    cb_provenance_free(&pv);
    cb_buf_free(&out);
    return rc;
  }
  if (strcmp(o->format, "json") == 0) {
    cb_schedule_json(&out, ss, n, &pv);
  } else if (pdf || strcmp(o->format, "html") == 0) {
    cb_html_schedule(&out, ss, n, o->au ? &until : NULL, cb_session_sources(s), &pv);
  } else if (strcmp(o->format, "csv") == 0) {
    struct cb_csv_out w;
    cb_csv_start(&w, &out, o->csv_excel);
    cb_schedule_csv(&w, ss, n);
    csv_provenance(&w, &pv);
  } else {
    for (size_t i = 0; i < n; i++) {
      if (i)
        cb_buf_putc(&out, '\n');
      cb_schedule_text(&out, ss[i]);
      if (o->au) {
        cb_buf_puts(&out, "Versements dus au ");
        cb_date_fmt(&out, until);
        cb_buf_puts(&out, " inclus.\n");
      }
    }
    text_provenance(&out, &pv);
  }
  cb_provenance_free(&pv);
  if (pdf)
    return cli_pdf_output(&out);
  return cli_output(&out);
}
