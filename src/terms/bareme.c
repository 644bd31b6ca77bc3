/*
 * bareme.c: tranche lookup and payout (see bareme.h).
 *
 * Tranches are few (a handful per barème), so lookup is a linear scan in
 * written order; the checker guarantees they are ordered, disjoint and
 * without gaps, so at most one matches.
 */
#include "bareme.h"

#include "qfast.h"

const struct cb_mtranche *cb_bareme_find(const struct cb_bareme *br, mpq_srcptr x) {
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    if (!t->lo_inf) {
      int c = cb_qf_cmp(x, t->lo);
      if (c < 0 || (c == 0 && !t->lo_closed))
        continue;
    }
    if (!t->hi_inf) {
      int c = cb_qf_cmp(x, t->hi);
      if (c > 0 || (c == 0 && !t->hi_closed))
        continue;
    }
    return t;
  }
  return NULL;
}

void cb_bareme_pay(mpq_ptr out, const struct cb_mtranche *t, mpq_srcptr x) {
  if (t->pay == CB_PAY_VALUE) {
    mpq_set(out, t->value);
    return;
  }
  /* from + (x - lo) / (hi - lo) × (to - from); the checker refused
     infinite bounds and empty tranches for linear ones */
  mpq_t f, w;
  mpq_inits(f, w, NULL);
  cb_qf_sub(f, x, t->lo);
  cb_qf_sub(w, t->hi, t->lo);
  if (mpq_sgn(w) == 0) {
    mpq_set(out, t->to);
  } else {
    cb_qf_div(f, f, w);
    cb_qf_sub(w, t->to, t->from);
    cb_qf_mul(f, f, w);
    cb_qf_add(out, t->from, f);
  }
  mpq_clears(f, w, NULL);
}

void cb_bareme_top(mpq_ptr out, const struct cb_bareme *br) {
  mpq_set_ui(out, 0, 1);
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    mpq_srcptr v = t->pay == CB_PAY_VALUE ? t->value
                   : mpq_cmp(t->from, t->to) > 0 ? t->from : t->to;
    if (i == 0 || mpq_cmp(v, out) > 0)
      mpq_set(out, v);
  }
}
