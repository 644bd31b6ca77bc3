/*
 * summary_csv.h: `cible eval --format csv`, one summary row per contract and
 * period, for a portfolio read in a spreadsheet (columns in docs/langage.md).
 */
#ifndef CB_SUMMARY_CSV_H
#define CB_SUMMARY_CSV_H

#include "eval.h"

struct cb_buf;

/* The header line. */
void cb_summary_csv_header(struct cb_buf *out);
/* The rows of ev: one per period evaluated. */
void cb_summary_csv_rows(struct cb_buf *out, const struct cb_evaluation *ev);

#endif
