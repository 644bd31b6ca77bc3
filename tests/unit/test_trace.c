/*
 * test_trace.c: unit tests of the step printer (render/trace.c).
 *
 * Steps built by hand, as the evaluator records them (a kind, its sources,
 * its operands), and the French sentence each one renders to: a measure and
 * an objective in percent (an offset of a percentage is in points), a
 * comparison not met, an amount in points at a rate of 0 %, the rounding
 * taken back from several amounts, an amount cap that is not whole cents,
 * payment by unit over its cap, and the fallback ready sentence.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "eval.h"
#include "trace.h"

struct fx {
  struct cb_arena *a;
  struct cb_node pct;   /* an indicator measured in percent */
  struct cb_period p;
  struct cb_buf out;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->a = cb_arena_new();
  f->pct.kind = CB_NODE_INDICATOR;
  f->pct.id = "taux";
  f->pct.unit.kind = CB_UNIT_PERCENT;
  f->p.name = "2020";
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  cb_buf_free(&f->out);
  cb_arena_free(f->a);
  free(f);
  return 0;
}

/* "n/d" as an arena rational. */
static mpq_ptr q(struct fx *f, const char *s) {
  mpq_ptr v = cb_arena_mpq(f->a);
  assert_int_equal(mpq_set_str(v, s, 10), 0);
  mpq_canonicalize(v);
  return v;
}

/* The sentence of step s about f's indicator in f's period. */
static const char *text(struct fx *f, struct cb_step s) {
  if (!s.node)
    s.node = &f->pct;
  s.period = &f->p;
  cb_buf_clear(&f->out);
  cb_step_text(&f->out, &s);
  return cb_buf_str(&f->out);
}

static void measure_and_objective(void **state) {
  struct fx *f = *state;
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_MEASURE, .q = {q(f, "269/1000")},
                                               .str = "fichier de mesures"}),
                      "mesure 2020 : 26,9 % (fichier de mesures)");
  f->pct.initial = q(f, "1/2");
  struct cb_mobjective o = {.kind = CB_MOBJ_VALUE, .cmp = CB_CMP_GE, .value = q(f, "9/20"),
                            .offset = q(f, "-1/20"), .from_initial = true};
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_OBJ_INITIAL, .objective = &o}),
                      "objectif 2020 : initial 50 % - 5 points = 45 %");
  o.offset = q(f, "1/100");
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_OBJ_INITIAL, .objective = &o}),
                      "objectif 2020 : initial 50 % + 1 point = 45 %");
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_MET, .n = CB_CMP_GE,
                                               .q = {q(f, "269/1000"), q(f, "9/20")}}),
                      "objectif non atteint : 26,9 % < 45 %");
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_MET, .flags = CB_STEP_F_MET,
                                               .n = CB_CMP_GT,
                                               .q = {q(f, "1/2"), q(f, "9/20")}}),
                      "objectif atteint : 50 % > 45 %");
}

static void amounts(void **state) {
  struct fx *f = *state;
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_PAID, .flags = CB_STEP_F_POINTS,
                                               .q = {q(f, "100"), NULL, q(f, "0")}}),
                      "versé = 100 points × 0 % = 0 points");
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_PAID,
                                               .q = {q(f, "1000"), q(f, "2/3"), q(f, "2000/3")}}),
                      "versé = 1 000,00 € × 66,67 % = 666,67 €");
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_AMOUNT_CAP,
                                               .q = {q(f, "500"), q(f, "1000/3")}}),
                      "plafond de montant : 500,00 € ramené à 333,33 € (exactement 1000/3)");
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_AMOUNT_CAP,
                                               .q = {q(f, "500"), q(f, "450")}}),
                      "plafond de montant : 500,00 € ramené à 450,00 €");
}

static void rounding_taken_back(void **state) {
  struct fx *f = *state;
  struct cb_node i1 = {.id = "i1"}, i2 = {.id = "i2"};
  const struct cb_node *names[] = {&i1, &i2};
  struct cb_step s = {.kind = CB_STEP_TAKE_TOTAL, .nodes = names, .n = 2,
                      .q = {q(f, "1000002/100"), q(f, "2/100"), q(f, "1/100"), q(f, "10000")}};
  assert_string_equal(text(f, s),
                      "les montants arrondis (10 000,02 €) dépassent l'enveloppe de 0,02 € : "
                      "0,01 € repris sur chacun de « i1 », « i2 » (les plus relevés par "
                      "l'arrondi) ; versé 10 000,00 €");
  s.n = 1;
  assert_string_equal(text(f, s),
                      "les montants arrondis (10 000,02 €) dépassent l'enveloppe de 0,02 € : "
                      "0,01 € repris sur « i1 » (les plus relevés par l'arrondi) ; versé "
                      "10 000,00 €");
}

static void per_unit_and_text(void **state) {
  struct fx *f = *state;
  struct cb_node u = {.kind = CB_NODE_INDICATOR, .id = "protocoles"};
  struct cb_points pl = {.set = true, .q = q(f, "100"), .cap = q(f, "8"), .euros = true};
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_PER_UNIT, .node = &u, .line = &pl,
                                               .n = 2, .q = {q(f, "8"), q(f, "1"), q(f, "11")}}),
                      "payé par unité : 8 retenus (mesure 11, 8 au plus) = 100,00 % du montant "
                      "possible, soit 8 × 100,00 € = 800,00 €");
  assert_string_equal(text(f, (struct cb_step){.kind = CB_STEP_LINE_NONE,
                                               .label = "points variables",
                                               .flags = CB_STEP_F_PLURAL,
                                               .str = "pas de patientèle déclarée"}),
                      "points variables non calculables : pas de patientèle déclarée");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(measure_and_objective, setup, teardown),
      cmocka_unit_test_setup_teardown(amounts, setup, teardown),
      cmocka_unit_test_setup_teardown(rounding_taken_back, setup, teardown),
      cmocka_unit_test_setup_teardown(per_unit_and_text, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
