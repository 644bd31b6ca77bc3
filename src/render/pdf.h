/*
 * pdf.h: a PDF of an HTML report (`--format pdf`), printed by headless
 * Chromium from a temporary copy of the page. Cible writes no PDF itself:
 * the page is the report, Chromium only prints it (A4, the page's print
 * style sheet).
 */
#ifndef CB_PDF_H
#define CB_PDF_H

#include <stddef.h>

struct cb_buf;

enum cb_pdf_status {
  CB_PDF_OK,
  CB_PDF_NO_CHROMIUM, /* neither chromium nor chromium-browser in $PATH */
  CB_PDF_FAILED,      /* a temporary file, the run or its output failed: why says it */
};

/* The PDF of the page html[0..n) appended to pdf; on failure a French
   sentence in why. */
enum cb_pdf_status cb_pdf_render(const char *html, size_t n, struct cb_buf *pdf,
                                 struct cb_buf *why);

#endif
