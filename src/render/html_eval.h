/*
 * html_eval.h: the HTML relevé of an evaluation (`cible eval --format
 * html`), written one contract at a time like the other reports of eval:
 * begin, then cb_html_eval_contract for each evaluation, then end.
 */
#ifndef CB_HTML_EVAL_H
#define CB_HTML_EVAL_H

#include <stddef.h>

#include "eval.h"
#include "source.h"

struct cb_buf;
struct cb_provenance;

struct cb_html_eval {
  struct cb_buf *out;
  const struct cb_sources *srcs; /* embedded at the end, the targets of the links */
  size_t uid;                    /* charts drawn: unique ids in the page */
};

/* The page's head and header: title, subtitle (the contracts and periods,
   may be NULL), provenance pv (may be NULL). */
void cb_html_eval_begin(struct cb_html_eval *h, struct cb_buf *out,
                        const struct cb_sources *srcs, const char *subtitle,
                        const struct cb_provenance *pv);
/* A section per evaluated period of ev: the summary, the table, then each
   element with its figures, its barème chart and its steps. scenario: the
   name of the measure set (`--scenario`), NULL for the run's own. */
void cb_html_eval_contract(struct cb_html_eval *h, const struct cb_evaluation *ev,
                           const char *scenario);
void cb_html_eval_end(struct cb_html_eval *h, const struct cb_provenance *pv);

#endif
