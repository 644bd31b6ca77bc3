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

/* The pieces of the text form, for the other printers that show it (HTML):
   the lines above the table (contract, signature, periods, imports,
   rounding); the table's cells, s->nlines rows of CB_SCOL_N malloc'ed
   strings (NULL when empty), freed by cb_schedule_cells_free; the total
   line; and how line l's amount is computed ("01/07/2023  avance an 1,
   fixe de parcours : 20 000,00 € × …", no newline, no locations). */
enum { CB_SCOL_DATE, CB_SCOL_AN, CB_SCOL_OBJ, CB_SCOL_ENV, CB_SCOL_BASE, CB_SCOL_TAUX,
       CB_SCOL_PRO, CB_SCOL_MONT, CB_SCOL_CUM, CB_SCOL_N };
extern const char *const *const cb_schedule_col_title;
void cb_schedule_header(struct cb_buf *out, const struct cb_contract *c);
char **cb_schedule_cells(const struct cb_schedule *s);
void cb_schedule_cells_free(const struct cb_schedule *s, char **cells);
void cb_schedule_total(struct cb_buf *out, const struct cb_schedule *s);
void cb_schedule_computation(struct cb_buf *out, const struct cb_schedule *s,
                             const struct cb_pay_line *l);

#endif
