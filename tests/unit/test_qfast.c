/*
 * test_qfast.c: property tests of qfast.c, the int64 fast path.
 *
 * Thousands of random operand pairs -- small, negative, near 2^31, near
 * 2^62 and INT64_MAX, and beyond 64 bits so that the GMP fallback runs --
 * go through cb_qf_add/sub/mul/div/cmp and cb_qf_round_unit and through the
 * plain GMP computation; the results must be the same rational, in lowest
 * terms, with out aliasing an operand or not. Each test also checks that
 * both paths were taken (the fast one on most small operands, the fallback
 * on overflow), so that a fast path that always bailed out would fail.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>

#include "num.h"
#include "qfast.h"

#define ROUNDS 20000

static uint64_t rng_state = 0x243f6a8885a308d3u;

static uint64_t next_u64(void) { /* splitmix64: the same cases every run */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* A magnitude from one of the ranges the fast path has edges in. */
static void random_z(mpz_t z, bool nonzero) {
  uint64_t k = next_u64();
  switch (k % 8) {
  case 0:
  case 1:
  case 2: /* small: what contracts hold */
    mpz_set_ui(z, next_u64() % 1000);
    break;
  case 3: /* money in centimes */
    mpz_set_ui(z, next_u64() % 100000000u);
    break;
  case 4: /* around 2^31 */
    mpz_set_ui(z, ((uint64_t)1 << 31) + next_u64() % 64 - 32);
    break;
  case 5: /* near INT64_MAX */
    mpz_set_ui(z, (uint64_t)INT64_MAX - next_u64() % 4);
    break;
  case 6: /* around 2^62 */
    mpz_set_ui(z, ((uint64_t)1 << 62) + next_u64() % 1024 - 512);
    break;
  default: /* beyond 64 bits: only GMP can hold it */
    mpz_set_ui(z, next_u64());
    mpz_mul_2exp(z, z, 1 + next_u64() % 70);
    mpz_add_ui(z, z, next_u64() % 7);
    break;
  }
  if (nonzero && mpz_sgn(z) == 0)
    mpz_set_ui(z, 1 + next_u64() % 9);
}

static void random_q(mpq_t q) {
  random_z(mpq_numref(q), false);
  if (next_u64() % 8 == 0)
    mpz_set_ui(mpq_denref(q), 1);
  else
    random_z(mpq_denref(q), true);
  if (next_u64() & 1)
    mpz_neg(mpq_numref(q), mpq_numref(q));
  mpq_canonicalize(q);
}

/* q is in lowest terms with a positive denominator. */
static void assert_canonical(mpq_srcptr q) {
  mpq_t c;
  mpq_init(c);
  mpq_set(c, q);
  mpq_canonicalize(c);
  assert_true(mpz_cmp(mpq_numref(c), mpq_numref(q)) == 0);
  assert_true(mpz_cmp(mpq_denref(c), mpq_denref(q)) == 0);
  mpq_clear(c);
}

typedef void (*qf_op)(mpq_ptr, mpq_srcptr, mpq_srcptr);
typedef bool (*q64_op)(struct cb_q64 *, struct cb_q64, struct cb_q64);

static void check_op(qf_op fast, void (*slow)(mpq_ptr, mpq_srcptr, mpq_srcptr), q64_op op64,
                     bool div) {
  mpq_t a, b, want, got, alias;
  mpq_inits(a, b, want, got, alias, NULL);
  long fast_ok = 0, fell_back = 0;
  for (int i = 0; i < ROUNDS; i++) {
    random_q(a);
    random_q(b);
    if (div && mpq_sgn(b) == 0)
      mpq_set_ui(b, 3, 7);
    slow(want, a, b);
    fast(got, a, b);
    assert_true(mpq_equal(got, want));
    assert_canonical(got);
    /* out aliasing the first, then the second operand */
    mpq_set(alias, a);
    fast(alias, alias, b);
    assert_true(mpq_equal(alias, want));
    mpq_set(alias, b);
    fast(alias, a, alias);
    assert_true(mpq_equal(alias, want));
    /* the int64 operation alone: exact when it says it succeeded */
    struct cb_q64 x, y, r;
    if (cb_q64_get(&x, a) && cb_q64_get(&y, b) && op64(&r, x, y)) {
      fast_ok++;
      mpq_t v;
      mpq_init(v);
      cb_q64_put(v, r);
      assert_true(mpq_equal(v, want));
      assert_canonical(v);
      mpq_clear(v);
    } else {
      fell_back++;
    }
  }
  assert_true(fast_ok > ROUNDS / 10);
  assert_true(fell_back > ROUNDS / 10);
  mpq_clears(a, b, want, got, alias, NULL);
}

static void test_add(void **state) {
  (void)state;
  check_op(cb_qf_add, mpq_add, cb_q64_add, false);
}

static void test_sub(void **state) {
  (void)state;
  check_op(cb_qf_sub, mpq_sub, cb_q64_sub, false);
}

static void test_mul(void **state) {
  (void)state;
  check_op(cb_qf_mul, mpq_mul, cb_q64_mul, false);
}

static void test_div(void **state) {
  (void)state;
  check_op(cb_qf_div, mpq_div, cb_q64_div, true);
}

static int sign(int c) { return (c > 0) - (c < 0); }

static void test_cmp(void **state) {
  (void)state;
  mpq_t a, b;
  mpq_inits(a, b, NULL);
  long fast_ok = 0;
  for (int i = 0; i < ROUNDS; i++) {
    random_q(a);
    if (i % 5 == 0)
      mpq_set(b, a); /* equal operands */
    else
      random_q(b);
    assert_int_equal(cb_qf_cmp(a, b), sign(mpq_cmp(a, b)));
    assert_int_equal(cb_qf_cmp(b, a), sign(mpq_cmp(b, a)));
    struct cb_q64 x, y;
    int c;
    if (cb_q64_get(&x, a) && cb_q64_get(&y, b) && cb_q64_cmp(&c, x, y)) {
      fast_ok++;
      assert_int_equal(c, sign(mpq_cmp(a, b)));
    }
  }
  assert_true(fast_ok > ROUNDS / 10);
  mpq_clears(a, b, NULL);
}

/* Values that do not fit are refused, never truncated. */
static void test_get_refuses_wide(void **state) {
  (void)state;
  mpq_t q;
  struct cb_q64 x = {7, 9};
  mpq_init(q);
  mpz_set_ui(mpq_numref(q), (uint64_t)INT64_MAX);
  mpz_add_ui(mpq_numref(q), mpq_numref(q), 1); /* 2^63 */
  assert_false(cb_q64_get(&x, q));
  assert_true(x.n == 7 && x.d == 9);
  mpz_neg(mpq_numref(q), mpq_numref(q)); /* -2^63: INT64_MIN is refused too */
  assert_false(cb_q64_get(&x, q));
  mpq_set_si(q, -INT64_MAX, 3);
  assert_true(cb_q64_get(&x, q));
  assert_true(x.n == -INT64_MAX && x.d == 3);
  mpq_clear(q);
}

static void test_round_unit(void **state) {
  (void)state;
  static const unsigned long units[] = {1, 100, 1000};
  static const enum cb_round_mode modes[] = {CB_ROUND_HALF_AWAY, CB_ROUND_HALF_EVEN,
                                             CB_ROUND_DOWN, CB_ROUND_UP};
  mpq_t q, step, want, got;
  mpq_inits(q, step, want, got, NULL);
  for (int i = 0; i < ROUNDS; i++) {
    random_q(q);
    if (i % 3 == 0) { /* exact halves and near halves of a centime */
      mpz_set_si(mpq_numref(q), (long)(next_u64() % 200001) - 100000);
      mpz_set_ui(mpq_denref(q), i % 2 ? 200 : 2000);
      mpq_canonicalize(q);
    }
    for (size_t u = 0; u < sizeof units / sizeof *units; u++)
      for (size_t m = 0; m < sizeof modes / sizeof *modes; m++) {
        mpq_set_ui(step, 1, units[u]);
        cb_num_round_step(want, q, step, modes[m]);
        cb_qf_round_unit(got, q, units[u], modes[m]);
        assert_true(mpq_equal(got, want));
        assert_canonical(got);
        mpq_set(got, q);
        cb_qf_round_unit(got, got, units[u], modes[m]);
        assert_true(mpq_equal(got, want));
      }
  }
  mpq_clears(q, step, want, got, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_add),
      cmocka_unit_test(test_sub),
      cmocka_unit_test(test_mul),
      cmocka_unit_test(test_div),
      cmocka_unit_test(test_cmp),
      cmocka_unit_test(test_get_refuses_wide),
      cmocka_unit_test(test_round_unit),
  };
  return cmocka_run_group_tests_name("qfast", tests, NULL, NULL);
}
