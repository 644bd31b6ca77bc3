/*
 * results_csv.h: `cible eval --format csv`, one row per element and period
 * with every figure of the text table (columns in docs/formats.md).
 */
#ifndef CB_RESULTS_CSV_H
#define CB_RESULTS_CSV_H

#include <stdbool.h>

#include "eval.h"

struct cb_csv_out;

/* The header line; with_scenario: a first column `scenario`. */
void cb_results_csv_header(struct cb_csv_out *w, bool with_scenario);
/* The rows of ev: for each period evaluated, the contract, its groups and
   indicators in the order of the contract, then its données; each starting
   with scenario when it is not NULL. */
void cb_results_csv_rows(struct cb_csv_out *w, const struct cb_evaluation *ev,
                         const char *scenario);

#endif
