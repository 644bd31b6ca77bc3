/*
 * html.h: the skeleton shared by the HTML reports (eval, echeancier, diff,
 * test): one self-contained French HTML5 page with its CSS inline (screen
 * and print: A4, a page break before each section), no script and no
 * external URL; the header naming the report, its date and the SHA-256 of
 * every input (provenance.h), the text of the inputs embedded at the end
 * with an anchor per line, links to those lines, and the provenance block
 * that `cible verifie` reads back.
 */
#ifndef CB_HTML_H
#define CB_HTML_H

#include <stddef.h>

#include "source.h"

struct cb_buf;
struct cb_provenance;

/* s (NUL-terminated) or s[0..n) escaped for text and attribute values:
   & < > " ' as entities. */
void cb_html_esc(struct cb_buf *out, const char *s);
void cb_html_escn(struct cb_buf *out, const char *s, size_t n);

/* <!DOCTYPE html> … <body><header>: title (escaped) as <title> and <h1>,
   subtitle (may be NULL) under it, then the date, the version and the
   files read with their SHA-256 (pv may be NULL: none shown). */
void cb_html_begin(struct cb_buf *out, const char *title, const char *subtitle,
                   const struct cb_provenance *pv);
/* The embedded sources of srcs (may be NULL), each line with its anchor,
   the provenance block (pv may be NULL), </body></html>. */
void cb_html_end(struct cb_buf *out, const struct cb_sources *srcs,
                 const struct cb_provenance *pv);

/* A link to the line of loc in the embedded text: <a href="#s1-L12">
   file:12</a>; the text alone when loc has no source or srcs does not hold
   it. */
void cb_html_loc(struct cb_buf *out, const struct cb_sources *srcs, struct cb_loc loc);

#endif
