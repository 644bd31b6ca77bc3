/*
 * summary_csv.h: `cible eval --format csv`, one summary row per contract and
 * period, for a portfolio read in a spreadsheet (columns in docs/langage.md).
 */
#ifndef CB_SUMMARY_CSV_H
#define CB_SUMMARY_CSV_H

#include <stdbool.h>

#include "eval.h"

struct cb_buf;

/* The header line; with_scenario: a first column `scenario`. */
void cb_summary_csv_header(struct cb_buf *out, bool with_scenario);
/* The rows of ev: one per period evaluated, each starting with scenario
   when it is not NULL. */
void cb_summary_csv_rows(struct cb_buf *out, const struct cb_evaluation *ev,
                         const char *scenario);

#endif
