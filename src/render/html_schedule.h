/*
 * html_schedule.h: the HTML payment schedule (`cible echeancier --format
 * html`): per contract, the dated timeline of its payments (chart.h), the
 * table of the text form with the payments still to be determined, and
 * how each amount is computed, linked to the rules' lines.
 */
#ifndef CB_HTML_SCHEDULE_H
#define CB_HTML_SCHEDULE_H

#include <stddef.h>

#include "schedule.h"
#include "source.h"

struct cb_buf;
struct cb_provenance;

/* The whole page for the schedules ss[0..n); until: the date of `--au`
   (NULL: none); pv may be NULL. */
void cb_html_schedule(struct cb_buf *out, struct cb_schedule **ss, size_t n,
                      const struct cb_date *until, const struct cb_sources *srcs,
                      const struct cb_provenance *pv);

#endif
