/*
 * test_plafond_montant.c: unit tests of `plafond_montant` (model.c, eval.c).
 *
 * The cap in euros of what an indicator pays in a period: applied after
 * attainment × share, to the exact amount, before rounding (the parent's sum
 * is the sum of the capped amounts); no effect below the cap; an explain
 * step citing the contract line when it applies; refused under a `points`
 * total (E0435).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "eval.h"
#include "report.h"
#include "session.h"
#include "trace.h"

struct fx {
  struct cb_session *s;
  mpq_t q;
  struct cb_evaluation *ev;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->s = cb_session_new();
  mpq_init(f->q);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  cb_session_free(f->s);
  mpq_clear(f->q);
  free(f);
  return 0;
}

/* Two indicators sharing 1 000 € (60 % / 40 %), x capped as given, both
   measured at their objective; evaluates 2020. */
static bool load(struct fx *f, const char *settings, const char *cap) {
  char text[2048];
  int n = snprintf(text, sizeof text,
                   "contrat c \"C\" {\n"
                   "  periode 2020\n"
                   "  %s\n"
                   "  indicateur x \"X\" {\n"
                   "    poids 60 %%\n    sens croissant\n    objectif 2020 : 10\n"
                   "    %s\n"
                   "  }\n"
                   "  indicateur y \"Y\" {\n"
                   "    poids 40 %%\n    sens croissant\n    objectif 2020 : 10\n"
                   "  }\n"
                   "}\n"
                   "mesures c 2020 {\n  x : 10\n  y : 10\n}\n",
                   settings, cap);
  assert_true(n > 0 && (size_t)n < sizeof text);
  assert_int_equal(cb_session_add_contract_text(f->s, "t.cible", text, (size_t)n), CB_LOAD_OK);
  if (!cb_session_check(f->s))
    return false;
  const struct cb_contract *c = cb_program_contract(cb_session_program(f->s), "c");
  assert_non_null(c);
  f->ev = cb_eval_contract(cb_session_arena(f->s), c, cb_session_dataset(f->s), &c->periods[0]);
  assert_non_null(f->ev);
  return true;
}

static const struct cb_result *res(struct fx *f, const char *id) {
  const struct cb_result *r = cb_report_find(f->ev, &f->ev->periods[0], id);
  if (!r)
    fail_msg("no result for %s", id);
  return r;
}

static void assert_q(struct fx *f, mpq_srcptr got, const char *want) {
  if (!got)
    fail_msg("NULL, want %s", want);
  assert_int_equal(mpq_set_str(f->q, want, 10), 0);
  mpq_canonicalize(f->q);
  if (!mpq_equal(got, f->q)) {
    gmp_fprintf(stderr, "got %Qd, want %Qd\n", got, f->q);
    fail();
  }
}

static bool has_step(const struct cb_result *r, const char *text, int line) {
  bool found = false;
  struct cb_buf b = CB_BUF_INIT;
  for (const struct cb_step *s = r->steps; s && !found; s = s->next) {
    cb_buf_clear(&b);
    cb_step_text(&b, s);
    found = strstr(cb_buf_str(&b), text) && s->loc.line == line;
  }
  cb_buf_free(&b);
  return found;
}

static void test_cap_applies(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "variable 1 000 €", "plafond_montant 450 €"));
  const struct cb_result *x = res(f, "x");
  assert_q(f, x->paid_exact, "450");
  assert_q(f, x->paid, "450");
  assert_q(f, res(f, "y")->paid, "400");
  assert_q(f, res(f, "c")->paid, "850");
  assert_true(has_step(x, "plafond de montant : 600,00 € ramené à 450,00 €", 8));
}

static void test_below_cap_no_effect(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "variable 1 000 €", "plafond_montant 600 €"));
  const struct cb_result *x = res(f, "x");
  assert_q(f, x->paid, "600");
  assert_false(has_step(x, "plafond de montant", 8));
}

static void test_cap_before_rounding(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "variable 1 000 €\n  arrondi au centime", "plafond_montant 450,004 €"));
  const struct cb_result *x = res(f, "x");
  assert_q(f, x->paid_exact, "112501/250"); /* 450,004 */
  assert_q(f, x->paid, "45000/100");
}

static void test_refused_under_points_total(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "points 1000", "plafond_montant 450 €"));
  bool found = false;
  for (const struct cb_diag *d = cb_session_diags(f->s)->head; d; d = d->next)
    found = found || (d->code && strcmp(d->code, "E0435") == 0);
  assert_true(found);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_cap_applies, setup, teardown),
      cmocka_unit_test_setup_teardown(test_below_cap_no_effect, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cap_before_rounding, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refused_under_points_total, setup, teardown),
  };
  return cmocka_run_group_tests_name("plafond_montant", tests, NULL, NULL);
}
