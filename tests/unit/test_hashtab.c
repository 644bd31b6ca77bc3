/*
 * test_hashtab.c: unit tests of hashtab.c, the one hash table of src/.
 *
 * Entries keyed by a string, a pointer and a composite (string, number)
 * key; growth across many doublings with every entry found afterwards, in
 * a malloc-backed and in an arena-backed table; collisions (a hash that is
 * the same for every key, including one whose probe runs wrap around the
 * end of the slots) with the first entry added answering; lookups in empty
 * and cleared tables; and the values of the hashes that earlier tables
 * used, which must not change.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hashtab.h"

struct named {
  const char *name;
  int value;
};

static bool named_same(const void *entry, const void *key) {
  return strcmp(((const struct named *)entry)->name, key) == 0;
}

static bool ptr_same(const void *entry, const void *key) { return entry == key; }

struct pair {
  const char *name;
  int period;
};

static bool pair_same(const void *entry, const void *key) {
  const struct pair *x = entry, *y = key;
  return x->period == y->period && strcmp(x->name, y->name) == 0;
}

static size_t pair_hash(const struct pair *p) {
  return cb_hash_mix(cb_hash_str(p->name), (size_t)(unsigned)p->period);
}

static void test_find_in_empty_table(void **state) {
  (void)state;
  struct cb_hashtab zeroed = {0};
  assert_null(cb_hashtab_find(&zeroed, cb_hash_str("a"), named_same, "a"));
  struct cb_arena *a = cb_arena_new();
  struct cb_hashtab t;
  cb_hashtab_init(&t, a);
  assert_null(cb_hashtab_find(&t, 0, named_same, "a"));
  assert_int_equal(t.n, 0);
  cb_hashtab_free(&t);
  cb_hashtab_free(&zeroed);
  cb_arena_free(a);
}

static void test_string_keys(void **state) {
  (void)state;
  static struct named es[] = {{"ind_a", 1}, {"ind_b", 2}, {"", 3}, {"groupe", 4}};
  struct cb_hashtab t = {0};
  for (size_t i = 0; i < 4; i++)
    cb_hashtab_add(&t, cb_hash_str(es[i].name), &es[i]);
  for (size_t i = 0; i < 4; i++) {
    char copy[16]; /* another string of the same text */
    snprintf(copy, sizeof copy, "%s", es[i].name);
    struct named *e = cb_hashtab_find(&t, cb_hash_str(copy), named_same, copy);
    assert_ptr_equal(e, &es[i]);
  }
  assert_null(cb_hashtab_find(&t, cb_hash_str("ind_c"), named_same, "ind_c"));
  assert_int_equal(t.n, 4);
  cb_hashtab_free(&t);
}

static void test_pointer_keys(void **state) {
  (void)state;
  enum { N = 1000 };
  int *objs = calloc(N, sizeof *objs);
  assert_non_null(objs);
  struct cb_hashtab t = {0};
  for (size_t i = 0; i < N; i += 2) /* every other one */
    cb_hashtab_add(&t, cb_hash_ptr(&objs[i]), &objs[i]);
  for (size_t i = 0; i < N; i++) {
    void *e = cb_hashtab_find(&t, cb_hash_ptr(&objs[i]), ptr_same, &objs[i]);
    if (i % 2 == 0)
      assert_ptr_equal(e, &objs[i]);
    else
      assert_null(e);
  }
  cb_hashtab_free(&t);
  free(objs);
}

static void test_composite_keys(void **state) {
  (void)state;
  struct cb_arena *a = cb_arena_new();
  struct cb_hashtab t;
  cb_hashtab_init(&t, a);
  static const char *names[] = {"x", "y", "z"};
  for (int n = 0; n < 3; n++)
    for (int p = 0; p < 50; p++) {
      struct pair *e = cb_arena_alloc(a, sizeof *e);
      e->name = names[n];
      e->period = p;
      cb_hashtab_add(&t, pair_hash(e), e);
    }
  for (int n = 0; n < 3; n++)
    for (int p = 0; p < 51; p++) {
      struct pair k = {names[n], p};
      struct pair *e = cb_hashtab_find(&t, pair_hash(&k), pair_same, &k);
      if (p == 50) {
        assert_null(e);
      } else {
        assert_non_null(e);
        assert_string_equal(e->name, names[n]);
        assert_int_equal(e->period, p);
      }
    }
  cb_hashtab_free(&t);
  cb_arena_free(a);
}

/* N entries named by their number, all found afterwards, none extra. */
static void growth(struct cb_arena *a) {
  enum { N = 100000 };
  struct named *es = calloc(N, sizeof *es);
  char *names = calloc(N, 16);
  assert_non_null(es);
  assert_non_null(names);
  struct cb_hashtab t;
  cb_hashtab_init(&t, a);
  for (int i = 0; i < N; i++) {
    snprintf(names + 16 * i, 16, "e%d", i);
    es[i] = (struct named){names + 16 * i, i};
    cb_hashtab_add(&t, cb_hash_str(es[i].name), &es[i]);
  }
  assert_int_equal(t.n, N);
  assert_true(t.cap >= 2 * (size_t)N);
  assert_int_equal(t.cap & (t.cap - 1), 0);
  for (int i = 0; i < N; i++) {
    char key[16];
    snprintf(key, sizeof key, "e%d", i);
    struct named *e = cb_hashtab_find(&t, cb_hash_str(key), named_same, key);
    assert_non_null(e);
    assert_int_equal(e->value, i);
  }
  assert_null(cb_hashtab_find(&t, cb_hash_str("e100000"), named_same, "e100000"));
  cb_hashtab_free(&t);
  free(names);
  free(es);
}

static void test_growth_malloc(void **state) {
  (void)state;
  growth(NULL);
}

static void test_growth_arena(void **state) {
  (void)state;
  struct cb_arena *a = cb_arena_new();
  growth(a);
  cb_arena_free(a);
}

/* Every key under one hash: found by `same` alone, through doublings. */
static void test_collisions(void **state) {
  (void)state;
  enum { N = 300 };
  struct named es[N];
  char names[N][16];
  struct cb_hashtab t = {0};
  for (int i = 0; i < N; i++) {
    snprintf(names[i], sizeof names[i], "c%d", i);
    es[i] = (struct named){names[i], i};
    /* one key in three collides; the others hash as usual */
    cb_hashtab_add(&t, i % 3 ? cb_hash_str(names[i]) : 42, &es[i]);
  }
  for (int i = 0; i < N; i++) {
    struct named *e =
        cb_hashtab_find(&t, i % 3 ? cb_hash_str(names[i]) : 42, named_same, names[i]);
    assert_ptr_equal(e, &es[i]);
  }
  assert_null(cb_hashtab_find(&t, 42, named_same, "c1")); /* right key, wrong hash */
  cb_hashtab_free(&t);
}

/* Two entries of the same key: the first added answers, even when its run
   of slots wraps around the end of the array (hash SIZE_MAX probes the last
   slot first at every capacity) and after the table doubled. */
static void test_first_added_answers(void **state) {
  (void)state;
  static struct named first = {"k", 1}, second = {"k", 2};
  enum { N = 1000 };
  static struct named others[N];
  static char names[N][16];
  struct cb_hashtab t = {0};
  cb_hashtab_add(&t, SIZE_MAX, &first);
  cb_hashtab_add(&t, SIZE_MAX, &second);
  assert_ptr_equal(cb_hashtab_find(&t, SIZE_MAX, named_same, "k"), &first);
  for (int i = 0; i < N; i++) {
    snprintf(names[i], sizeof names[i], "o%d", i);
    others[i] = (struct named){names[i], i};
    cb_hashtab_add(&t, cb_hash_str(names[i]), &others[i]);
  }
  assert_true(t.cap > 64);
  assert_ptr_equal(cb_hashtab_find(&t, SIZE_MAX, named_same, "k"), &first);
  cb_hashtab_free(&t);
}

static void test_clear(void **state) {
  (void)state;
  struct cb_arena *a = cb_arena_new();
  static struct named es[] = {{"a", 1}, {"b", 2}};
  struct cb_hashtab t;
  cb_hashtab_init(&t, a);
  cb_hashtab_clear(&t); /* empty: nothing to do */
  cb_hashtab_add(&t, cb_hash_str("a"), &es[0]);
  size_t cap = t.cap;
  cb_hashtab_clear(&t);
  assert_int_equal(t.n, 0);
  assert_int_equal(t.cap, cap);
  assert_null(cb_hashtab_find(&t, cb_hash_str("a"), named_same, "a"));
  cb_hashtab_add(&t, cb_hash_str("b"), &es[1]);
  assert_ptr_equal(cb_hashtab_find(&t, cb_hash_str("b"), named_same, "b"), &es[1]);
  assert_null(cb_hashtab_find(&t, cb_hash_str("a"), named_same, "a"));
  cb_hashtab_free(&t);
  cb_arena_free(a);
}

/* The hashes are those the tables used before hashtab.c: FNV-1a's loop
   from the offset 1469598103934665603 (FNV's own basis less its last
   digit, as model.c always had it; values computed from that function). */
static void test_hash_values(void **state) {
  (void)state;
  if (sizeof(size_t) != 8)
    skip();
  assert_true(cb_hash_str("") == (size_t)1469598103934665603u);
  assert_true(cb_hash_str("a") == (size_t)0x44bd8ad473cd9906u);
  assert_true(cb_hash_str("foobar") == (size_t)0x88fad7c0a8ff07f2u);
  assert_true(cb_hash_mix(1, 2) == (size_t)(3 * 1099511628211u));
  int x;
  assert_true(cb_hash_ptr(&x) == cb_hash_ptr(&x));
  assert_true(cb_hash_ptr(&x) != cb_hash_ptr(&x + 1));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_find_in_empty_table),
      cmocka_unit_test(test_string_keys),
      cmocka_unit_test(test_pointer_keys),
      cmocka_unit_test(test_composite_keys),
      cmocka_unit_test(test_growth_malloc),
      cmocka_unit_test(test_growth_arena),
      cmocka_unit_test(test_collisions),
      cmocka_unit_test(test_first_added_answers),
      cmocka_unit_test(test_clear),
      cmocka_unit_test(test_hash_values),
  };
  return cmocka_run_group_tests_name("hashtab", tests, NULL, NULL);
}
