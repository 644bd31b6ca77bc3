/*
 * report.h: printers of evaluations (text table, JSON, --explain).
 *
 * Printers only read results: every figure they show was computed and held
 * exactly by the evaluator; they choose columns and round for display.
 */
#ifndef CB_REPORT_H
#define CB_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "eval.h"

struct cb_buf;

void cb_report_text(struct cb_buf *out, const struct cb_evaluation *ev);
/* Steps of the node named id in each evaluated period; false if unknown. */
bool cb_report_explain(struct cb_buf *out, const struct cb_evaluation *ev, const char *id);
/* JSON for every evaluation given (schema in docs/json.md). */
void cb_report_json(struct cb_buf *out, struct cb_evaluation **evs, size_t n);
/* The same document written one contract at a time, so that a caller can
   write out and free each evaluation before the next: begin, then
   cb_report_json_contract for each evaluation, then end. w writes to out. */
struct cb_jw;
void cb_report_json_begin(struct cb_jw *w, struct cb_buf *out);
void cb_report_json_contract(struct cb_jw *w, const struct cb_evaluation *ev);
struct cb_provenance;
/* Closes the document; pv (may be NULL): its "provenance" key, last. */
void cb_report_json_end(struct cb_jw *w, const struct cb_provenance *pv);
/* With measure sets (`eval --scenario`): begin_sets instead of begin, then
   for each set cb_report_json_set (its name and measures file), its
   contracts, cb_report_json_set_end; then cb_report_json_end. */
void cb_report_json_begin_sets(struct cb_jw *w, struct cb_buf *out);
void cb_report_json_set(struct cb_jw *w, const char *name, const char *file);
void cb_report_json_set_end(struct cb_jw *w);

/* The table of the text report, cell by cell, for the other printers that
   show it (HTML): one row per node of the tree under root in contract
   order, CB_RCOL_N cells a row (malloc'ed strings, NULL when empty), the
   identifier indented by two spaces per level (depth), and the result of
   each row. */
enum { CB_RCOL_ID, CB_RCOL_OBJ, CB_RCOL_MES, CB_RCOL_RATIO, CB_RCOL_ATT, CB_RCOL_BAR,
       CB_RCOL_POIDS, CB_RCOL_POINTS, CB_RCOL_PART, CB_RCOL_VERSE, CB_RCOL_ETAT, CB_RCOL_N };
extern const char *const *const cb_report_col_title; /* "élément", "objectif", … */
struct cb_report_table {
  char **cells; /* nrows * CB_RCOL_N */
  const struct cb_result **res;
  int *depth;
  size_t nrows, cap;
};
void cb_report_table_build(struct cb_report_table *t, const struct cb_result *root);
void cb_report_table_free(struct cb_report_table *t);
/* "Période an 1 (du 20/01/2023 au 19/01/2024)\n" */
void cb_report_period_title(struct cb_buf *out, const struct cb_period *p);
/* The lines under the text table of period pe of contract c: global
   attainment, points, variable part, total, fixed part, rounding. */
void cb_report_summary(struct cb_buf *out, const struct cb_contract *c,
                       const struct cb_period_eval *pe);

/* The status of a result as the reports write it: "evalue", "neutralise",
   "sans_objectif", "a_definir", "mesure_manquante", "indetermine", "exclu",
   "valeur". */
const char *cb_status_code(enum cb_status s);

/* The result of node id (indicator, donnée, group or contract) in pe. */
const struct cb_result *cb_report_find(const struct cb_evaluation *ev,
                                       const struct cb_period_eval *pe, const char *id);

#endif
