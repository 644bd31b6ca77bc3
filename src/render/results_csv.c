/*
 * results_csv.c: `cible eval --format csv`, the results as a spreadsheet
 * reads them: one row per element (the contract, its groups, indicators and
 * données) and period, with every figure of the text table (objective,
 * measure, ratio, attainment, after the barème and its tranche, weight,
 * ACI points earned and possible, share, paid, status and why), and on the contract's row the figures of
 * its summary (fixed part, variable envelope and what it pays). A portfolio
 * summary is the rows of level `contrat`.
 *
 * Figures are numbers, not French text: euros to the centime as the text
 * table shows them, rates in percent to six places at most, measures and
 * objectives exactly as written; the exact fractions are in the JSON report.
 * The separator, decimal mark and line ends are those of cb_csv_out (plain,
 * or Excel with --csv-excel).
 */
#include "results_csv.h"

#include <string.h>

#include "buf.h"
#include "csv.h"
#include "date.h"
#include "report.h"

static const char *const header[] = {
    "contrat",     "periode",  "debut",      "fin",          "niveau",
    "element",     "parent",   "libelle",    "statut",       "objectif",
    "mesure",      "unite",    "ratio_pct",  "atteinte_pct", "apres_bareme_pct",
    "tranche",     "poids_pct", "points",    "points_possibles", "part",
    "verse",       "unite_verse",
    "part_fixe",   "enveloppe_variable", "verse_variable", "raison",
};

void cb_results_csv_header(struct cb_csv_out *w, bool with_scenario) {
  if (with_scenario)
    cb_csv_text(w, "scenario");
  for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
    cb_csv_text(w, header[i]);
  cb_csv_end_row(w);
}

/* What a row of the element r says about why a figure is missing: its
   reason, the gate of a prérequis, or for the contract the variable part
   that waits. */
static void reason(struct cb_buf *b, const struct cb_result *r,
                   const struct cb_envelope_totals *tot) {
  if (r->node->kind == CB_NODE_CONTRACT && tot->any && tot->blocking) {
    cb_buf_printf(b, "part variable de « %s » : %s", tot->blocking->node->id,
                  tot->blocking->reason ? tot->blocking->reason : "à déterminer");
    return;
  }
  if (r->reason)
    cb_buf_puts(b, r->reason);
  if (r->gate && (!r->reason || strcmp(r->reason, r->gate) != 0))
    cb_buf_printf(b, "%s%s", b->len ? " ; " : "", r->gate);
  if (r->share_unknown && (!r->reason || !strstr(r->share_unknown, r->reason)))
    cb_buf_printf(b, "%s%s", b->len ? " ; " : "", r->share_unknown);
}

/* The level of r's node: contrat, mission, axe…, indicateur, donnee. */
static const char *level(const struct cb_node *n) {
  switch (n->kind) {
  case CB_NODE_CONTRACT:
    return "contrat";
  case CB_NODE_INDICATOR:
    return "indicateur";
  case CB_NODE_DONNEE:
    return "donnee";
  case CB_NODE_GROUP:
    break;
  }
  return n->word;
}

static void row(struct cb_csv_out *w, const struct cb_period_eval *pe, const struct cb_result *r,
                const char *scenario) {
  const struct cb_node *n = r->node;
  const struct cb_period *p = pe->period;
  if (scenario)
    cb_csv_text(w, scenario);
  cb_csv_text(w, pe->contract->id);
  cb_csv_text(w, p->name);
  struct cb_buf d = CB_BUF_INIT;
  if (p->dated)
    cb_date_fmt_iso(&d, p->start);
  cb_csv_text(w, cb_buf_str(&d));
  cb_buf_clear(&d);
  if (p->dated)
    cb_date_fmt_iso(&d, p->end);
  cb_csv_text(w, cb_buf_str(&d));
  cb_buf_free(&d);
  cb_csv_text(w, level(n));
  cb_csv_text(w, n->id);
  cb_csv_text(w, n->parent ? n->parent->id : NULL);
  cb_csv_text(w, n->label);
  cb_csv_text(w, cb_status_code(r->status));
  cb_csv_num(w, r->objective, 6, true);
  if (r->measure)
    cb_csv_num(w, r->measure, 6, true);
  else if (r->m && (r->m->kind == CB_MVAL_OUI || r->m->kind == CB_MVAL_NON))
    cb_csv_text(w, r->m->kind == CB_MVAL_OUI ? "oui" : "non");
  else if (r->m && r->m->kind == CB_MVAL_ND)
    cb_csv_text(w, "nd");
  else
    cb_csv_text(w, NULL);
  cb_csv_text(w, n->unit.word);
  cb_csv_pct(w, r->ratio);
  cb_csv_pct(w, r->attainment && r->status == CB_RES_OK ? r->attainment : NULL);
  bool in_bareme = r->tranche && r->after && r->status == CB_RES_OK;
  cb_csv_pct(w, in_bareme && !r->tranche->pays_amount ? r->after : NULL);
  cb_csv_text(w, in_bareme ? r->tranche->text : NULL);
  cb_csv_pct(w, r->weight && n->kind != CB_NODE_CONTRACT ? r->weight : NULL);
  /* ACI points: earned, of possible (empty when unknown: the reason says why) */
  cb_csv_num(w, r->points_share ? r->points_paid : NULL, 6, true);
  cb_csv_num(w, r->points_share, 6, true);
  cb_csv_num(w, r->share, 2, false);
  cb_csv_num(w, r->paid, 2, false);
  cb_csv_text(w, r->paid || r->share ? (r->share_points ? "points" : "EUR") : NULL);
  const struct cb_envelope_totals *tot = &pe->totals;
  bool top = n->kind == CB_NODE_CONTRACT;
  cb_csv_num(w, top && tot->fixe && mpq_sgn(tot->fixe) ? tot->fixe : NULL, 2, false);
  cb_csv_num(w, top && tot->any ? tot->variable : NULL, 2, false);
  cb_csv_num(w, top && tot->any && !tot->blocking ? tot->paid : NULL, 2, false);
  struct cb_buf why = CB_BUF_INIT;
  reason(&why, r, tot);
  cb_csv_text(w, why.len ? cb_buf_str(&why) : NULL);
  cb_buf_free(&why);
  cb_csv_end_row(w);
}

static void rows(struct cb_csv_out *w, const struct cb_period_eval *pe,
                 const struct cb_result *r, const char *scenario) {
  row(w, pe, r, scenario);
  for (size_t i = 0; i < r->nchildren; i++)
    rows(w, pe, r->children[i], scenario);
}

void cb_results_csv_rows(struct cb_csv_out *w, const struct cb_evaluation *ev,
                         const char *scenario) {
  for (size_t k = 0; k < ev->nperiods; k++) {
    const struct cb_period_eval *pe = &ev->periods[k];
    rows(w, pe, pe->root, scenario);
    /* données are inputs, not elements of the tree: after it */
    const struct cb_contract *c = pe->contract;
    for (size_t i = 0; i < c->nindicators; i++)
      if (c->indicators[i]->kind == CB_NODE_DONNEE && pe->by_index[i])
        row(w, pe, pe->by_index[i], scenario);
  }
}
