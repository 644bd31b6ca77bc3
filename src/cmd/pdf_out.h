/*
 * pdf_out.h: `--format pdf` for the commands that write an HTML report
 * (eval, echeancier): the page printed by Chromium (pdf.h), its bytes
 * written through cli_put_out like any report, never to a terminal.
 */
#ifndef CB_PDF_OUT_H
#define CB_PDF_OUT_H

struct cb_buf;

/* A PDF asked for on a terminal (no -o, no redirection): EXIT_USAGE after
   saying so; EXIT_OK otherwise. Checked before any work. */
int cli_pdf_refuse_terminal(void);
/* html (freed) printed to PDF and written out; EXIT_USAGE when Chromium is
   not installed (the package to install is named) or fails. */
int cli_pdf_output(struct cb_buf *html);

#endif
