/*
 * cmd_eval.c: `cible eval`: the evaluation of each contract for its periods, or
 * those of --periode, as a text table, a JSON document or, with --explain,
 * the steps of one element (report.h), or CSV rows of each element and
 * period (results_csv.h), or the HTML relevé (html_eval.h), written out
 * contract by contract; or that relevé printed to PDF (pdf_out.h); or an
 * xlsx workbook, one sheet per contract and period (xlsx_out.h).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "csv.h"
#include "html_eval.h"
#include "json.h"
#include "pdf_out.h"
#include "provenance.h"
#include "report.h"
#include "session.h"
#include "results_csv.h"
#include "xlsx.h"
#include "xlsx_out.h"

/* The evaluation of c for the periods first to last, each one evaluated as
   if named alone (even without objective or measure), in order, with the
   measures ds, in arena a. */
static struct cb_evaluation *eval_periods(struct cb_session *s, const struct cb_contract *c,
                                          const struct cb_period *first,
                                          const struct cb_period *last,
                                          const struct cb_dataset *ds, struct cb_arena *a) {
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

/* One run of the report over the contracts of the session. */
struct report {
  struct cli_options *o;
  struct cb_session *s;
  struct period_range pr;
  bool json, csv, html, pdf; /* pdf: the HTML page, printed at the end */
  struct cb_xlsx *xlsx;       /* --format xlsx: the workbook */
  bool several;               /* several contracts (xlsx sheet names) */
  struct cb_html_eval h; /* --format html */
  struct cb_buf out;
  struct cb_jw w;
  struct cb_csv_out cw;
  struct cb_arena *a; /* one contract's results at a time */
  size_t nev;         /* contracts evaluated, over every measure set */
  bool found;         /* --explain: the element was found */
};

/* Evaluates and prints every contract with the measures ds; scenario: the
   name of the measure set, NULL for the run's own measures. */
static void report_contracts(struct report *r, const struct cb_dataset *ds,
                             const char *scenario) {
  struct cli_options *o = r->o;
  size_t before = r->nev;
  for (struct cb_contract *c = cb_session_program(r->s)->contracts; c; c = c->next) {
    const struct cb_period *first = NULL, *last = NULL;
    /* with several contracts, only those that have the periods */
    if (o->periode && !cli_contract_range(c, &r->pr, &first, &last))
      continue;
    const struct cb_evaluation *ev = o->periode ? eval_periods(r->s, c, first, last, ds, r->a)
                                                : cb_session_eval_on(r->s, c, NULL, ds, r->a);
    if (r->xlsx) {
      cb_xlsx_eval(r->xlsx, ev, scenario, r->several);
    } else if (r->html) {
      cb_html_eval_contract(&r->h, ev, scenario);
    } else if (o->explain) {
      r->found = cb_report_explain(&r->out, ev, o->explain) || r->found;
    } else if (r->json) {
      cb_report_json_contract(&r->w, ev);
    } else if (r->csv) {
      cb_results_csv_rows(&r->cw, ev, scenario);
    } else {
      if (r->nev > before)
        cb_buf_putc(&r->out, '\n');
      cb_report_text(&r->out, ev);
    }
    r->nev++;
    cb_arena_reset(r->a);
    if (!r->pdf && r->out.len >= FLUSH_AT) {
      cli_put_out(r->out.data, r->out.len);
      cb_buf_clear(&r->out);
    }
  }
}

/* The report is written contract by contract: each contract is evaluated
   in one arena, printed, written out once the buffer is large, and the
   arena emptied for the next. Memory is that of one contract's results,
   whatever the number of contracts. With --scenario, the contracts are
   evaluated once per measure set, one set after the other. */
int cmd_eval(struct cli_options *o, struct cb_session *s) {
  struct report r = {.o = o, .s = s, .out = CB_BUF_INIT};
  if (o->periode && !cli_parse_period_range(o->periode, &r.pr)) {
    return cli_usage_error(PERIOD_USAGE, o->periode);
  }
  r.json = !o->explain && strcmp(o->format, "json") == 0;
  r.csv = !o->explain && strcmp(o->format, "csv") == 0;
  r.pdf = strcmp(o->format, "pdf") == 0;
  r.html = r.pdf || strcmp(o->format, "html") == 0; /* every explanation is in it */
  if (r.pdf && cli_pdf_refuse_terminal() != EXIT_OK)
    return EXIT_USAGE;
  bool xlsx = !o->explain && strcmp(o->format, "xlsx") == 0;
  if (strcmp(o->format, "xlsx") == 0 && o->explain)
    return cli_usage_error("%s", "--explain ne s'écrit pas dans un classeur xlsx : texte ou --format html");
  if (xlsx && cli_xlsx_refuse_terminal() != EXIT_OK)
    return EXIT_USAGE;
  if (xlsx) {
    struct cb_contract *c0 = cb_session_program(s)->contracts;
    r.several = c0 && c0->next;
    if (!(r.xlsx = cli_xlsx_new()))
      return EXIT_USAGE;
  }
  bool sets = o->nscenarios > 0;
  struct cb_provenance pv;
  cli_provenance(&pv, s);
  if (r.html) {
    struct cb_buf sub = CB_BUF_INIT;
    size_t k = 0;
    for (const struct cb_contract *c = cb_session_program(s)->contracts; c; c = c->next)
      cb_buf_printf(&sub, "%s%s — %s", k++ ? " ; " : "Contrat ", c->id, c->label);
    cb_buf_printf(&sub, "%s%s", o->periode ? ". Période " : ". Toutes les périodes évaluées",
                  o->periode ? o->periode : "");
    cb_html_eval_begin(&r.h, &r.out, cb_session_sources(s), sub.data, &pv);
    cb_buf_free(&sub);
  }
  if (r.json && sets)
    cb_report_json_begin_sets(&r.w, &r.out);
  else if (r.json)
    cb_report_json_begin(&r.w, &r.out);
  if (r.csv) {
    cb_csv_start(&r.cw, &r.out, o->csv_excel);
    cb_results_csv_header(&r.cw, sets);
  }
  r.a = cb_arena_new();
  if (!sets)
    report_contracts(&r, cb_session_dataset(s), NULL);
  for (size_t i = 0; i < o->nscenarios; i++) {
    size_t n;
    const char *at = cli_scenario_name(o->scenarios[i], &n);
    char *name = cb_xstrndup(at, n);
    if (r.json) {
      cb_report_json_set(&r.w, name, o->scenarios[i]);
    } else if (!r.csv && !r.html && !r.xlsx) {
      if (i)
        cb_buf_putc(&r.out, '\n');
      cb_buf_printf(&r.out, "Scénario %s (mesures %s)\n\n", name, o->scenarios[i]);
    }
    report_contracts(&r, o->scenario_ds[i], name);
    if (r.json)
      cb_report_json_set_end(&r.w);
    free(name);
  }
  cb_arena_free(r.a);
  if (o->periode && r.nev == 0) {
    if (r.xlsx) {
      struct cb_buf drop = CB_BUF_INIT, why = CB_BUF_INIT;
      cb_xlsx_finish(r.xlsx, &drop, &why);
      cb_buf_free(&drop);
      cb_buf_free(&why);
    }
    cb_buf_free(&r.out);
    cb_provenance_free(&pv);
    return cli_no_period_error(o->periode, &r.pr);
  }
  if (o->explain && !r.found && !r.html && !r.xlsx) {
    cb_buf_free(&r.out);
    cb_provenance_free(&pv);
    return cli_usage_error("« %s » n'est ni un indicateur, ni une donnée, ni un groupe, ni un contrat", o->explain);
  }
  if (r.xlsx) {
    int rc = cli_xlsx_output(r.xlsx, &pv);
    cb_buf_free(&r.out);
    cb_provenance_free(&pv);
    return rc;
  }
  if (r.json)
    cb_report_json_end(&r.w, &pv);
  else if (r.csv)
    csv_provenance(&r.cw, &pv);
  else if (r.html)
    cb_html_eval_end(&r.h, &pv);
  else if (!o->explain)
    text_provenance(&r.out, &pv);
  cb_provenance_free(&pv);
  if (r.pdf)
    return cli_pdf_output(&r.out);
  return cli_output(&r.out);
}
