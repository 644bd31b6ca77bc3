/*
 * test_dataset.c: unit tests of dataset.c, the measures apart from the terms.
 *
 * A measure is found by (contract, element, period) and by nothing else; an
 * overlay sees its parent's measures, hides them with its own and never
 * writes into the parent; recording a measure already seen (in the dataset
 * or a parent) is the duplicate error E0305 with a note at the first one;
 * entries come back in the order recorded, across table growth; a value is
 * copied (the caller's rational may change after).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "dataset.h"
#include "diag.h"

static struct cb_measure number(mpq_t q, long v, int line) {
  struct cb_measure m;
  memset(&m, 0, sizeof m);
  m.kind = CB_MVAL_NUMBER;
  mpq_set_si(q, v, 1);
  m.value = q;
  m.loc.line = line;
  m.origin = "mesures";
  return m;
}

static void test_key_is_contract_element_period(void **state) {
  (void)state;
  struct cb_dataset *ds = cb_dataset_new(NULL);
  mpq_t q;
  mpq_init(q);
  struct cb_measure m = number(q, 42, 3);
  cb_dataset_put(ds, "c", "x", 5, &m);
  mpq_set_si(q, 7, 1); /* the dataset holds a copy */
  const struct cb_measure *got = cb_dataset_get(ds, "c", "x", 5);
  assert_non_null(got);
  assert_true(got->present);
  assert_int_equal(mpq_cmp_si(got->value, 42, 1), 0);
  assert_int_equal(got->loc.line, 3);
  assert_null(cb_dataset_get(ds, "c", "x", 4));
  assert_null(cb_dataset_get(ds, "c", "y", 5));
  assert_null(cb_dataset_get(ds, "d", "x", 5));
  mpq_clear(q);
  cb_dataset_free(ds);
}

static void test_overlay_reads_through_and_hides(void **state) {
  (void)state;
  struct cb_dataset *base = cb_dataset_new(NULL);
  mpq_t q;
  mpq_init(q);
  struct cb_measure m = number(q, 1, 1);
  cb_dataset_put(base, "c", "x", 0, &m);
  m = number(q, 2, 2);
  cb_dataset_put(base, "c", "y", 0, &m);
  struct cb_dataset *over = cb_dataset_new(base);
  m = number(q, 10, 3);
  cb_dataset_put(over, "c", "x", 0, &m);
  assert_int_equal(mpq_cmp_si(cb_dataset_get(over, "c", "x", 0)->value, 10, 1), 0);
  assert_int_equal(mpq_cmp_si(cb_dataset_get(over, "c", "y", 0)->value, 2, 1), 0);
  /* the parent is untouched */
  assert_int_equal(mpq_cmp_si(cb_dataset_get(base, "c", "x", 0)->value, 1, 1), 0);
  assert_int_equal(cb_dataset_count(base), 2);
  assert_int_equal(cb_dataset_count(over), 1);
  cb_dataset_free(over);
  assert_int_equal(mpq_cmp_si(cb_dataset_get(base, "c", "x", 0)->value, 1, 1), 0);
  mpq_clear(q);
  cb_dataset_free(base);
}

static void test_duplicate_is_e0305_with_note(void **state) {
  (void)state;
  struct cb_dataset *base = cb_dataset_new(NULL);
  struct cb_dataset *over = cb_dataset_new(base);
  struct cb_contract c;
  memset(&c, 0, sizeof c);
  c.id = "c";
  struct cb_node n;
  memset(&n, 0, sizeof n);
  n.id = "x";
  struct cb_period p;
  memset(&p, 0, sizeof p);
  p.index = 2;
  p.name = "an 3";
  struct cb_diags d;
  memset(&d, 0, sizeof d);
  mpq_t q;
  mpq_init(q);
  struct cb_measure m = number(q, 1, 10);
  cb_dataset_record(base, &d, &c, &n, &p, &m);
  assert_int_equal(d.nerrors, 0);
  m = number(q, 2, 20);
  cb_dataset_record(over, &d, &c, &n, &p, &m); /* seen through the parent */
  assert_int_equal(d.nerrors, 1);
  assert_string_equal(d.head->code, "E0305");
  assert_int_equal(d.head->loc.line, 20);
  assert_string_equal(d.head->msg, "mesure en double pour « x » en an 3");
  assert_non_null(d.head->next);
  assert_int_equal(d.head->next->sev, CB_SEV_NOTE);
  assert_int_equal(d.head->next->loc.line, 10);
  assert_int_equal(cb_dataset_count(over), 0);
  assert_int_equal(mpq_cmp_si(cb_dataset_get(over, "c", "x", 2)->value, 1, 1), 0);
  mpq_clear(q);
  cb_diags_free(&d);
  cb_dataset_free(over);
  cb_dataset_free(base);
}

static void test_many_in_order(void **state) {
  (void)state;
  enum { N = 5000 };
  static char names[N][16];
  struct cb_dataset *ds = cb_dataset_new(NULL);
  mpq_t q;
  mpq_init(q);
  for (int i = 0; i < N; i++) {
    snprintf(names[i], sizeof names[i], "i%d", (i * 7919) % N);
    struct cb_measure m = number(q, i, i + 1);
    cb_dataset_put(ds, "c", names[i], i % 5, &m);
  }
  assert_int_equal(cb_dataset_count(ds), N);
  for (int i = 0; i < N; i++) {
    const char *cid, *eid;
    int period;
    const struct cb_measure *m = cb_dataset_entry(ds, (size_t)i, &cid, &eid, &period);
    assert_string_equal(eid, names[i]);
    assert_int_equal(period, i % 5);
    assert_int_equal(mpq_cmp_si(m->value, i, 1), 0);
    assert_ptr_equal(cb_dataset_get(ds, "c", names[i], i % 5), m);
  }
  mpq_clear(q);
  cb_dataset_free(ds);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_key_is_contract_element_period),
      cmocka_unit_test(test_overlay_reads_through_and_hides),
      cmocka_unit_test(test_duplicate_is_e0305_with_note),
      cmocka_unit_test(test_many_in_order),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
