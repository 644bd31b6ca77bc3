/*
 * xlsx.h: the reports as an Excel workbook (`--format xlsx`, libxlsxwriter):
 * `eval` one sheet per contract and period, `echeancier` one sheet of dated
 * payments, `mesures --modele` the template to fill, and a sheet
 * « Provenance ». Columns and formats in docs/formats.md (« Classeurs xlsx »).
 */
#ifndef CB_XLSX_H
#define CB_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "eval.h"

struct cb_buf;
struct cb_provenance;
struct cb_schedule;
struct cb_xlsx;

/* A new workbook, written to a temporary file of $TMPDIR (or /tmp); NULL
   with why filled when it cannot be created. */
struct cb_xlsx *cb_xlsx_new(struct cb_buf *why);

/* eval: one sheet per period of ev, named after the period, prefixed by the
   contract's id when several contracts are written (several) and by the
   scenario when not NULL. */
void cb_xlsx_eval(struct cb_xlsx *x, const struct cb_evaluation *ev, const char *scenario,
                  bool several);

/* echeancier: the sheet « Échéancier » with the payments of the n schedules. */
void cb_xlsx_schedule(struct cb_xlsx *x, struct cb_schedule **ss, size_t n);

/* mesures --modele: the sheet « Mesures », the header row then rows added
   one by one; the valeur column is left empty and unlocked. */
void cb_xlsx_template_begin(struct cb_xlsx *x);
void cb_xlsx_template_row(struct cb_xlsx *x, const char *contract, const char *id,
                          const char *period, const char *label, const char *unit);

/* The sheet « Provenance » (pv may be NULL: no sheet). */
void cb_xlsx_provenance(struct cb_xlsx *x, const struct cb_provenance *pv);

/* Closes the workbook, appends its bytes to out, removes the temporary
   file and frees x; false with why filled on failure. */
bool cb_xlsx_finish(struct cb_xlsx *x, struct cb_buf *out, struct cb_buf *why);

#endif
