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

/* The result of node id (indicator, donnée, group or contract) in pe. */
const struct cb_result *cb_report_find(const struct cb_evaluation *ev,
                                       const struct cb_period_eval *pe, const char *id);

#endif
