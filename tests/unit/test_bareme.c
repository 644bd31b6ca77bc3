/*
 * test_bareme.c: unit tests of bareme.c and of barèmes in the model.
 *
 * A contract declares the barème by quarters of the Café CPTS example; the
 * tests look values up exactly at each bound, 10^-9 below and above it, at
 * 0, at 100 and at 10^30, and check what each tranche pays. Then linear
 * tranches (interpolation between the ends, at both ends and between),
 * barèmes `sur valeur` paying euros, inline barèmes, and the checker's
 * refusal of overlapping tranches, gaps, and infinite linear tranches.
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

#include "bareme.h"
#include "session.h"

struct fx {
  struct cb_session *s;
  mpq_t x, eps, got, want;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->s = cb_session_new();
  mpq_inits(f->x, f->eps, f->got, f->want, NULL);
  mpq_set_ui(f->eps, 1, 1000000000); /* 10^-9 */
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  cb_session_free(f->s);
  mpq_clears(f->x, f->eps, f->got, f->want, NULL);
  free(f);
  return 0;
}

static bool load(struct fx *f, const char *text) {
  assert_int_equal(cb_session_add_contract_text(f->s, "t.cible", text, strlen(text)), CB_LOAD_OK);
  return cb_session_check(f->s);
}

static const struct cb_contract *contract(struct fx *f) {
  const struct cb_contract *c = cb_program_contract(cb_session_program(f->s), "c");
  assert_non_null(c);
  return c;
}

static const struct cb_bareme *bareme(struct fx *f, size_t i) {
  const struct cb_contract *c = contract(f);
  assert_true(i < c->nbaremes);
  return c->baremes[i];
}

static void setq(mpq_t q, const char *s) {
  assert_int_equal(mpq_set_str(q, s, 10), 0);
  mpq_canonicalize(q);
}

static void assert_q(struct fx *f, mpq_srcptr got, const char *want) {
  assert_non_null(got);
  setq(f->want, want);
  if (!mpq_equal(got, f->want)) {
    gmp_fprintf(stderr, "got %Qd, want %Qd\n", got, f->want);
    fail();
  }
}

static bool has_code(struct fx *f, const char *code, int line) {
  for (const struct cb_diag *g = cb_session_diags(f->s)->head; g; g = g->next)
    if (g->code && strcmp(g->code, code) == 0 && g->loc.line == line)
      return true;
  return false;
}

static const char QUARTS[] = "contrat c \"C\" {\n"
                             "  periode 2020\n"
                             "  bareme quarts \"Quarts\" {\n"
                             "    [0 % ; 0 %]    : 0 %\n"
                             "    ]0 % ; 25 %]   : 25 %\n"
                             "    ]25 % ; 50 %]  : 50 %\n"
                             "    ]50 % ; 75 %]  : 75 %\n"
                             "    ]75 % ; +inf[  : 100 %\n"
                             "  }\n"
                             "  indicateur i \"I\" {\n"
                             "    sens croissant\n"
                             "    objectif 2020 : 15\n"
                             "    bareme quarts\n"
                             "  }\n"
                             "}\n";

/* Index of the tranche of br holding x (-1 when none), and what it pays in
   f->got. */
static int lookup(struct fx *f, const struct cb_bareme *br, mpq_srcptr x) {
  const struct cb_mtranche *t = cb_bareme_find(br, x);
  if (!t)
    return -1;
  assert_true(t >= br->tranches && t < br->tranches + br->ntranches);
  cb_bareme_pay(f->got, t, x);
  return (int)(t - br->tranches);
}

/* Tranche of value "s" (+ k·10^-9). */
static int at(struct fx *f, const struct cb_bareme *br, const char *s, int k) {
  setq(f->x, s);
  for (; k > 0; k--)
    mpq_add(f->x, f->x, f->eps);
  for (; k < 0; k++)
    mpq_sub(f->x, f->x, f->eps);
  return lookup(f, br, f->x);
}

static void test_quarts_model(void **state) {
  struct fx *f = *state;
  assert_true(load(f, QUARTS));
  const struct cb_bareme *br = bareme(f, 0);
  assert_string_equal(br->id, "quarts");
  assert_false(br->sur_valeur);
  assert_int_equal(br->ntranches, 5);
  const struct cb_mtranche *t = &br->tranches[3];
  assert_false(t->lo_closed);
  assert_true(t->hi_closed);
  assert_q(f, t->lo, "1/2");
  assert_q(f, t->hi, "3/4");
  assert_int_equal(t->pay, CB_PAY_VALUE);
  assert_false(t->pays_amount);
  assert_q(f, t->value, "3/4");
  assert_string_equal(t->text, "]50 % ; 75 %]");
  assert_true(br->tranches[4].hi_inf);
  assert_false(br->tranches[4].hi_closed);
  assert_ptr_equal(cb_contract_lookup(contract(f), "i")->bareme, br);
}

static void test_quarts_zero(void **state) {
  struct fx *f = *state;
  assert_true(load(f, QUARTS));
  const struct cb_bareme *br = bareme(f, 0);
  assert_int_equal(at(f, br, "0", 0), 0);
  assert_q(f, f->got, "0");
  assert_int_equal(at(f, br, "0", 1), 1);
  assert_q(f, f->got, "1/4");
  /* Below the first bound: no tranche. */
  assert_int_equal(at(f, br, "0", -1), -1);
  assert_int_equal(at(f, br, "-100", 0), -1);
}

static void test_quarts_quarter(void **state) {
  struct fx *f = *state;
  assert_true(load(f, QUARTS));
  const struct cb_bareme *br = bareme(f, 0);
  assert_int_equal(at(f, br, "1/4", -1), 1);
  assert_int_equal(at(f, br, "1/4", 0), 1);
  assert_q(f, f->got, "1/4");
  assert_int_equal(at(f, br, "1/4", 1), 2);
  assert_q(f, f->got, "1/2");
}

static void test_quarts_half(void **state) {
  struct fx *f = *state;
  assert_true(load(f, QUARTS));
  const struct cb_bareme *br = bareme(f, 0);
  assert_int_equal(at(f, br, "1/2", -1), 2);
  assert_q(f, f->got, "1/2");
  assert_int_equal(at(f, br, "1/2", 0), 2);
  assert_q(f, f->got, "1/2");
  assert_int_equal(at(f, br, "1/2", 1), 3);
  assert_q(f, f->got, "3/4");
}

static void test_quarts_three_quarters(void **state) {
  struct fx *f = *state;
  assert_true(load(f, QUARTS));
  const struct cb_bareme *br = bareme(f, 0);
  assert_int_equal(at(f, br, "3/4", -1), 3);
  assert_int_equal(at(f, br, "3/4", 0), 3);
  assert_q(f, f->got, "3/4");
  assert_int_equal(at(f, br, "3/4", 1), 4);
  assert_q(f, f->got, "1");
}

static void test_quarts_large(void **state) {
  struct fx *f = *state;
  assert_true(load(f, QUARTS));
  const struct cb_bareme *br = bareme(f, 0);
  assert_int_equal(at(f, br, "1", 0), 4);
  assert_int_equal(at(f, br, "100", 0), 4);
  assert_q(f, f->got, "1");
  assert_int_equal(at(f, br, "1000000000000000000000000000000", 0), 4);
  assert_q(f, f->got, "1");
}

static void test_quarts_two_thirds(void **state) {
  struct fx *f = *state;
  /* The Café CPTS case: 10 of 15 is 2/3, in ]50 % ; 75 %], paid 75 %. */
  assert_true(load(f, QUARTS));
  const struct cb_bareme *br = bareme(f, 0);
  assert_int_equal(at(f, br, "2/3", 0), 3);
  assert_q(f, f->got, "3/4");
}

static const char LINEAR[] = "contrat c \"C\" {\n"
                             "  periode 2020\n"
                             "  bareme lin \"Linéaire\" {\n"
                             "    [0 % ; 50 %]   : 0 %\n"
                             "    ]50 % ; 75 %]  : lineaire de 20 % a 80 %\n"
                             "    ]75 % ; +inf[  : 100 %\n"
                             "  }\n"
                             "  indicateur i \"I\" {\n"
                             "    sens croissant\n"
                             "    objectif 2020 : 15\n"
                             "    bareme lin\n"
                             "  }\n"
                             "}\n";

static void test_linear_model(void **state) {
  struct fx *f = *state;
  assert_true(load(f, LINEAR));
  const struct cb_mtranche *t = &bareme(f, 0)->tranches[1];
  assert_int_equal(t->pay, CB_PAY_LINEAR);
  assert_false(t->pays_amount);
  assert_q(f, t->from, "1/5");
  assert_q(f, t->to, "4/5");
}

static void test_linear_interpolation(void **state) {
  struct fx *f = *state;
  assert_true(load(f, LINEAR));
  const struct cb_bareme *br = bareme(f, 0);
  /* Midpoint 5/8 pays the midpoint 1/2. */
  assert_int_equal(at(f, br, "5/8", 0), 1);
  assert_q(f, f->got, "1/2");
  /* 60 %: 20 % + (10/25)·60 % = 44 %. */
  assert_int_equal(at(f, br, "3/5", 0), 1);
  assert_q(f, f->got, "11/25");
  /* The closed top end pays the top value. */
  assert_int_equal(at(f, br, "3/4", 0), 1);
  assert_q(f, f->got, "4/5");
  /* 2/3: 1/5 + (2/3 − 1/2)/(1/4)·3/5 = 1/5 + 2/5 = 3/5. */
  assert_int_equal(at(f, br, "2/3", 0), 1);
  assert_q(f, f->got, "3/5");
}

static void test_linear_just_above_open_bottom(void **state) {
  struct fx *f = *state;
  assert_true(load(f, LINEAR));
  const struct cb_bareme *br = bareme(f, 0);
  assert_int_equal(at(f, br, "1/2", 0), 0);
  assert_q(f, f->got, "0");
  assert_int_equal(at(f, br, "1/2", 1), 1);
  /* 1/5 + (10^-9 / (1/4))·(3/5) = 1/5 + 12/(5·10^9). */
  assert_q(f, f->got, "1000000012/5000000000");
}

static void test_linear_pay_directly(void **state) {
  struct fx *f = *state;
  assert_true(load(f, LINEAR));
  const struct cb_mtranche *t = &bareme(f, 0)->tranches[1];
  setq(f->x, "1/2"); /* the open bottom end itself: the line's start */
  cb_bareme_pay(f->got, t, f->x);
  assert_q(f, f->got, "1/5");
}

static const char VALEUR[] = "contrat c \"C\" {\n"
                             "  periode 2020\n"
                             "  bareme paliers \"Paliers\" sur valeur {\n"
                             "    [0 ; 50]       : 9 000 €\n"
                             "    ]50 ; 100]     : lineaire de 9 000 € a 12 000 €\n"
                             "    ]100 ; +inf[   : 12 000 €\n"
                             "  }\n"
                             "  indicateur i \"I\" {\n"
                             "    unite patients\n"
                             "    sens croissant\n"
                             "    objectif 2020 : 100\n"
                             "    montant 12 000 €\n"
                             "    bareme paliers\n"
                             "  }\n"
                             "}\n";

static void test_sur_valeur_model(void **state) {
  struct fx *f = *state;
  assert_true(load(f, VALEUR));
  const struct cb_bareme *br = bareme(f, 0);
  assert_true(br->sur_valeur);
  assert_int_equal(br->ntranches, 3);
  assert_true(br->tranches[0].pays_amount);
  assert_q(f, br->tranches[0].value, "9000");
  assert_q(f, br->tranches[0].hi, "50");
  assert_true(br->tranches[1].pays_amount);
}

static void test_sur_valeur_lookup(void **state) {
  struct fx *f = *state;
  assert_true(load(f, VALEUR));
  const struct cb_bareme *br = bareme(f, 0);
  assert_int_equal(at(f, br, "50", 0), 0);
  assert_q(f, f->got, "9000");
  assert_int_equal(at(f, br, "50", 1), 1);
  assert_int_equal(at(f, br, "75", 0), 1);
  assert_q(f, f->got, "10500");
  assert_int_equal(at(f, br, "100", 0), 1);
  assert_q(f, f->got, "12000");
  assert_int_equal(at(f, br, "100", 1), 2);
  assert_q(f, f->got, "12000");
}

/* An indicator weighted by `montant` whose barème pays euros, directly in
   the contract (wrapped = false) or inside a mission (wrapped = true). */
static void eval_paliers(struct fx *f, bool wrapped) {
  char text[2048];
  snprintf(text, sizeof text,
           "contrat c \"C\" {\n"
           "  periode 2020\n"
           "  bareme paliers \"Paliers\" sur valeur {\n"
           "    [0 ; 50]       : 9 000 €\n"
           "    ]50 ; 100]     : lineaire de 9 000 € a 12 000 €\n"
           "    ]100 ; +inf[   : 12 000 €\n"
           "  }\n"
           "  %s\n"
           "  indicateur i \"I\" {\n"
           "    unite patients\n"
           "    sens croissant\n"
           "    objectif 2020 : 100\n"
           "    montant 12 000 €\n"
           "    bareme paliers\n"
           "  }\n"
           "  %s\n"
           "}\n"
           "mesures c 2020 { i : 75 }\n",
           wrapped ? "mission m \"M\" {" : "", wrapped ? "}" : "");
  assert_true(load(f, text));
  const struct cb_contract *c = contract(f);
  struct cb_evaluation *ev = cb_eval_contract(cb_session_arena(f->s), c, cb_session_dataset(f->s), &c->periods[0]);
  assert_int_equal(ev->nperiods, 1);
  const struct cb_result *r = cb_report_find(ev, &ev->periods[0], "i");
  assert_non_null(r);
  assert_int_equal(r->status, CB_RES_OK);
  /* The barème reads 75 patients, not the 75 % attainment. */
  assert_ptr_equal(r->tranche, &c->baremes[0]->tranches[1]);
  assert_q(f, r->after, "7/8"); /* 10 500 € of the 12 000 € maximum */
  assert_q(f, r->share, "12000");
  assert_q(f, r->paid, "10500");
}

static void test_sur_valeur_eval_in_mission(void **state) { eval_paliers(*state, true); }

/* The `montant` is the indicator's maximum wherever the indicator sits: an
   indicator directly in the contract is paid too. */
static void test_sur_valeur_eval_in_contract(void **state) { eval_paliers(*state, false); }

static void test_inline_bareme(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "contrat c \"C\" {\n"
                      "  periode 2020\n"
                      "  indicateur i \"I\" {\n"
                      "    sens croissant\n"
                      "    objectif 2020 : 10\n"
                      "    bareme {\n"
                      "      [0 % ; 80 %[   : 0 %\n"
                      "      [80 % ; +inf[  : 100 %\n"
                      "    }\n"
                      "  }\n"
                      "}\n"));
  const struct cb_node *n = cb_contract_lookup(contract(f), "i");
  assert_non_null(n->bareme);
  assert_null(n->bareme->id);
  setq(f->x, "4/5");
  assert_int_equal(lookup(f, n->bareme, f->x), 1);
  mpq_sub(f->x, f->x, f->eps);
  assert_int_equal(lookup(f, n->bareme, f->x), 0);
}

static void test_negative_infinity_bound(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "contrat c \"C\" {\n"
                      "  periode 2020\n"
                      "  bareme b \"B\" sur valeur {\n"
                      "    ]-inf ; 0[  : 0 €\n"
                      "    [0 ; +inf[  : 100 €\n"
                      "  }\n"
                      "}\n"));
  const struct cb_bareme *br = bareme(f, 0);
  assert_true(br->tranches[0].lo_inf);
  assert_int_equal(at(f, br, "-1000000000000000000000000000000", 0), 0);
  assert_int_equal(at(f, br, "0", -1), 0);
  assert_int_equal(at(f, br, "0", 0), 1);
  assert_q(f, f->got, "100");
}

static void test_overlap_rejected(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n"
                       "  periode 2020\n"
                       "  bareme b \"B\" {\n"
                       "    [0 % ; 50 %]   : 0 %\n"
                       "    [50 % ; +inf[  : 100 %\n"
                       "  }\n"
                       "}\n"));
  assert_true(has_code(f, "E0207", 5));
}

static void test_gap_rejected(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n"
                       "  periode 2020\n"
                       "  bareme b \"B\" {\n"
                       "    [0 % ; 50 %[   : 0 %\n"
                       "    ]50 % ; +inf[  : 100 %\n"
                       "  }\n"
                       "}\n"));
  assert_true(has_code(f, "E0208", 5));
}

static void test_linear_infinite_rejected(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n"
                       "  periode 2020\n"
                       "  bareme b \"B\" {\n"
                       "    [0 % ; +inf[  : lineaire de 0 % a 100 %\n"
                       "  }\n"
                       "}\n"));
  assert_true(has_code(f, "E0218", 4));
}

static void test_closed_infinity_rejected(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n"
                       "  periode 2020\n"
                       "  bareme b \"B\" {\n"
                       "    [0 % ; +inf]  : 100 %\n"
                       "  }\n"
                       "}\n"));
  assert_true(has_code(f, "E0207", 4));
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_quarts_model),
      T(test_quarts_zero),
      T(test_quarts_quarter),
      T(test_quarts_half),
      T(test_quarts_three_quarters),
      T(test_quarts_large),
      T(test_quarts_two_thirds),
      T(test_linear_model),
      T(test_linear_interpolation),
      T(test_linear_just_above_open_bottom),
      T(test_linear_pay_directly),
      T(test_sur_valeur_model),
      T(test_sur_valeur_lookup),
      T(test_sur_valeur_eval_in_mission),
      T(test_sur_valeur_eval_in_contract),
      T(test_inline_bareme),
      T(test_negative_infinity_bound),
      T(test_overlap_rejected),
      T(test_gap_rejected),
      T(test_linear_infinite_rejected),
      T(test_closed_infinity_rejected),
  };
#undef T
  return cmocka_run_group_tests_name("bareme", tests, NULL, NULL);
}
