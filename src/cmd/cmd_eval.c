/*
 * cmd_eval.c: `cible eval`: the evaluation of each contract for its periods, or
 * those of --periode, as a text table, a JSON document or, with --explain,
 * the steps of one element (report.h), or a CSV summary of each contract and
 * period (summary_csv.h), written out contract by contract.
 */
#include "cli.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "json.h"
#include "report.h"
#include "session.h"
#include "summary_csv.h"

/* The evaluation of c for the periods first to last, each one evaluated as
   if named alone (even without objective or measure), in order, in arena a. */
static struct cb_evaluation *eval_periods(struct cb_session *s, const struct cb_contract *c,
                                          const struct cb_period *first,
                                          const struct cb_period *last, struct cb_arena *a) {
  const struct cb_dataset *ds = cb_session_dataset(s);
  if (first == last)
    return cb_session_eval_on(s, c, first, ds, a);
  struct cb_evaluation *ev = cb_arena_alloc(a, sizeof *ev);
  ev->contract = c;
  ev->nperiods = 0;
  ev->versions = NULL;
  size_t cap = 0;
  ev->periods = NULL;
  struct cb_evaluation **parts =
      cb_arena_array(a, (size_t)(last->index - first->index + 1), sizeof *parts);
  for (int i = first->index; i <= last->index; i++) {
    struct cb_evaluation *e = cb_session_eval_on(s, c, &c->periods[i], ds, a);
    parts[i - first->index] = e;
    cap += e->nperiods;
    if (!ev->versions)
      ev->versions = e->versions;
  }
  ev->periods = cb_arena_array(a, cap ? cap : 1, sizeof *ev->periods);
  for (int i = first->index; i <= last->index; i++) {
    const struct cb_evaluation *e = parts[i - first->index];
    for (size_t k = 0; k < e->nperiods; k++)
      ev->periods[ev->nperiods++] = e->periods[k];
  }
  return ev;
}

/* What is written before the buffer goes to the standard output. */
#define FLUSH_AT ((size_t)1 << 20)

/* The report is written contract by contract: each contract is evaluated
   in one arena, printed, written out once the buffer is large, and the
   arena emptied for the next. Memory is that of one contract's
   results, whatever the number of contracts. */
int cmd_eval(struct cli_options *o, struct cb_session *s) {
  struct cb_program *p = cb_session_program(s);
  struct period_range pr;
  if (o->periode && !cli_parse_period_range(o->periode, &pr)) {
    return cli_usage_error(PERIOD_USAGE, o->periode);
  }
  bool json = !o->explain && strcmp(o->format, "json") == 0;
  bool csv = !o->explain && strcmp(o->format, "csv") == 0;
  struct cb_buf out = CB_BUF_INIT;
  struct cb_jw w;
  if (json)
    cb_report_json_begin(&w, &out);
  if (csv)
    cb_summary_csv_header(&out);
  size_t nev = 0;
  bool found = false;
  struct cb_arena *a = cb_arena_new(); /* one contract's results at a time */
  for (struct cb_contract *c = p->contracts; c; c = c->next) {
    const struct cb_period *first = NULL, *last = NULL;
    /* with several contracts, only those that have the periods */
    if (o->periode && !cli_contract_range(c, &pr, &first, &last))
      continue;
    const struct cb_evaluation *ev =
        o->periode ? eval_periods(s, c, first, last, a)
                   : cb_session_eval_on(s, c, NULL, cb_session_dataset(s), a);
    if (o->explain) {
      found = cb_report_explain(&out, ev, o->explain) || found;
    } else if (json) {
      cb_report_json_contract(&w, ev);
    } else if (csv) {
      cb_summary_csv_rows(&out, ev);
    } else {
      if (nev)
        cb_buf_putc(&out, '\n');
      cb_report_text(&out, ev);
    }
    nev++;
    cb_arena_reset(a);
    if (out.len >= FLUSH_AT) {
      cli_put_out(out.data, out.len);
      cb_buf_clear(&out);
    }
  }
  cb_arena_free(a);
  if (o->periode && nev == 0) {
    cb_buf_free(&out);
    return cli_no_period_error(o->periode, &pr);
  }
  if (o->explain && !found) {
    cb_buf_free(&out);
    return cli_usage_error("« %s » n'est ni un indicateur, ni une donnée, ni un groupe, ni un contrat", o->explain);
  }
  if (json)
    cb_report_json_end(&w);
  return cli_output(&out);
}
