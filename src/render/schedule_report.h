/*
 * schedule_report.h: printers of payment schedules (text, JSON, CSV).
 *
 * Like report.h for evaluations, they only read what schedule.c computed:
 * each line's date, year, object, envelope, base, rate, proration, amount
 * and running total, and for the text form the computation of every amount
 * with the contract (or accord) lines it comes from.
 */
#ifndef CB_SCHEDULE_REPORT_H
#define CB_SCHEDULE_REPORT_H

#include <stddef.h>

#include "schedule.h"

struct cb_buf;

void cb_schedule_text(struct cb_buf *out, const struct cb_schedule *s);
/* Schema "cible-echeancier/1" (docs/json.md). */
struct cb_provenance;
/* pv (may be NULL): the document's "provenance" key. */
void cb_schedule_json(struct cb_buf *out, struct cb_schedule **s, size_t n,
                      const struct cb_provenance *pv);
/* One header line, then a line per payment, ISO dates; separator and
   decimal mark those of w (csv.h; columns in docs/formats.md). */
struct cb_csv_out;
void cb_schedule_csv(struct cb_csv_out *w, struct cb_schedule **s, size_t n);

#endif
