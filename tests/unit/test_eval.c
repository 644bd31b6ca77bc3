/*
 * test_eval.c: unit tests of the evaluator, through a session.
 *
 * Each test writes a small contract with its `mesures` block, checks it,
 * evaluates one period with cb_eval_contract and reads the results of the
 * nodes with cb_report_find. What the language can state (an attainment, an
 * amount paid, points) is pinned by the `attendu` lines of the tests/spec files,
 * run by `cible test`; the cases here assert what an `attendu` cannot say,
 * exactly as rationals: the ratio beside a capped or floored attainment, the
 * undefined ratio, the capped flag, the written comparison, a result's status
 * (neutralised, missing, excluded, undetermined, to be defined) and reason,
 * a measure counted as zero, exact objectives chained on the previous
 * measure, the tranche and the exact amounts before rounding of the Café
 * CPTS example, the amounts taken back by the reprise d'arrondi, the share
 * and period amount of montants, and cb_eval_contract over all periods.
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

#include "session.h"

struct fx {
  struct cb_session *s;
  mpq_t q;
  char text[8192];
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

static void load_ok(struct fx *f, const char *text) {
  assert_int_equal(cb_session_add_contract_text(f->s, "t.cible", text, strlen(text)), CB_LOAD_OK);
  if (!cb_session_check(f->s)) {
    char *r = cb_diag_render_string(cb_session_diags(f->s), 0);
    fprintf(stderr, "%s", r);
    free(r);
    fail();
  }
}

/* Loads a contract over 2020 holding indicator i (body given) with the
   contract settings and the measures given, then evaluates 2020. */
static void one(struct fx *f, const char *settings, const char *body, const char *measures) {
  int n = snprintf(f->text, sizeof f->text,
                   "contrat c \"C\" {\n"
                   "  periode 2020\n"
                   "  %s\n"
                   "  indicateur i \"I\" {\n"
                   "    %s\n"
                   "  }\n"
                   "}\n"
                   "mesures c 2020 {\n"
                   "  %s\n"
                   "}\n",
                   settings, body, measures);
  assert_true(n > 0 && (size_t)n < sizeof f->text);
  load_ok(f, f->text);
}

static const struct cb_contract *contract(struct fx *f) {
  const struct cb_contract *c = cb_program_contract(cb_session_program(f->s), "c");
  assert_non_null(c);
  return c;
}

static void eval_at(struct fx *f, enum cb_period_kind k, long n) {
  const struct cb_contract *c = contract(f);
  const struct cb_period *p = cb_contract_period(c, k, n);
  assert_non_null(p);
  f->ev = cb_eval_contract(cb_session_arena(f->s), c, cb_session_dataset(f->s), p);
  assert_non_null(f->ev);
  assert_int_equal(f->ev->nperiods, 1);
  assert_ptr_equal(f->ev->periods[0].period, p);
}

static void eval2020(struct fx *f) { eval_at(f, CB_PERIOD_YEAR, 2020); }

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

/* ---- attainment methods ---- */

static void test_proportional_increasing(void **state) {
  struct fx *f = *state;
  one(f, "", "unite patients\n sens croissant\n objectif 2020 : 15", "i : 10");
  eval2020(f);
  const struct cb_result *r = res(f, "i");
  assert_int_equal(r->status, CB_RES_OK);
  assert_q(f, r->objective, "15");
  assert_q(f, r->measure, "10");
  assert_q(f, r->ratio, "2/3");
  assert_false(r->ratio_undefined);
  assert_int_equal(r->met, 0);
  assert_q(f, r->attainment, "2/3");
  assert_q(f, r->after, "2/3");
  assert_false(r->capped);
}

static void test_proportional_decreasing_met_capped(void **state) {
  struct fx *f = *state;
  one(f, "", "unite jours\n sens decroissant\n objectif 2020 : 7 jc", "i : 5");
  eval2020(f);
  const struct cb_result *r = res(f, "i");
  assert_q(f, r->ratio, "7/5");
  assert_int_equal(r->met, 1);
  assert_q(f, r->attainment, "1");
  assert_true(r->capped);
}

static void test_undefined_ratio_met(void **state) {
  struct fx *f = *state;
  one(f, "", "sens decroissant\n objectif 2020 : 0", "i : 0");
  eval2020(f);
  const struct cb_result *r = res(f, "i");
  assert_int_equal(r->status, CB_RES_OK);
  assert_true(r->ratio_undefined);
  assert_null(r->ratio);
  assert_int_equal(r->met, 1);
  assert_q(f, r->attainment, "1");
}

static void test_written_strict_comparison(void **state) {
  struct fx *f = *state;
  one(f, "atteinte tout_ou_rien", "unite %\n sens croissant\n objectif 2020 : > 50 %", "i : 50 %");
  eval2020(f);
  const struct cb_result *r = res(f, "i");
  assert_int_equal(r->cmp, CB_CMP_GT);
  assert_int_equal(r->met, 0);
  assert_q(f, r->attainment, "0");
}

static void test_mesuree_capped(void **state) {
  struct fx *f = *state;
  one(f, "atteinte mesuree", "unite %", "i : 112 %");
  eval2020(f);
  const struct cb_result *r = res(f, "i");
  assert_q(f, r->measure, "28/25");
  assert_q(f, r->attainment, "1");
  assert_true(r->capped);
}

static void test_plafond_above_100(void **state) {
  struct fx *f = *state;
  one(f, "plafond 120 %", "sens croissant\n objectif 2020 : 10", "i : 15");
  eval2020(f);
  assert_q(f, res(f, "i")->attainment, "6/5");
  assert_true(res(f, "i")->capped);
}

static void test_plancher(void **state) {
  struct fx *f = *state;
  one(f, "plancher 50 %", "sens croissant\n objectif 2020 : 10", "i : 2");
  eval2020(f);
  const struct cb_result *r = res(f, "i");
  assert_q(f, r->ratio, "1/5");
  assert_q(f, r->attainment, "1/2");
}

static void test_etapes_count_too_high(void **state) {
  struct fx *f = *state;
  const char *text = "contrat c \"C\" {\n"
                     "  periode 2020\n"
                     "  indicateur e \"E\" {\n"
                     "    atteinte etapes { \"un\" : 50 % \"deux\" : 100 % }\n"
                     "  }\n"
                     "}\n"
                     "mesures c 2020 {\n  e : 3\n}\n";
  assert_int_equal(cb_session_add_contract_text(f->s, "t.cible", text, strlen(text)), CB_LOAD_OK);
  assert_false(cb_session_check(f->s));
  assert_true(cb_session_diags(f->s)->nerrors > 0);
}

/* ---- neutralisation ---- */

static void neutral(struct fx *f, const char *rule) {
  int n = snprintf(f->text, sizeof f->text,
                   "contrat c \"C\" {\n"
                   "  periode 2020\n"
                   "  neutralisation %s\n"
                   "  mission m \"M\" {\n"
                   "    variable 1 000 €\n"
                   "    indicateur x \"X\" { sens croissant\n objectif 2020 : 10\n poids 50 %%\n"
                   "      neutralise 2020 \"grève\" }\n"
                   "    indicateur y \"Y\" { sens croissant\n objectif 2020 : 10\n poids 30 %% }\n"
                   "    indicateur z \"Z\" { sens croissant\n objectif 2020 : 10\n poids 20 %% }\n"
                   "  }\n"
                   "}\n"
                   "mesures c 2020 {\n  y : 10\n  z : 0\n}\n",
                   rule);
  assert_true(n > 0 && (size_t)n < sizeof f->text);
  load_ok(f, f->text);
  eval2020(f);
  assert_int_equal(res(f, "x")->status, CB_RES_NEUTRALISED);
}

static void test_neutral_redistribuer(void **state) {
  struct fx *f = *state;
  neutral(f, "redistribuer");
  assert_q(f, res(f, "y")->weight, "3/5");
  assert_q(f, res(f, "z")->weight, "2/5");
  assert_q(f, res(f, "m")->attainment, "3/5");
  assert_q(f, res(f, "m")->paid, "600");
}

static void test_neutral_from_measure(void **state) {
  struct fx *f = *state;
  load_ok(f, "contrat c \"C\" {\n"
             "  periode 2020\n"
             "  indicateur x \"X\" { sens croissant\n objectif 2020 : 10 }\n"
             "  indicateur y \"Y\" { sens croissant\n objectif 2020 : 10 }\n"
             "}\n"
             "mesures c 2020 {\n  x : neutralise\n  y : 4\n}\n");
  eval2020(f);
  assert_int_equal(res(f, "x")->status, CB_RES_NEUTRALISED);
  assert_q(f, res(f, "c")->attainment, "2/5");
}

/* ---- missing measures ---- */

static void missing(struct fx *f, const char *rule) {
  int n = snprintf(f->text, sizeof f->text,
                   "contrat c \"C\" {\n"
                   "  periode 2020\n"
                   "  mesure_manquante %s\n"
                   "  mission m \"M\" {\n"
                   "    variable 1 000 €\n"
                   "    indicateur x \"X\" { sens croissant\n objectif 2020 : 10\n poids 50 %% }\n"
                   "    indicateur y \"Y\" { sens croissant\n objectif 2020 : 10\n poids 30 %% }\n"
                   "    indicateur z \"Z\" { sens croissant\n objectif 2020 : 10\n poids 20 %% }\n"
                   "  }\n"
                   "}\n"
                   "mesures c 2020 {\n  y : 10\n  z : 5\n}\n",
                   rule);
  assert_true(n > 0 && (size_t)n < sizeof f->text);
  load_ok(f, f->text);
  eval2020(f);
}

static void test_missing_erreur(void **state) {
  struct fx *f = *state;
  missing(f, "erreur");
  const struct cb_result *x = res(f, "x");
  assert_int_equal(x->status, CB_RES_MISSING);
  assert_null(x->measure);
  assert_null(x->attainment);
  assert_non_null(x->reason);
  const struct cb_result *m = res(f, "m");
  assert_int_equal(m->status, CB_RES_UNDETERMINED);
  assert_null(m->attainment);
  assert_null(m->paid);
  assert_int_equal(res(f, "c")->status, CB_RES_UNDETERMINED);
  /* what does not depend on it is still computed */
  assert_q(f, res(f, "z")->attainment, "1/2");
}

static void test_missing_zero(void **state) {
  struct fx *f = *state;
  missing(f, "zero");
  const struct cb_result *x = res(f, "x");
  assert_true(x->measure_counted_zero);
  assert_q(f, x->attainment, "0");
  assert_q(f, res(f, "m")->attainment, "2/5"); /* 30 % × 1 + 20 % × 1/2 */
  assert_q(f, res(f, "m")->paid, "400");
}

static void test_missing_exclure(void **state) {
  struct fx *f = *state;
  missing(f, "exclure");
  assert_int_equal(res(f, "x")->status, CB_RES_EXCLUDED);
  assert_q(f, res(f, "y")->weight, "3/5");
  assert_q(f, res(f, "m")->attainment, "4/5"); /* 3/5 × 1 + 2/5 × 1/2 */
  assert_q(f, res(f, "m")->paid, "800");
}

static void test_nd_is_missing(void **state) {
  struct fx *f = *state;
  one(f, "", "sens croissant\n objectif 2020 : 10", "i : nd");
  eval2020(f);
  assert_int_equal(res(f, "i")->status, CB_RES_MISSING);
  assert_int_equal(res(f, "c")->status, CB_RES_UNDETERMINED);
}

static void test_a_definir_not_scored(void **state) {
  struct fx *f = *state;
  one(f, "", "sens croissant\n objectif 2020 : a definir", "i : 10");
  eval2020(f);
  const struct cb_result *r = res(f, "i");
  assert_int_equal(r->status, CB_RES_TO_DEFINE);
  assert_null(r->attainment);
}

/* ---- objectives over periods ---- */

static const char PRECEDENT[] = "contrat c \"C\" {\n"
                                "  periode 2014 a 2015\n"
                                "  atteinte tout_ou_rien\n"
                                "  indicateur i \"I\" {\n"
                                "    unite %\n"
                                "    sens croissant\n"
                                "    objectif 2014 : 50 %\n"
                                "    objectif 2015 : precedent + 5 points\n"
                                "  }\n"
                                "}\n"
                                "mesures c 2014 {\n  i : 52 %\n}\n";

static void test_precedent_objective(void **state) {
  struct fx *f = *state;
  snprintf(f->text, sizeof f->text, "%smesures c 2015 {\n  i : 57 %%\n}\n", PRECEDENT);
  load_ok(f, f->text);
  eval_at(f, CB_PERIOD_YEAR, 2015);
  const struct cb_result *r = res(f, "i");
  assert_q(f, r->objective, "57/100"); /* 52 % + 5 points */
  assert_int_equal(r->met, 1);
  assert_q(f, r->attainment, "1");
}

static void test_precedent_objective_not_met(void **state) {
  struct fx *f = *state;
  snprintf(f->text, sizeof f->text, "%smesures c 2015 {\n  i : 56,99 %%\n}\n", PRECEDENT);
  load_ok(f, f->text);
  eval_at(f, CB_PERIOD_YEAR, 2015);
  assert_q(f, res(f, "i")->objective, "57/100");
  assert_int_equal(res(f, "i")->met, 0);
}

static void test_precedent_without_previous_measure(void **state) {
  struct fx *f = *state;
  load_ok(f, "contrat c \"C\" {\n"
             "  periode 2014 a 2015\n"
             "  indicateur i \"I\" {\n"
             "    unite %\n"
             "    sens croissant\n"
             "    objectif 2014 : 50 %\n"
             "    objectif 2015 : precedent + 5 points\n"
             "  }\n"
             "}\n"
             "mesures c 2015 {\n  i : 60 %\n}\n");
  eval_at(f, CB_PERIOD_YEAR, 2015);
  const struct cb_result *r = res(f, "i");
  /* no guessed zero: without the 2014 measure there is no 2015 objective */
  assert_int_not_equal(r->status, CB_RES_OK);
  assert_null(r->attainment);
}

static void test_eval_all_periods(void **state) {
  struct fx *f = *state;
  snprintf(f->text, sizeof f->text, "%smesures c 2015 {\n  i : 57 %%\n}\n", PRECEDENT);
  load_ok(f, f->text);
  const struct cb_contract *c = contract(f);
  struct cb_evaluation *ev = cb_eval_contract(cb_session_arena(f->s), c, cb_session_dataset(f->s), NULL);
  assert_int_equal(ev->nperiods, 2);
  assert_int_equal(ev->periods[0].period->n, 2014);
  const struct cb_result *r = cb_report_find(ev, &ev->periods[0], "i");
  assert_non_null(r);
  assert_q(f, r->objective, "1/2");
  assert_int_equal(r->met, 1);
}

/* ---- money: the Café CPTS example ---- */

static const char CAFE[] =
    "contrat cafe_cpts \"CPTS exemple\" {\n"
    "  accord aci_cpts\n"
    "  signature 2023-01-20\n"
    "  duree 5 ans\n"
    "  arrondi au centime\n"
    "  bareme quarts \"Quarts\" {\n"
    "    [0 % ; 0 %]    : 0 %\n"
    "    ]0 % ; 25 %]   : 25 %\n"
    "    ]25 % ; 50 %]  : 50 %\n"
    "    ]50 % ; 75 %]  : 75 %\n"
    "    ]75 % ; +inf[  : 100 %\n"
    "  }\n"
    "  mission parcours \"Parcours\" {\n"
    "    fixe 20 000 €\n"
    "    variable 10 000 €\n"
    "    indicateur inclus_prorata \"Prorata\" {\n"
    "      unite patients\n      sens croissant\n      objectif an 1 : 15\n"
    "      poids 50 %\n      atteinte proportionnelle\n"
    "    }\n"
    "    indicateur inclus_bareme \"Barème\" {\n"
    "      unite patients\n      sens croissant\n      objectif an 1 : 15\n"
    "      poids 30 %\n      atteinte proportionnelle\n      bareme quarts\n"
    "    }\n"
    "    indicateur inclus_binaire \"Binaire\" {\n"
    "      unite patients\n      sens croissant\n      objectif an 1 : 15\n"
    "      poids 20 %\n      atteinte tout_ou_rien\n"
    "    }\n"
    "  }\n"
    "}\n"
    "mesures cafe_cpts an 1 {\n"
    "  inclus_prorata : 10\n  inclus_bareme  : 10\n  inclus_binaire : 10\n"
    "}\n";

static void cafe(struct fx *f) {
  load_ok(f, CAFE);
  const struct cb_contract *c = cb_program_contract(cb_session_program(f->s), "cafe_cpts");
  assert_non_null(c);
  assert_int_equal(c->rounding, CB_ROUNDING_CENTIME);
  const struct cb_period *p = cb_contract_period(c, CB_PERIOD_AN, 1);
  assert_non_null(p);
  f->ev = cb_eval_contract(cb_session_arena(f->s), c, cb_session_dataset(f->s), p);
  assert_int_equal(f->ev->nperiods, 1);
}

static void test_cafe_prorata(void **state) {
  struct fx *f = *state;
  cafe(f);
  const struct cb_result *r = res(f, "inclus_prorata");
  assert_q(f, r->ratio, "2/3");
  assert_q(f, r->share, "5000");
  assert_q(f, r->paid_exact, "10000/3");
  assert_q(f, r->paid, "333333/100"); /* 3 333,33 € */
}

static void test_cafe_bareme(void **state) {
  struct fx *f = *state;
  cafe(f);
  const struct cb_result *r = res(f, "inclus_bareme");
  assert_q(f, r->attainment, "2/3");
  assert_non_null(r->tranche);
  assert_string_equal(r->tranche->text, "]50 % ; 75 %]");
  assert_q(f, r->after, "3/4");
  assert_q(f, r->share, "3000");
  assert_q(f, r->paid, "2250");
}

static void test_cafe_binaire(void **state) {
  struct fx *f = *state;
  cafe(f);
  const struct cb_result *r = res(f, "inclus_binaire");
  assert_int_equal(r->met, 0);
  assert_q(f, r->share, "2000");
  assert_q(f, r->paid, "0");
}

static void test_cafe_mission(void **state) {
  struct fx *f = *state;
  cafe(f);
  const struct cb_result *m = res(f, "parcours");
  assert_q(f, m->attainment, "67/120"); /* 1/2 × 2/3 + 3/10 × 3/4 + 0 */
  assert_q(f, m->variable, "10000");
  assert_q(f, m->fixe, "20000");
  /* the sum of the rounded parts, not 10000 × 67/120 = 5 583,333… */
  assert_q(f, m->paid, "558333/100");
  assert_q(f, res(f, "cafe_cpts")->attainment, "67/120");
}

/* ---- reprise d'arrondi: rounded amounts kept within their envelope ---- */

/* A contract c over 2020 with mission m (variable `env` €) holding n
   indicators i1..in, weights from `weights` (NULL: equal), each measured
   `measure` against an objective of 1 under `plafond`. */
static void envelope(struct fx *f, const char *rounding, const char *env, int n,
                     const char *const *weights, const char *plafond, const char *measure) {
  int len = snprintf(f->text, sizeof f->text,
                     "contrat c \"C\" {\n  periode 2020\n  %s\n  mission m \"M\" {\n"
                     "    variable %s €\n",
                     rounding, env);
  for (int i = 0; i < n; i++)
    len += snprintf(f->text + len, sizeof f->text - (size_t)len,
                    "    indicateur i%d \"I\" {\n      sens croissant\n      objectif 2020 : 1\n"
                    "      atteinte proportionnelle\n      %s\n      %s%s\n    }\n",
                    i + 1, plafond, weights ? "poids " : "", weights ? weights[i] : "");
  len += snprintf(f->text + len, sizeof f->text - (size_t)len, "  }\n}\nmesures c 2020 {\n");
  for (int i = 0; i < n; i++)
    len += snprintf(f->text + len, sizeof f->text - (size_t)len, "  i%d : %s\n", i + 1, measure);
  len += snprintf(f->text + len, sizeof f->text - (size_t)len, "}\n");
  assert_true(len > 0 && (size_t)len < sizeof f->text);
  load_ok(f, f->text);
  eval2020(f);
}

static void test_reprise_six_sixths(void **state) {
  struct fx *f = *state;
  /* 10 000 / 6 = 1 666,666… rounds to 1 666,67; six of them are 10 000,02 */
  envelope(f, "arrondi au centime", "10000", 6, NULL, "", "1");
  const char *ids[] = {"i1", "i2", "i3", "i4", "i5", "i6"};
  for (int i = 0; i < 6; i++) {
    const struct cb_result *r = res(f, ids[i]);
    assert_q(f, r->paid_exact, "5000/3");
    /* equal gains: the first two in the contract's order give a centime back */
    assert_q(f, r->paid, i < 2 ? "83333/50" : "166667/100");
    if (i < 2)
      assert_q(f, r->rounding_taken, "1/100");
    else
      assert_null(r->rounding_taken);
  }
  const struct cb_result *m = res(f, "m");
  assert_q(f, m->paid, "10000");
  assert_q(f, m->envelope_taken, "1/50");
  assert_null(m->rounding_taken);
}

static void test_reprise_largest_gain_first(void **state) {
  struct fx *f = *state;
  /* 0,99 € as 0,2475 + 0,2475 + 0,495, rounded 0,25 + 0,25 + 0,50 = 1,00 €:
     i3 was raised the most (half a centime) and gives the centime back */
  const char *w[] = {"25 %", "25 %", "50 %"};
  envelope(f, "arrondi au centime", "0,99", 3, w, "", "1");
  assert_q(f, res(f, "i1")->paid, "1/4");
  assert_q(f, res(f, "i2")->paid, "1/4");
  assert_q(f, res(f, "i3")->paid, "49/100");
  assert_null(res(f, "i1")->rounding_taken);
  assert_q(f, res(f, "m")->paid, "99/100");
}

static void test_no_reprise_above_plafond(void **state) {
  struct fx *f = *state;
  /* a plafond of 120 % pays 110 % by the contract: 3 × 3 666,67 = 11 000,01 €
     is over the envelope before rounding, nothing is taken back */
  envelope(f, "arrondi au centime", "10000", 3, NULL, "plafond 120 %", "1,1");
  assert_q(f, res(f, "i1")->paid, "366667/100");
  assert_null(res(f, "i1")->rounding_taken);
  const struct cb_result *m = res(f, "m");
  assert_q(f, m->paid, "1100001/100");
  assert_null(m->envelope_taken);
}

static void test_no_reprise_without_rounding(void **state) {
  struct fx *f = *state;
  envelope(f, "mesure_manquante erreur", "10000", 6, NULL, "", "1");
  assert_q(f, res(f, "i1")->paid, "5000/3");
  assert_q(f, res(f, "m")->paid, "10000");
  assert_null(res(f, "m")->envelope_taken);
}

/* ---- amounts in euros per unit and by formula (issue 10, item 17) ---- */

/* A mission of 7 400 €: p 50 € per unit of its own measure (8 at most),
   ad 200 € per professional (16 at most) × its attainment, k a formula with
   a maximum of 3 800 €; measures given. */
static void montants_in(struct fx *f, const char *envelope, const char *measures) {
  int n = snprintf(f->text, sizeof f->text,
                   "contrat c \"C\" {\n"
                   "  periode 2020\n"
                   "  donnee pro \"Pro\" { unite professionnels }\n"
                   "  mission m \"M\" {\n"
                   "    %s\n"
                   "    indicateur p \"P\" { unite protocoles\n montant 50 € par p, 8 au plus }\n"
                   "    indicateur ad \"A\" { sens croissant\n objectif 2020 : 10\n"
                   "      montant 200 € par pro, 16 au plus }\n"
                   "    indicateur k \"K\" { atteinte oui_non\n"
                   "      montant = 150 € * min(pro, 10) + 100 € * max(pro - 10, 0), 3 800 € au plus }\n"
                   "  }\n"
                   "}\n"
                   "mesures c 2020 {\n  %s\n}\n",
                   envelope, measures);
  assert_true(n > 0 && (size_t)n < sizeof f->text);
  load_ok(f, f->text);
  eval2020(f);
}

static void montants(struct fx *f, const char *measures) {
  montants_in(f, "variable 7 400 €", measures);
}

/* Without an envelope, the maxima are what the mission can earn and each
   indicator is paid its period's amount × its attainment, as under one. */
static void test_montant_without_envelope(void **state) {
  struct fx *f = *state;
  montants_in(f, "", "pro : 12\n  p : 5\n  ad : 5\n  k : oui");
  assert_q(f, res(f, "m")->share, "7400");
  assert_q(f, res(f, "p")->paid, "250");
  assert_q(f, res(f, "ad")->paid, "1200");
  assert_q(f, res(f, "k")->paid, "1700");
  assert_q(f, res(f, "m")->paid, "3150");
}

static void test_montant_without_donnee(void **state) {
  struct fx *f = *state;
  montants(f, "p : 2\n  ad : 10\n  k : oui");
  assert_int_equal(res(f, "ad")->status, CB_RES_UNDETERMINED);
  assert_null(res(f, "ad")->paid);
  assert_int_equal(res(f, "k")->status, CB_RES_UNDETERMINED);
  assert_null(res(f, "m")->paid);
}

static void test_montant_negative_donnee(void **state) {
  struct fx *f = *state;
  montants(f, "pro : -3\n  p : 2\n  ad : 10\n  k : non");
  assert_int_equal(res(f, "ad")->status, CB_RES_UNDETERMINED);
  assert_non_null(strstr(res(f, "ad")->reason, "négatif"));
}

/* Neutralised under `acquis`, an indicator counts 100 % of its period's
   amount: when its formula has no value, the reason is the formula's (the
   missing donnée), not the neutralisation. */
static void test_montant_acquis_formula_without_value(void **state) {
  struct fx *f = *state;
  one(f, "variable 100 €\n  donnee pro \"Pro\" { unite professionnels }",
      "atteinte oui_non\n neutralisation acquis\n neutralise 2020 \"panne\"\n"
      " montant = 10 € * pro, 100 € au plus",
      "i : oui");
  eval2020(f);
  const struct cb_result *r = res(f, "i");
  assert_int_equal(r->status, CB_RES_UNDETERMINED);
  assert_non_null(strstr(r->reason, "« pro »"));
  assert_null(strstr(r->reason, "panne"));
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_reprise_six_sixths),
      T(test_reprise_largest_gain_first),
      T(test_no_reprise_above_plafond),
      T(test_no_reprise_without_rounding),
      T(test_proportional_increasing),
      T(test_proportional_decreasing_met_capped),
      T(test_undefined_ratio_met),
      T(test_written_strict_comparison),
      T(test_mesuree_capped),
      T(test_plafond_above_100),
      T(test_plancher),
      T(test_etapes_count_too_high),
      T(test_neutral_redistribuer),
      T(test_neutral_from_measure),
      T(test_missing_erreur),
      T(test_missing_zero),
      T(test_missing_exclure),
      T(test_nd_is_missing),
      T(test_a_definir_not_scored),
      T(test_precedent_objective),
      T(test_precedent_objective_not_met),
      T(test_precedent_without_previous_measure),
      T(test_eval_all_periods),
      T(test_cafe_prorata),
      T(test_cafe_bareme),
      T(test_cafe_binaire),
      T(test_cafe_mission),
      T(test_montant_without_donnee),
      T(test_montant_negative_donnee),
      T(test_montant_acquis_formula_without_value),
      T(test_montant_without_envelope),
  };
#undef T
  return cmocka_run_group_tests_name("eval", tests, NULL, NULL);
}
