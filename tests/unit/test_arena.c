/*
 * test_arena.c: unit tests of arena.c.
 *
 * Every allocation is checked for alignment and zeroing, across small sizes,
 * sizes that straddle a block and allocations far larger than a block. The
 * rationals handed out by the arena are filled with large values so that
 * LeakSanitizer (make check) proves the arena clears them. The arena under
 * test is owned by the fixture, so a failed assertion does not leak it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static int setup(void **state) {
  *state = cb_arena_new();
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  cb_arena_free(*state);
  return 0;
}

static bool all_zero(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i])
      return false;
  return true;
}

static void test_alignment_every_small_size(void **state) {
  struct cb_arena *a = *state;
  for (size_t sz = 1; sz <= 257; sz++) {
    void *p = cb_arena_alloc(a, sz);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
  }
}

static void test_alignment_after_odd_sizes(void **state) {
  struct cb_arena *a = *state;
  /* Odd sizes shift the bump pointer; the next object must still be aligned
     for a long double or an mpq. */
  for (int i = 0; i < 1000; i++) {
    char *c = cb_arena_alloc(a, 3);
    c[0] = c[1] = c[2] = 'x';
    long double *d = cb_arena_alloc(a, sizeof *d);
    assert_int_equal((uintptr_t)d % alignof(long double), 0);
    assert_int_equal((uintptr_t)d % alignof(max_align_t), 0);
  }
}

static void test_allocations_are_zeroed(void **state) {
  struct cb_arena *a = *state;
  for (size_t sz = 1; sz < 5000; sz += 37) {
    unsigned char *p = cb_arena_alloc(a, sz);
    assert_true(all_zero(p, sz));
    memset(p, 0xAB, sz); /* dirty it: the next allocation must not see this */
  }
}

static void test_allocations_do_not_overlap(void **state) {
  struct cb_arena *a = *state;
  enum { N = 2000 };
  unsigned char **ps = cb_arena_array(a, N, sizeof *ps);
  for (size_t i = 0; i < N; i++) {
    size_t sz = 1 + i % 97;
    ps[i] = cb_arena_alloc(a, sz);
    memset(ps[i], (int)(i & 0xFF), sz);
  }
  for (size_t i = 0; i < N; i++) {
    size_t sz = 1 + i % 97;
    for (size_t k = 0; k < sz; k++)
      assert_int_equal(ps[i][k], i & 0xFF);
  }
}

static void test_large_allocations(void **state) {
  struct cb_arena *a = *state;
  size_t sizes[] = {(size_t)1 << 16, ((size_t)1 << 20) + 1, (size_t)8 << 20};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    unsigned char *p = cb_arena_alloc(a, sizes[i]);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
    assert_true(all_zero(p, sizes[i]));
    p[0] = 1;
    p[sizes[i] - 1] = 2; /* ASan: the whole block is addressable */
  }
  /* Small allocations keep working after a large one. */
  int *x = cb_arena_alloc(a, sizeof *x);
  assert_int_equal(*x, 0);
}

static void test_array_zeroed(void **state) {
  struct cb_arena *a = *state;
  uint64_t *v = cb_arena_array(a, 1000, sizeof *v);
  for (size_t i = 0; i < 1000; i++)
    assert_int_equal(v[i], 0);
  v[999] = 7;
  assert_int_equal(v[999], 7);
}

static void test_used_grows(void **state) {
  struct cb_arena *a = *state;
  size_t before = cb_arena_used(a);
  cb_arena_alloc(a, 100);
  size_t after = cb_arena_used(a);
  assert_true(after >= before + 100);
  cb_arena_alloc(a, (size_t)1 << 20);
  assert_true(cb_arena_used(a) >= after + ((size_t)1 << 20));
}

static void test_mpq_initialised_and_cleared(void **state) {
  struct cb_arena *a = *state;
  /* Thousands of rationals with heap limbs: LeakSanitizer reports any the
     arena fails to clear in teardown. */
  for (int i = 0; i < 5000; i++) {
    mpq_ptr q = cb_arena_mpq(a);
    assert_int_equal(mpq_sgn(q), 0);
    mpz_ui_pow_ui(mpq_numref(q), 10, 200 + (unsigned long)(i % 50));
    mpz_set_ui(mpq_denref(q), 7);
    mpq_canonicalize(q);
    assert_int_equal(mpq_sgn(q), 1);
  }
}

static void test_mpq_copy_is_independent(void **state) {
  struct cb_arena *a = *state;
  mpq_ptr src = cb_arena_mpq(a);
  assert_int_equal(mpq_set_str(src, "-67/120", 10), 0);
  mpq_ptr cp = cb_arena_mpq_copy(a, src);
  assert_ptr_not_equal(cp, src);
  assert_true(mpq_equal(cp, src));
  mpq_set_ui(src, 1, 3);
  assert_int_equal(mpz_cmp_si(mpq_numref(cp), -67), 0);
  assert_int_equal(mpz_cmp_ui(mpq_denref(cp), 120), 0);
}

static void test_strndup(void **state) {
  struct cb_arena *a = *state;
  const char text[] = "barème quarts";
  char *s = cb_arena_strndup(a, text, 7); /* "barème" is 7 bytes */
  assert_string_equal(s, "barème");
  assert_ptr_not_equal(s, text);
  char *e = cb_arena_strndup(a, text, 0);
  assert_string_equal(e, "");
  char *d = cb_arena_strdup(a, text);
  assert_string_equal(d, text);
  d[0] = 'B';
  assert_string_equal(text, "barème quarts");
}

static void test_strndup_reads_at_most_n(void **state) {
  struct cb_arena *a = *state;
  /* Not NUL-terminated: ASan catches a read past n. */
  char *raw = cb_arena_alloc(a, 5);
  memcpy(raw, "abcde", 5);
  char *s = cb_arena_strndup(a, raw, 5);
  assert_string_equal(s, "abcde");
}

static void test_printf(void **state) {
  struct cb_arena *a = *state;
  char *s = cb_arena_printf(a, "%s:%d:%d: %s", "f.cible", 42, 17, "erreur");
  assert_string_equal(s, "f.cible:42:17: erreur");
  assert_string_equal(cb_arena_printf(a, "%s", ""), "");
}

static void test_printf_long(void **state) {
  struct cb_arena *a = *state;
  char *s = cb_arena_printf(a, "%05000d|%s", 7, "fin");
  assert_int_equal(strlen(s), 5004);
  assert_int_equal(s[0], '0');
  assert_int_equal(s[4999], '7');
  assert_string_equal(s + 5000, "|fin");
}

static void test_free_empty_arena(void **state) {
  (void)state;
  struct cb_arena *b = cb_arena_new();
  assert_non_null(b);
  assert_int_equal(cb_arena_used(b), 0);
  cb_arena_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_alignment_every_small_size, setup, teardown),
      cmocka_unit_test_setup_teardown(test_alignment_after_odd_sizes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_allocations_are_zeroed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_allocations_do_not_overlap, setup, teardown),
      cmocka_unit_test_setup_teardown(test_large_allocations, setup, teardown),
      cmocka_unit_test_setup_teardown(test_array_zeroed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_used_grows, setup, teardown),
      cmocka_unit_test_setup_teardown(test_mpq_initialised_and_cleared, setup, teardown),
      cmocka_unit_test_setup_teardown(test_mpq_copy_is_independent, setup, teardown),
      cmocka_unit_test_setup_teardown(test_strndup, setup, teardown),
      cmocka_unit_test_setup_teardown(test_strndup_reads_at_most_n, setup, teardown),
      cmocka_unit_test_setup_teardown(test_printf, setup, teardown),
      cmocka_unit_test_setup_teardown(test_printf_long, setup, teardown),
      cmocka_unit_test(test_free_empty_arena),
  };
  return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
