/*
 * test_avenant.c: unit tests of avenants (avenant.c) and versions (version.c).
 *
 * Contract and avenant texts go through a session: each period is evaluated
 * with the terms in force then (weights, retired and added indicators), the
 * order of avenants is their number, and the consolidation rules report
 * their codes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

static const char contract[] =
    "contrat t \"T\" {\n"
    "  signature 2023-01-01\n"
    "  duree 3 ans\n"
    "  variable 1 000 €\n"
    "  indicateur x \"A\" {\n"
    "    sens croissant\n"
    "    objectif an 1 : 10\n"
    "    objectif an 2 : 10\n"
    "    objectif an 3 : 10\n"
    "    poids 60 %\n"
    "  }\n"
    "  indicateur y \"B\" {\n"
    "    sens croissant\n"
    "    objectif an 1 : 10\n"
    "    poids 40 %\n"
    "  }\n"
    "}\n"
    "mesures t an 1 {\n  x : 5\n  y : 5\n}\n"
    "mesures t an 2 {\n  x : 5\n}\n";

static struct cb_session *run(const char *avenants, bool *ok) {
  struct cb_session *s = cb_session_new();
  assert_int_equal(cb_session_add_contract_text(s, "t.cible", contract, strlen(contract)),
                   CB_LOAD_OK);
  assert_int_equal(cb_session_add_contract_text(s, "av.cible", avenants, strlen(avenants)),
                   CB_LOAD_OK);
  *ok = cb_session_check(s);
  return s;
}

static bool has_code(struct cb_session *s, const char *code) {
  for (const struct cb_diag *d = cb_session_diags(s)->head; d; d = d->next)
    if (d->code && strcmp(d->code, code) == 0)
      return true;
  return false;
}

/* paid amount of the root for the i-th evaluated period, in cents */
static long paid_cents(const struct cb_evaluation *ev, size_t i) {
  mpq_t q;
  mpq_init(q);
  mpq_set_ui(q, 100, 1);
  mpq_mul(q, q, ev->periods[i].root->paid);
  long c = mpz_get_si(mpq_numref(q)) / mpz_get_si(mpq_denref(q));
  mpq_clear(q);
  return c;
}

static void weights_change_from_period(void **state) {
  (void)state;
  bool ok;
  struct cb_session *s = run("avenant 1 au contrat t \"Av\" {\n"
                             "  date 2023-12-01\n"
                             "  a partir de an 2\n"
                             "  indicateur x { poids 100 % }\n"
                             "  retire indicateur y\n"
                             "}\n",
                             &ok);
  assert_true(ok);
  const struct cb_contract *c = cb_session_program(s)->contracts;
  struct cb_evaluation *ev = cb_session_eval(s, c, NULL);
  assert_int_equal(ev->nperiods, 3);
  /* an 1: 60 % × 50 % + 40 % × 50 % of 1 000 € */
  assert_int_equal(paid_cents(ev, 0), 50000);
  /* an 2: a alone, 100 % × 50 % */
  assert_int_equal(paid_cents(ev, 1), 50000);
  assert_int_equal(ev->periods[1].root->nchildren, 1);
  assert_int_equal(ev->periods[0].root->nchildren, 2);
  cb_session_free(s);
}

static void order_is_the_number(void **state) {
  (void)state;
  bool ok;
  /* written 2 then 1: 1 applies first, 2 replaces it */
  struct cb_session *s = run("avenant 2 au contrat t \"Deux\" {\n"
                             "  date 2023-12-01\n"
                             "  indicateur x { remplace objectif an 2 : 5 }\n"
                             "}\n"
                             "avenant 1 au contrat t \"Un\" {\n"
                             "  date 2023-11-01\n"
                             "  indicateur x { objectif an 2 : 20 }\n"
                             "}\n",
                             &ok);
  assert_true(ok);
  const struct cb_contract *c = cb_session_program(s)->contracts;
  struct cb_evaluation *ev = cb_session_eval(s, c, &c->periods[1]);
  assert_int_equal(ev->nperiods, 1);
  assert_int_equal(mpz_get_si(mpq_numref(ev->periods[0].root->children[0]->objective)), 5);
  cb_session_free(s);
}

static void conflicts_and_closed_periods(void **state) {
  (void)state;
  bool ok;
  struct cb_session *s = run("avenant 1 au contrat t \"Un\" {\n"
                             "  date 2023-11-01\n"
                             "  indicateur x { objectif an 2 : 20 }\n"
                             "}\n"
                             "avenant 2 au contrat t \"Deux\" {\n"
                             "  date 2024-02-01\n"
                             "  indicateur x { objectif an 2 : 5 }\n"
                             "  indicateur x { objectif an 1 : 5 }\n"
                             "  indicateur z { objectif an 1 : 5 }\n"
                             "}\n",
                             &ok);
  assert_false(ok);
  assert_true(has_code(s, "E0405"));
  assert_true(has_code(s, "E0406"));
  assert_true(has_code(s, "E0403"));
  cb_session_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(weights_change_from_period),
      cmocka_unit_test(order_is_the_number),
      cmocka_unit_test(conflicts_and_closed_periods),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
