/*
 * cmd_mesures.c: `cible mesures --modele CONTRAT… [--periode P]`: the
 * measures template of the contracts, a CSV a coordinator fills in a
 * spreadsheet and gives back to --mesures. One row per element that needs
 * a measured value in a period: each indicator evaluated in that period
 * (one with an objective, or whose method needs none) and each donnée
 * without a formula, for the version of the contract in force; with its
 * label and unit in two columns the reader skips. The valeur column is
 * empty: a row left empty is refused on reading (E0306, « nd » says a
 * value is not available), so a template is never read half-filled in
 * silence. By default, the periods where some element has an objective.
 * With --format xlsx, the same rows in a workbook (xlsx.h) whose valeur
 * column alone is unlocked, with a sheet « Provenance ».
 */
#include "cli.h"

#include <string.h>

#include "buf.h"
#include "csv.h"
#include "provenance.h"
#include "session.h"
#include "xlsx.h"
#include "xlsx_out.h"

/* Whether element n of version cv needs a measure in period i. */
static bool needs_measure(const struct cb_node *n, size_t i) {
  if (n->expr)
    return false;
  if (n->kind == CB_NODE_DONNEE)
    return true;
  return n->kind == CB_NODE_INDICATOR &&
         (n->objectives[i].kind != CB_MOBJ_NONE || !cb_method_needs_objective(n->method) ||
          cb_points_per_unit(n));
}

/* Whether some element of c has an objective in period i. */
static bool has_objective(const struct cb_contract *c, size_t i) {
  const struct cb_contract *cv = cb_contract_at(c, &c->periods[i]);
  for (size_t k = 0; cv && k < cv->nindicators; k++)
    if (cv->indicators[k]->kind == CB_NODE_INDICATOR &&
        cv->indicators[k]->objectives[i].kind != CB_MOBJ_NONE)
      return true;
  return false;
}

int cmd_mesures(struct cli_options *o, struct cb_session *s) {
  if (!o->modele)
    return cli_usage_error("%s", "mesures attend --modele : cible mesures --modele CONTRAT… "
                                 "[--periode P] (le modèle de mesures à remplir)");
  struct period_range pr;
  if (o->periode && !cli_parse_period_range(o->periode, &pr))
    return cli_usage_error(PERIOD_USAGE, o->periode);
  bool xlsx = strcmp(o->format, "xlsx") == 0;
  if (xlsx && cli_xlsx_refuse_terminal() != EXIT_OK)
    return EXIT_USAGE;
  struct cb_xlsx *x = NULL;
  if (xlsx) {
    if (!(x = cli_xlsx_new()))
      return EXIT_USAGE;
    cb_xlsx_template_begin(x);
  }
  struct cb_buf out = CB_BUF_INIT;
  struct cb_csv_out w;
  cb_csv_start(&w, &out, o->csv_excel);
  static const char *const header[] = {"contrat", "indicateur", "periode", "valeur", "libelle",
                                       "unite"};
  for (size_t k = 0; k < sizeof header / sizeof header[0]; k++)
    cb_csv_text(&w, header[k]);
  cb_csv_end_row(&w);
  size_t nperiods = 0;
  for (const struct cb_contract *c = cb_session_program(s)->contracts; c; c = c->next) {
    const struct cb_period *first = NULL, *last = NULL;
    if (o->periode && !cli_contract_range(c, &pr, &first, &last))
      continue;
    for (size_t i = 0; i < c->nperiods; i++) {
      if (first && ((int)i < first->index || (int)i > last->index))
        continue;
      if (!first && !has_objective(c, i))
        continue;
      const struct cb_contract *cv = cb_contract_at(c, &c->periods[i]);
      if (!cv)
        continue;
      nperiods++;
      for (size_t k = 0; k < cv->nindicators; k++) {
        const struct cb_node *n = cv->indicators[k];
        if (!needs_measure(n, i))
          continue;
        if (x) {
          cb_xlsx_template_row(x, c->id, n->id, c->periods[i].name, n->label, n->unit.word);
          continue;
        }
        cb_csv_text(&w, c->id);
        cb_csv_text(&w, n->id);
        cb_csv_text(&w, c->periods[i].name);
        cb_csv_text(&w, NULL);
        cb_csv_text(&w, n->label);
        cb_csv_text(&w, n->unit.word);
        cb_csv_end_row(&w);
      }
    }
  }
  if (o->periode && nperiods == 0) {
    cb_buf_free(&out);
    if (x) {
      struct cb_buf why = CB_BUF_INIT;
      cb_xlsx_finish(x, &out, &why);
      cb_buf_free(&out);
      cb_buf_free(&why);
    }
    return cli_no_period_error(o->periode, &pr);
  }
  if (x) {
    cb_buf_free(&out);
    struct cb_provenance pv;
    cli_provenance(&pv, s);
    int rc = cli_xlsx_output(x, &pv);
    cb_provenance_free(&pv);
    return rc;
  }
  return cli_output(&out);
}
