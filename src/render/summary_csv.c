/*
 * summary_csv.c: the summary of an evaluation as CSV rows, one per contract
 * and period: its dates, its status, its global attainment, its fixed part,
 * its variable envelope and what that pays, what the contract pays in all
 * when the contract itself holds the figure, and why a figure is missing.
 * Separator ';', figures with a decimal point (euros to the centime,
 * attainment in % to six decimals at most: the exact values are in the
 * JSON report), a field quoted only when it holds ';', '"' or a line break,
 * as `echeancier --format csv` writes.
 */
#include "summary_csv.h"

#include <string.h>

#include "buf.h"
#include "csv.h"
#include "date.h"
#include "num.h"
#include "report.h"

static void euros(struct cb_buf *b, mpq_srcptr q) {
  if (q)
    cb_num_fmt(b, q, 2, CB_WRITE_DOT);
}

static void percent(struct cb_buf *b, mpq_srcptr q) {
  if (!q)
    return;
  mpq_t pc;
  mpq_init(pc);
  mpq_set_ui(pc, 100, 1);
  mpq_mul(pc, pc, q);
  cb_num_fmt(b, pc, 6, CB_WRITE_NATURAL | CB_WRITE_DOT);
  mpq_clear(pc);
}

void cb_summary_csv_header(struct cb_buf *out, bool with_scenario) {
  if (with_scenario)
    cb_buf_puts(out, "scenario;");
  cb_buf_puts(out, "contrat;periode;debut;fin;statut;atteinte_pct;part_fixe;"
                   "enveloppe_variable;verse_variable;verse;unite_verse;raison\n");
}

void cb_summary_csv_rows(struct cb_buf *out, const struct cb_evaluation *ev,
                         const char *scenario) {
  for (size_t k = 0; k < ev->nperiods; k++) {
    const struct cb_period_eval *pe = &ev->periods[k];
    const struct cb_result *root = pe->root;
    const struct cb_envelope_totals *tot = &pe->totals;
    if (scenario) {
      cb_csv_put_field(out, scenario);
      cb_buf_putc(out, ';');
    }
    cb_csv_put_field(out, ev->contract->id);
    cb_buf_putc(out, ';');
    cb_csv_put_field(out, pe->period->name);
    cb_buf_putc(out, ';');
    if (pe->period->dated)
      cb_date_fmt_iso(out, pe->period->start);
    cb_buf_putc(out, ';');
    if (pe->period->dated)
      cb_date_fmt_iso(out, pe->period->end);
    cb_buf_putc(out, ';');
    cb_buf_puts(out, cb_status_code(root->status));
    cb_buf_putc(out, ';');
    percent(out, root->attainment);
    cb_buf_putc(out, ';');
    if (tot->fixe && mpq_sgn(tot->fixe))
      euros(out, tot->fixe);
    cb_buf_putc(out, ';');
    if (tot->any)
      euros(out, tot->variable);
    cb_buf_putc(out, ';');
    if (tot->any && !tot->blocking)
      euros(out, tot->paid);
    cb_buf_putc(out, ';');
    euros(out, root->paid);
    cb_buf_putc(out, ';');
    if (root->paid)
      cb_buf_puts(out, root->share_points ? "points" : "EUR");
    cb_buf_putc(out, ';');
    if (tot->any && tot->blocking) {
      struct cb_buf why = CB_BUF_INIT;
      cb_buf_printf(&why, "part variable de « %s » : %s", tot->blocking->node->id,
                    tot->blocking->reason ? tot->blocking->reason : "à déterminer");
      cb_csv_put_field(out, cb_buf_str(&why));
      cb_buf_free(&why);
    } else {
      cb_csv_put_field(out, root->reason);
    }
    cb_buf_putc(out, '\n');
  }
}
