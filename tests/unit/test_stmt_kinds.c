/*
 * test_stmt_kinds.c: unit tests of the table of statement kinds (stmt_kinds.c).
 *
 * Every kind has a row (a keyword and at least one place); the knowledge the
 * table took over from model.c, version.c and avenant.c still holds: where a
 * kind may be written, which statements are dated, which settings one change
 * replaces (montant replaces poids; a named barème by its name; versement by
 * its envelope), and the names of E0405 messages. And every kind that may be
 * written in a body is read there: by one pass of model.c that reads that
 * body, with a builder (a row whose places and pass disagree would be a
 * statement accepted and silently ignored).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "stmt_kinds.h"

static void test_every_kind_has_a_row(void **state) {
  (void)state;
  for (int k = 0; k < CB_ST_COUNT; k++) {
    const struct cb_stmt_kind_info *r = cb_stmt_kind_info((enum cb_stmt_kind)k);
    assert_non_null(r->keyword);
    assert_true(r->places != 0);
    for (int j = 0; j < k; j++) /* one keyword, one kind */
      assert_string_not_equal(r->keyword, cb_stmt_keyword((enum cb_stmt_kind)j));
  }
}

static void test_places(void **state) {
  (void)state;
  assert_true(cb_stmt_allowed(CB_ST_PLAFOND, CB_IN_DONNEE));
  assert_true(cb_stmt_allowed(CB_ST_DEMARRAGE, CB_IN_GROUP));
  assert_false(cb_stmt_allowed(CB_ST_DEMARRAGE, CB_IN_CONTRACT));
  assert_false(cb_stmt_allowed(CB_ST_POIDS, CB_IN_CONTRACT));
  assert_false(cb_stmt_allowed(CB_ST_OBJECTIF, CB_IN_DONNEE));
  assert_true(cb_stmt_allowed(CB_ST_SOCLE, CB_IN_DONNEE));
  assert_true(cb_stmt_allowed(CB_ST_AVANCE, CB_IN_VERSEMENT));
  assert_false(cb_stmt_allowed(CB_ST_AVANCE, CB_IN_CONTRACT));
  assert_false(cb_stmt_allowed(CB_ST_DUREE, CB_IN_CHANGE));
  assert_true(cb_stmt_allowed(CB_ST_DATE, CB_IN_AVENANT));
  assert_false(cb_stmt_allowed(CB_ST_DATE, CB_IN_CONTRACT));
}

static void test_dated_and_slots(void **state) {
  (void)state;
  struct cb_stmt a, b;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  a.kind = CB_ST_POIDS;
  b.kind = CB_ST_MONTANT;
  assert_true(cb_stmt_same_slot(&a, &b));
  a.kind = CB_ST_FIXE;
  b.kind = CB_ST_FIXE;
  assert_false(cb_stmt_dated(&a));
  assert_true(cb_stmt_same_slot(&a, &b));
  a.has_period = true;
  a.period.kind = CB_PERIOD_AN;
  a.period.n = 2;
  assert_true(cb_stmt_dated(&a));
  assert_false(cb_stmt_same_slot(&a, &b)); /* fixe an 2 does not replace fixe */
  b.has_period = true;
  b.period = a.period;
  assert_true(cb_stmt_same_slot(&a, &b));
  a.kind = b.kind = CB_ST_VERSEMENT;
  a.has_period = b.has_period = false;
  a.word = "fixe";
  b.word = "variable";
  assert_false(cb_stmt_same_slot(&a, &b));
  a.kind = b.kind = CB_ST_BAREME;
  a.bareme_def = b.bareme_def = true;
  a.id = "b1";
  b.id = "b2";
  assert_false(cb_stmt_same_slot(&a, &b));
  b.id = "b1";
  assert_true(cb_stmt_same_slot(&a, &b));
  a.kind = b.kind = CB_ST_INDICATEUR;
  assert_true(cb_stmt_is_decl(&a));
  assert_false(cb_stmt_same_slot(&a, &b));
  a.kind = b.kind = CB_ST_RETIRE;
  assert_false(cb_stmt_same_slot(&a, &b));
}

static void test_names(void **state) {
  (void)state;
  assert_string_equal(cb_stmt_kind_info(CB_ST_MONTANT)->name, "le poids");
  assert_string_equal(cb_stmt_kind_info(CB_ST_ATTEINTE)->name, "la méthode d'atteinte");
  assert_null(cb_stmt_kind_info(CB_ST_SOURCE)->name);
  assert_string_equal(cb_stmt_keyword(CB_ST_A_PARTIR), "a partir de");
}

static bool pass_in(enum cb_pass p, unsigned set) { return (set & (1u << p)) != 0; }
#define P(p) (1u << (p))

static void test_every_kind_is_read(void **state) {
  (void)state;
  /* the passes model.c runs over each kind of body */
  const unsigned contract = P(CB_PASS_PERIODS) | P(CB_PASS_CONTRACT) | P(CB_PASS_SETTING) |
                            P(CB_PASS_TERM) | P(CB_PASS_ELEMENT);
  const unsigned group = P(CB_PASS_SETTING) | P(CB_PASS_TERM) | P(CB_PASS_ELEMENT);
  const unsigned indicator =
      P(CB_PASS_SETTING) | P(CB_PASS_INITIAL) | P(CB_PASS_TERM) | P(CB_PASS_PER_PERIOD);
  for (int k = 0; k < CB_ST_COUNT; k++) {
    const struct cb_stmt_kind_info *r = cb_stmt_kind_info((enum cb_stmt_kind)k);
    /* a builder exactly when model.c reads it */
    assert_int_equal(r->build != NULL, r->pass != CB_PASS_NONE);
    assert_int_equal(r->decl, r->pass == CB_PASS_ELEMENT);
    if (r->places & CB_IN_CONTRACT) /* importe, exemple: read elsewhere */
      assert_true(pass_in(r->pass, contract) || k == CB_ST_IMPORTE || k == CB_ST_EXEMPLE);
    if (r->places & CB_IN_GROUP)
      assert_true(pass_in(r->pass, group));
    if (r->places & (CB_IN_INDICATOR | CB_IN_DONNEE))
      assert_true(pass_in(r->pass, indicator));
    /* the contract's own passes read its top level only */
    if (r->pass == CB_PASS_PERIODS || r->pass == CB_PASS_CONTRACT)
      assert_int_equal(r->places & CB_IN_NODES, CB_IN_CONTRACT);
  }
  assert_ptr_equal(cb_stmt_kind_info(CB_ST_POIDS)->build, cb_stmt_kind_info(CB_ST_MONTANT)->build);
  assert_int_equal(cb_stmt_kind_info(CB_ST_OBJECTIF)->pass, CB_PASS_PER_PERIOD);
  assert_int_equal(cb_stmt_kind_info(CB_ST_UNITE)->pass, CB_PASS_SETTING);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_kind_has_a_row),
      cmocka_unit_test(test_places),
      cmocka_unit_test(test_dated_and_slots),
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_every_kind_is_read),
  };
  return cmocka_run_group_tests_name("stmt_kinds", tests, NULL, NULL);
}
