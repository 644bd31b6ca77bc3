/*
 * chart.h: the SVG charts of the HTML reports, drawn from figures the
 * evaluator and the schedule computed: a barème as a step chart (what each
 * tranche pays along what the barème reads) with the tranche reached and
 * the value read marked, and a dated timeline of payments. Coordinates are
 * integers computed with GMP from the exact figures: no floating point.
 * Every chart has a <title> and a <desc> that say in words what it shows.
 */
#ifndef CB_CHART_H
#define CB_CHART_H

#include <gmp.h>
#include <stddef.h>

#include "model.h"

struct cb_buf;
struct cb_schedule;

/* The barème br (of indicator n: its unit for a `bareme sur valeur`); hit,
   the tranche reached (NULL: none), x the value read in it and pay what it
   pays (both NULL when no tranche is reached). uid makes the SVG's ids
   unique in the page. */
void cb_chart_bareme(struct cb_buf *out, const struct cb_bareme *br, const struct cb_node *n,
                     const struct cb_mtranche *hit, mpq_srcptr x, mpq_srcptr pay, size_t uid);

/* The payments of s on a time axis: a bar per date, its height the amount
   paid that day; a dated marker for the payments still to be determined.
   uid as above. */
void cb_chart_timeline(struct cb_buf *out, const struct cb_schedule *s, size_t uid);

#endif
