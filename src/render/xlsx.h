/*
 * xlsx.h: `cible eval --format xlsx`, the evaluation as an Excel workbook
 * (libxlsxwriter): one sheet per contract and period with the text table's
 * figures as numbers, and a sheet « Provenance ».
 */
#ifndef CB_XLSX_H
#define CB_XLSX_H

#include "eval.h"

struct cb_provenance;
struct cb_xlsx;

/* A workbook to be written to path; NULL when it cannot be made. */
struct cb_xlsx *cb_xlsx_open(const char *path);
/* The sheets of ev, one per period evaluated. */
void cb_xlsx_eval(struct cb_xlsx *x, const struct cb_evaluation *ev);
/* Adds the provenance sheet and writes the file; 0, or -1 when the library
   could not write it. Frees x. */
int cb_xlsx_close(struct cb_xlsx *x, const struct cb_provenance *pv);

#endif
