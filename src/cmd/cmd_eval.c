/*
 * cmd_eval.c: `cible eval`: the evaluation of each contract for its periods, or
 * those of --periode, as a text table, a JSON document or, with --explain,
 * the steps of one element (report.h).
 */
#include "cli.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "report.h"
#include "session.h"

/* The evaluation of c for the periods first to last, each one evaluated as
   if named alone (even without objective or measure), in order. */
static struct cb_evaluation *eval_periods(struct cb_session *s, const struct cb_contract *c,
                                          const struct cb_period *first,
                                          const struct cb_period *last) {
  if (first == last)
    return cb_session_eval(s, c, first);
  struct cb_evaluation *ev = cb_arena_alloc(cb_session_arena(s), sizeof *ev);
  ev->contract = c;
  ev->nperiods = 0;
  ev->versions = NULL;
  size_t cap = 0;
  ev->periods = NULL;
  struct cb_evaluation **parts =
      cb_arena_array(cb_session_arena(s), (size_t)(last->index - first->index + 1), sizeof *parts);
  for (int i = first->index; i <= last->index; i++) {
    struct cb_evaluation *e = cb_session_eval(s, c, &c->periods[i]);
    parts[i - first->index] = e;
    cap += e->nperiods;
    if (!ev->versions)
      ev->versions = e->versions;
  }
  ev->periods = cb_arena_array(cb_session_arena(s), cap ? cap : 1, sizeof *ev->periods);
  for (int i = first->index; i <= last->index; i++) {
    const struct cb_evaluation *e = parts[i - first->index];
    for (size_t k = 0; k < e->nperiods; k++)
      ev->periods[ev->nperiods++] = e->periods[k];
  }
  return ev;
}

int cmd_eval(struct cli_options *o, struct cb_session *s) {
  struct cb_program *p = cb_session_program(s);
  struct period_range pr;
  if (o->periode && !cli_parse_period_range(o->periode, &pr)) {
    return cli_usage_error(PERIOD_USAGE, o->periode);
  }
  struct cb_arena *a = cb_session_arena(s);
  struct cb_evaluation **evs = cb_arena_array(a, p->ncontracts ? p->ncontracts : 1, sizeof *evs);
  size_t nev = 0;
  for (struct cb_contract *c = p->contracts; c; c = c->next) {
    if (!o->periode) {
      evs[nev++] = cb_session_eval(s, c, NULL);
      continue;
    }
    /* with several contracts, only those that have the periods */
    const struct cb_period *first, *last;
    if (!cli_contract_range(c, &pr, &first, &last))
      continue;
    evs[nev++] = eval_periods(s, c, first, last);
  }
  if (o->periode && nev == 0)
    return cli_no_period_error(o->periode, &pr);
  struct cb_buf out = CB_BUF_INIT;
  if (o->explain) {
    bool found = false;
    for (size_t i = 0; i < nev; i++)
      found = cb_report_explain(&out, evs[i], o->explain) || found;
    if (!found) {
      cb_buf_free(&out);
      return cli_usage_error("« %s » n'est ni un indicateur, ni une donnée, ni un groupe, ni un contrat", o->explain);
    }
  } else if (strcmp(o->format, "json") == 0) {
    cb_report_json(&out, evs, nev);
  } else {
    for (size_t i = 0; i < nev; i++) {
      if (i)
        cb_buf_putc(&out, '\n');
      cb_report_text(&out, evs[i]);
    }
  }
  return cli_output(&out);
}
