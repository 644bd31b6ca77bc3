/*
 * totals.h: the money totals of an evaluated period, computed once.
 *
 * The variable envelopes held by an element or by elements under it, what
 * they pay, and the fixed envelopes: summed from the results the evaluator
 * computed, here only. The evaluator stores the root's totals in each
 * cb_period_eval; printers (text, JSON) and `cible test` read them.
 */
#ifndef CB_TOTALS_H
#define CB_TOTALS_H

#include <gmp.h>
#include <stdbool.h>

struct cb_arena;
struct cb_result;

struct cb_envelope_totals {
  bool any;                         /* some element holds a variable envelope */
  mpq_ptr variable;                 /* the sum of the variable envelopes */
  mpq_ptr paid;                     /* what they pay (the sum of their amounts as
                                       computed); meaningless when blocking */
  mpq_ptr fixe;                     /* the sum of the fixed envelopes */
  const struct cb_result *blocking; /* the first holder without a figure, or NULL */
};

/* Adds the totals of r and the elements under it to t (whose numbers are
   initialised; blocking is set only when NULL). */
void cb_envelope_sum(const struct cb_result *r, struct cb_envelope_totals *t);
/* The totals of r and the elements under it, in numbers of arena a. */
void cb_envelope_totals(struct cb_arena *a, const struct cb_result *r,
                        struct cb_envelope_totals *t);

/* The variable envelopes held by r or by elements under it, for the period
   of r: their total (env) and what they pay (paid, the sum of their amounts
   as shown); *blocking receives the first holder without a figure (NULL when
   each has one). False when there is no envelope there. A period's root
   totals are in cb_period_eval.totals. */
bool cb_envelope_paid(const struct cb_result *r, mpq_t env, mpq_t paid,
                      const struct cb_result **blocking);

#endif
