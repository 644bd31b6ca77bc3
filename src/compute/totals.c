/*
 * totals.c: the money totals of an evaluated period (totals.h).
 *
 * Owns the one sum of envelopes over a result tree: the variable envelopes
 * and what they pay (the first holder without a figure blocks the total),
 * and the fixed envelopes. Printers never add amounts themselves.
 */
#include "totals.h"

#include "arena.h"
#include "eval.h"

void cb_envelope_sum(const struct cb_result *r, struct cb_envelope_totals *t) {
  if (r->fixe)
    mpq_add(t->fixe, t->fixe, r->fixe);
  if (r->variable) {
    t->any = true;
    mpq_add(t->variable, t->variable, r->variable);
    if (r->paid)
      mpq_add(t->paid, t->paid, r->paid);
    else if (!t->blocking)
      t->blocking = r;
  }
  for (size_t i = 0; i < r->nchildren; i++)
    cb_envelope_sum(r->children[i], t);
}

void cb_envelope_totals(struct cb_arena *a, const struct cb_result *r,
                        struct cb_envelope_totals *t) {
  t->any = false;
  t->variable = cb_arena_mpq(a);
  t->paid = cb_arena_mpq(a);
  t->fixe = cb_arena_mpq(a);
  t->blocking = NULL;
  cb_envelope_sum(r, t);
}

bool cb_envelope_paid(const struct cb_result *r, mpq_t env, mpq_t paid,
                         const struct cb_result **blocking) {
  mpq_t fixe;
  mpq_init(fixe);
  mpq_set_ui(env, 0, 1);
  mpq_set_ui(paid, 0, 1);
  struct cb_envelope_totals t = {false, env, paid, fixe, NULL};
  cb_envelope_sum(r, &t);
  mpq_clear(fixe);
  *blocking = t.blocking;
  return t.any;
}
