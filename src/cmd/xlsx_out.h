/*
 * xlsx_out.h: `--format xlsx` for eval, echeancier and mesures --modele:
 * the workbook (xlsx.h) written through cli_put_out like any report (-o
 * FICHIER atomically), never to a terminal.
 */
#ifndef CB_XLSX_OUT_H
#define CB_XLSX_OUT_H

struct cb_xlsx;
struct cb_provenance;

/* An xlsx asked for on a terminal (no -o, no redirection): EXIT_USAGE after
   saying so; EXIT_OK otherwise. Checked before any work. */
int cli_xlsx_refuse_terminal(void);
/* A new workbook; NULL after saying why (an I/O error: EXIT_USAGE to return). */
struct cb_xlsx *cli_xlsx_new(void);
/* x finished with the sheet « Provenance » of pv (may be NULL), written
   out; the exit status. */
int cli_xlsx_output(struct cb_xlsx *x, const struct cb_provenance *pv);

#endif
