/*
 * qfast.h: exact rational arithmetic with a checked int64 fast path.
 *
 * The figures of an evaluation are small fractions (a measure of 12, an
 * objective of 15, a weight of 10 %, an envelope of 10 000 euros): GMP's
 * general routines spend most of their time on limb bookkeeping for them.
 * Each operation here first reads its operands as int64 fractions; when
 * both fit and every intermediate product or sum fits (checked with
 * __builtin_*_overflow), it computes in int64 and writes a canonical mpq;
 * otherwise it does exactly what the plain mpq_* call does. The result is
 * the same rational either way (tests/unit/test_qfast.c compares both paths
 * on random operands): only the cost differs.
 */
#ifndef CB_QFAST_H
#define CB_QFAST_H

#include <gmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "num.h"

/* A fraction n/d in lowest terms, d > 0, both within ±INT64_MAX. */
struct cb_q64 {
  int64_t n, d;
};

/* q as an int64 fraction; false when q does not fit (o untouched). */
bool cb_q64_get(struct cb_q64 *o, mpq_srcptr q);
/* out = v (v canonical). */
void cb_q64_put(mpq_ptr out, struct cb_q64 v);
/* o = a op b; false on overflow (or division by zero), o then untouched. */
bool cb_q64_add(struct cb_q64 *o, struct cb_q64 a, struct cb_q64 b);
bool cb_q64_sub(struct cb_q64 *o, struct cb_q64 a, struct cb_q64 b);
bool cb_q64_mul(struct cb_q64 *o, struct cb_q64 a, struct cb_q64 b);
bool cb_q64_div(struct cb_q64 *o, struct cb_q64 a, struct cb_q64 b);
/* *c = sign of a - b; false on overflow. */
bool cb_q64_cmp(int *c, struct cb_q64 a, struct cb_q64 b);

/* The same results as mpq_add, mpq_sub, mpq_mul, mpq_div and mpq_cmp (out
   may alias a or b; b nonzero for cb_qf_div, as for mpq_div). */
void cb_qf_add(mpq_ptr out, mpq_srcptr a, mpq_srcptr b);
void cb_qf_sub(mpq_ptr out, mpq_srcptr a, mpq_srcptr b);
void cb_qf_mul(mpq_ptr out, mpq_srcptr a, mpq_srcptr b);
void cb_qf_div(mpq_ptr out, mpq_srcptr a, mpq_srcptr b);
int cb_qf_cmp(mpq_srcptr a, mpq_srcptr b);

/* out = q rounded to a multiple of 1/per_unit (per_unit >= 1: 100 for the
   centime, 1 for the euro) with mode: what cb_num_round_step gives with a
   step of 1/per_unit. out may alias q. */
void cb_qf_round_unit(mpq_ptr out, mpq_srcptr q, unsigned long per_unit,
                      enum cb_round_mode mode);

#endif
