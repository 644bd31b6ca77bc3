/*
 * qfast.c: the checked int64 fast path of exact arithmetic (see qfast.h).
 *
 * An mpq whose numerator and denominator each take at most one limb below
 * 2^63 is read as an int64 fraction; sums, products and quotients are
 * computed with cross-reduction by gcd and every multiplication and addition
 * checked for overflow. Any operand that does not fit, and any overflow,
 * sends the operation to GMP, which gives the same rational. Results are in
 * lowest terms with a positive denominator, as GMP keeps them.
 */
#include "qfast.h"

#include <limits.h>

#if GMP_NUMB_BITS == 64 && GMP_NAIL_BITS == 0 && LONG_MAX >= INT64_MAX
#define CB_QFAST 1
#else
#define CB_QFAST 0
#endif

static uint64_t gcd64(uint64_t a, uint64_t b) {
  while (b) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static uint64_t abs64(int64_t v) { return v < 0 ? -(uint64_t)v : (uint64_t)v; }

/* The int64 value of z, when |z| <= INT64_MAX. */
static bool z64(int64_t *o, mpz_srcptr z) {
#if CB_QFAST
  int s = z->_mp_size;
  if (s == 0) {
    *o = 0;
    return true;
  }
  if (s != 1 && s != -1)
    return false;
  mp_limb_t l = z->_mp_d[0];
  if (l > (mp_limb_t)INT64_MAX)
    return false;
  *o = s > 0 ? (int64_t)l : -(int64_t)l;
  return true;
#else
  (void)o;
  (void)z;
  return false;
#endif
}

bool cb_q64_get(struct cb_q64 *o, mpq_srcptr q) {
  int64_t n, d;
  if (!z64(&n, mpq_numref(q)) || !z64(&d, mpq_denref(q)))
    return false;
  o->n = n;
  o->d = d;
  return true;
}

void cb_q64_put(mpq_ptr out, struct cb_q64 v) {
#if CB_QFAST
  mpq_set_si(out, (long)v.n, (unsigned long)v.d);
#else
  mpz_set_si(mpq_numref(out), 0);
  mpz_set_si(mpq_denref(out), 1);
  (void)v;
#endif
}

/* n/d (d > 0, |n| and d <= INT64_MAX) in lowest terms. */
static struct cb_q64 reduce(int64_t n, int64_t d) {
  if (n == 0)
    return (struct cb_q64){0, 1};
  uint64_t g = gcd64(abs64(n), (uint64_t)d);
  return (struct cb_q64){n / (int64_t)g, d / (int64_t)g};
}

bool cb_q64_add(struct cb_q64 *o, struct cb_q64 a, struct cb_q64 b) {
  if (a.d == b.d) {
    int64_t n;
    if (__builtin_add_overflow(a.n, b.n, &n) || n == INT64_MIN)
      return false;
    *o = reduce(n, a.d);
    return true;
  }
  int64_t g = (int64_t)gcd64((uint64_t)a.d, (uint64_t)b.d);
  int64_t x, y, n, d;
  if (__builtin_mul_overflow(a.n, b.d / g, &x) || __builtin_mul_overflow(b.n, a.d / g, &y) ||
      __builtin_add_overflow(x, y, &n) || n == INT64_MIN ||
      __builtin_mul_overflow(a.d / g, b.d, &d))
    return false;
  *o = reduce(n, d);
  return true;
}

bool cb_q64_sub(struct cb_q64 *o, struct cb_q64 a, struct cb_q64 b) {
  /* canonical values are within ±INT64_MAX: -b.n cannot overflow */
  return cb_q64_add(o, a, (struct cb_q64){-b.n, b.d});
}

bool cb_q64_mul(struct cb_q64 *o, struct cb_q64 a, struct cb_q64 b) {
  if (a.n == 0 || b.n == 0) {
    *o = (struct cb_q64){0, 1};
    return true;
  }
  int64_t g1 = (int64_t)gcd64(abs64(a.n), (uint64_t)b.d);
  int64_t g2 = (int64_t)gcd64(abs64(b.n), (uint64_t)a.d);
  int64_t n, d;
  if (__builtin_mul_overflow(a.n / g1, b.n / g2, &n) || n == INT64_MIN ||
      __builtin_mul_overflow(a.d / g2, b.d / g1, &d))
    return false;
  *o = (struct cb_q64){n, d};
  return true;
}

bool cb_q64_div(struct cb_q64 *o, struct cb_q64 a, struct cb_q64 b) {
  if (b.n == 0)
    return false;
  struct cb_q64 inv = b.n < 0 ? (struct cb_q64){-b.d, -b.n} : (struct cb_q64){b.d, b.n};
  return cb_q64_mul(o, a, inv);
}

bool cb_q64_cmp(int *c, struct cb_q64 a, struct cb_q64 b) {
  int sa = (a.n > 0) - (a.n < 0), sb = (b.n > 0) - (b.n < 0);
  if (sa != sb) {
    *c = sa < sb ? -1 : 1;
    return true;
  }
  if (a.d == b.d) {
    *c = (a.n > b.n) - (a.n < b.n);
    return true;
  }
  int64_t x, y;
  if (__builtin_mul_overflow(a.n, b.d, &x) || __builtin_mul_overflow(b.n, a.d, &y))
    return false;
  *c = (x > y) - (x < y);
  return true;
}

typedef bool (*q64_op)(struct cb_q64 *, struct cb_q64, struct cb_q64);

static bool fast(q64_op op, mpq_ptr out, mpq_srcptr a, mpq_srcptr b) {
  struct cb_q64 x, y, r;
  if (!cb_q64_get(&x, a) || !cb_q64_get(&y, b) || !op(&r, x, y))
    return false;
  cb_q64_put(out, r);
  return true;
}

void cb_qf_add(mpq_ptr out, mpq_srcptr a, mpq_srcptr b) {
  if (!fast(cb_q64_add, out, a, b))
    mpq_add(out, a, b);
}

void cb_qf_sub(mpq_ptr out, mpq_srcptr a, mpq_srcptr b) {
  if (!fast(cb_q64_sub, out, a, b))
    mpq_sub(out, a, b);
}

void cb_qf_mul(mpq_ptr out, mpq_srcptr a, mpq_srcptr b) {
  if (!fast(cb_q64_mul, out, a, b))
    mpq_mul(out, a, b);
}

void cb_qf_div(mpq_ptr out, mpq_srcptr a, mpq_srcptr b) {
  if (!fast(cb_q64_div, out, a, b))
    mpq_div(out, a, b); /* b zero: GMP's own division by zero, as before */
}

int cb_qf_cmp(mpq_srcptr a, mpq_srcptr b) {
  struct cb_q64 x, y;
  int c;
  if (cb_q64_get(&x, a) && cb_q64_get(&y, b) && cb_q64_cmp(&c, x, y))
    return c;
  c = mpq_cmp(a, b);
  return (c > 0) - (c < 0);
}

void cb_qf_round_unit(mpq_ptr out, mpq_srcptr q, unsigned long per_unit,
                      enum cb_round_mode mode) {
  struct cb_q64 x;
  int64_t n;
  if (per_unit >= 1 && per_unit <= (unsigned long)INT64_MAX && cb_q64_get(&x, q) &&
      !__builtin_mul_overflow(x.n, (int64_t)per_unit, &n) && n != INT64_MIN) {
    /* q × per_unit = n / x.d: |n| = r × d + rem, 0 <= rem < d */
    uint64_t an = abs64(n), d = (uint64_t)x.d;
    uint64_t r = an / d, rem = an % d;
    bool up = false;
    if (rem) {
      uint64_t twice = 2 * rem; /* rem < d <= INT64_MAX: no overflow */
      up = cb_round_magnitude_up(mode, (twice > d) - (twice < d), (r & 1) != 0);
    }
    r += up; /* rem != 0 means d >= 2, so r <= INT64_MAX / 2 */
    int64_t v = n < 0 ? -(int64_t)r : (int64_t)r;
    cb_q64_put(out, reduce(v, (int64_t)per_unit));
    return;
  }
  mpq_t step;
  mpq_init(step);
  mpq_set_ui(step, 1, per_unit);
  cb_num_round_step(out, q, step, mode);
  mpq_clear(step);
}
