/*
 * bareme.h: reading a barème.
 *
 * Finds the tranche that contains a value, bounds compared exactly as written
 * (open or closed, -inf and +inf), and computes what the tranche pays: its
 * value, or for a `lineaire` tranche the straight line between its two ends;
 * and the most a barème can pay (its top tranche).
 */
#ifndef CB_BAREME_H
#define CB_BAREME_H

#include <gmp.h>

#include "model.h"

/* The tranche of br containing x, or NULL when x is in none. */
const struct cb_mtranche *cb_bareme_find(const struct cb_bareme *br, mpq_srcptr x);
/* The most any tranche of br pays (a rate or euros; 0 when it has none). */
void cb_bareme_top(mpq_ptr out, const struct cb_bareme *br);
/* What tranche t pays for x (a rate as a fraction, or euros). */
void cb_bareme_pay(mpq_ptr out, const struct cb_mtranche *t, mpq_srcptr x);

#endif
