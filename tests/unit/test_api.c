/*
 * test_api.c: unit tests of the public API (include/cible.h), through it
 * alone: no internal header is included, as a program that embeds the
 * library would use it.
 *
 * Loads a contract and its measures from memory, reads the diagnostics of a
 * bad contract (count, code, severity, file, line, column, the GNU-form
 * text), evaluates a good one and compares its figures, exact and as
 * displayed, with what the contract says (worked out by hand in the
 * comments), reads the JSON document, and checks that every misuse (eval
 * before check, unknown contract or period, input added after the check) is
 * refused with a message rather than a crash. Each test's session and
 * result belong to the fixture, freed even when an assertion fails, so
 * AddressSanitizer sees the frees of the API and any leak in it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cible.h"

struct fx {
  cible_session *s;
  cible_result *r;
};

static int setup(void **state) {
  struct fx *f = test_calloc(1, sizeof *f);
  f->s = cible_session_new();
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  cible_result_free(f->r);
  cible_session_free(f->s);
  test_free(f);
  return 0;
}

/* One mission of 1 000 €, rounded to the cent: ia (60 %) and ib (40 %). */
static const char GOOD[] = "contrat t \"Essai\" {\n"
                           "  periode 2020 a 2021\n"
                           "  arrondi au centime\n"
                           "\n"
                           "  mission m \"Mission\" {\n"
                           "    variable 1 000 €\n"
                           "\n"
                           "    indicateur ia \"A\" {\n"
                           "      sens croissant\n"
                           "      objectif 2020 : 7\n"
                           "      objectif 2021 : 30\n"
                           "      poids 60 %\n"
                           "      atteinte proportionnelle\n"
                           "    }\n"
                           "\n"
                           "    indicateur ib \"B\" {\n"
                           "      sens croissant\n"
                           "      objectif 2020 : 10\n"
                           "      poids WW\n"
                           "      atteinte proportionnelle\n"
                           "    }\n"
                           "  }\n"
                           "}\n";

static const char CSV[] = "contrat;indicateur;periode;valeur\n"
                          "t;ia;2020;2\n"
                          "t;ib;2020;10\n"
                          "t;ia;2021;45\n";

/* GOOD with ib's weight in place of WW (4 bytes, "40 %"). */
static void add_contract(cible_session *s, const char *weight) {
  char text[sizeof GOOD + 2];
  const char *ww = strstr(GOOD, "WW");
  size_t head = (size_t)(ww - GOOD), wl = strlen(weight);
  assert_int_equal(wl, 4);
  memcpy(text, GOOD, head);
  memcpy(text + head, weight, wl);
  memcpy(text + head + wl, ww + 2, sizeof GOOD - head - 2);
  assert_int_equal(cible_add_contract_text(s, "t.cible", text, strlen(text)), CIBLE_LOAD_OK);
}

static void test_version(void **state) {
  (void)state;
  assert_string_equal(cible_version(), CIBLE_VERSION);
}

/* ib weighs 30 %: the weights of m make 90 % (E0203 at the mission's name,
   line 5, column 11), with a note per weight; ib having no objective for
   2021 is a warning (W0101). */
static void test_bad_contract_diagnostics(void **state) {
  struct fx *f = *state;
  add_contract(f->s, "30 %");
  assert_false(cible_check(f->s));
  assert_false(cible_check(f->s)); /* the same answer again */
  assert_int_equal(cible_diagnostic_count(f->s), 4);
  assert_int_equal(cible_diagnostic_severity(f->s, 0), CIBLE_ERROR);
  assert_string_equal(cible_diagnostic_code(f->s, 0), "E0203");
  assert_string_equal(cible_diagnostic_file(f->s, 0), "t.cible");
  assert_int_equal(cible_diagnostic_line(f->s, 0), 5);
  assert_int_equal(cible_diagnostic_column(f->s, 0), 11);
  assert_string_equal(cible_diagnostic_message(f->s, 0), "les poids de « m » font 90 %, pas 100 %");
  assert_int_equal(cible_diagnostic_severity(f->s, 1), CIBLE_NOTE);
  assert_null(cible_diagnostic_code(f->s, 1));
  assert_int_equal(cible_diagnostic_line(f->s, 1), 12);
  assert_int_equal(cible_diagnostic_severity(f->s, 3), CIBLE_WARNING);
  assert_string_equal(cible_diagnostic_code(f->s, 3), "W0101");
  assert_int_equal(cible_diagnostic_line(f->s, 3), 16);
  /* out of range */
  assert_null(cible_diagnostic_code(f->s, 4));
  assert_null(cible_diagnostic_file(f->s, 4));
  assert_int_equal(cible_diagnostic_line(f->s, 4), 0);
  const char *text = cible_diagnostics_text(f->s);
  assert_non_null(strstr(text, "t.cible:5:11: erreur[E0203]: les poids de « m » font 90 %, pas "
                               "100 %\n    5 |   mission m \"Mission\" {\n      |           ^\n"));
  assert_non_null(strstr(text, "t.cible:16:16: attention[W0101]"));
  /* no evaluation of a contract with errors */
  assert_null(cible_eval(f->s, "t", NULL));
  assert_non_null(strstr(cible_last_error(f->s), "cible_check"));
}

/* A file that cannot be read: CIBLE_LOAD_IO and a diagnostic E0000. */
static void test_unreadable_file(void **state) {
  struct fx *f = *state;
  assert_int_equal(cible_add_contract(f->s, "/nonexistent/dir/x.cible"), CIBLE_LOAD_IO);
  assert_int_equal(cible_diagnostic_count(f->s), 1);
  assert_string_equal(cible_diagnostic_code(f->s, 0), "E0000");
  assert_non_null(strstr(cible_diagnostics_text(f->s), "/nonexistent/dir/x.cible"));
}

/* 2020: ia 2/7 of its 600 € = 171,428 571… € rounded to 171,43 €; ib
   reaches 10/10: 400 €. The contract's attainment is 60 % × 2/7 + 40 % =
   4/7, which has no finite decimal expansion; the period pays
   171,43 + 400 = 571,43 €. */
static void test_eval_figures(void **state) {
  struct fx *f = *state;
  add_contract(f->s, "40 %");
  assert_int_equal(cible_add_measures_text(f->s, "m.csv", CSV, strlen(CSV)), CIBLE_LOAD_OK);
  assert_true(cible_check(f->s));
  assert_int_equal(cible_contract_count(f->s), 1);
  assert_string_equal(cible_contract_id(f->s, 0), "t");
  assert_null(cible_contract_id(f->s, 1));
  assert_int_equal(cible_contract_period_count(f->s, 0), 2);
  assert_string_equal(cible_contract_period(f->s, 0, 1), "2021");
  f->r = cible_eval(f->s, NULL, NULL);
  assert_non_null(f->r);
  assert_int_equal(cible_result_period_count(f->r), 2);
  assert_string_equal(cible_result_period(f->r, 0), "2020");
  assert_null(cible_result_period(f->r, 2));

  const char *exact, *decimal, *display;
  assert_int_equal(cible_result_total(f->r, "2020", &exact, &display), CIBLE_FIGURE_OK);
  assert_string_equal(exact, "57143/100");
  assert_string_equal(display, "571,43 €");
  assert_int_equal(cible_result_figure(f->r, "2020", NULL, CIBLE_ATTAINMENT, &exact, &decimal,
                                       &display),
                   CIBLE_FIGURE_OK);
  assert_string_equal(exact, "4/7");
  assert_null(decimal);
  assert_string_equal(display, "57,14 %");
  assert_int_equal(cible_result_figure(f->r, "2020", "ia", CIBLE_PAID, &exact, &decimal,
                                       &display),
                   CIBLE_FIGURE_OK);
  assert_string_equal(exact, "17143/100");
  assert_string_equal(decimal, "171.43");
  assert_string_equal(display, "171,43 €");
  assert_int_equal(cible_result_figure(f->r, "2020", "ia", CIBLE_MEASURE, &exact, NULL, NULL),
                   CIBLE_FIGURE_OK);
  assert_string_equal(exact, "2");
  assert_int_equal(cible_result_figure(f->r, "2020", "m", CIBLE_SHARE, &exact, NULL, &display),
                   CIBLE_FIGURE_OK);
  assert_string_equal(exact, "1000");
  assert_string_equal(display, "1 000,00 €");

  /* 2021: ib has no objective, so no attainment and nothing paid, and the
     result says why; ia pays its 600 € */
  assert_int_equal(cible_result_figure(f->r, "2021", "ib", CIBLE_ATTAINMENT, &exact, &decimal,
                                       &display),
                   CIBLE_FIGURE_NONE);
  assert_null(exact);
  assert_null(decimal);
  assert_null(display);
  assert_non_null(strstr(cible_result_reason(f->r, "2021", "ib"), "pas d'objectif pour 2021"));
  assert_null(cible_result_reason(f->r, "2021", "ia"));
  assert_int_equal(cible_result_total(f->r, "2021", &exact, NULL), CIBLE_FIGURE_OK);
  assert_string_equal(exact, "600");

  /* what is not in the result */
  assert_int_equal(cible_result_total(f->r, "2019", &exact, NULL), CIBLE_FIGURE_NOT_FOUND);
  assert_int_equal(cible_result_total(f->r, NULL, &exact, NULL), CIBLE_FIGURE_NOT_FOUND);
  assert_int_equal(cible_result_figure(f->r, "2020", "zz", CIBLE_PAID, &exact, NULL, NULL),
                   CIBLE_FIGURE_NOT_FOUND);
  assert_int_equal(cible_result_figure(f->r, "2020", "ia", CIBLE_TOTAL, &exact, NULL, NULL),
                   CIBLE_FIGURE_NOT_FOUND);
}

/* A workbook of measures (tests/fixtures/xlsx/ok.xlsx, written by
   openpyxl) read through the API: the percentage cell 0.7618 is 76,18 %,
   exactly. */
static void test_workbook_measures(void **state) {
  struct fx *f = *state;
  assert_int_equal(cible_add_contract(f->s, "tests/fixtures/xlsx/contrat.cible"), CIBLE_LOAD_OK);
  assert_int_equal(cible_add_measures(f->s, "tests/fixtures/xlsx/ok.xlsx"), CIBLE_LOAD_OK);
  assert_true(cible_check(f->s));
  f->r = cible_eval(f->s, NULL, NULL);
  assert_non_null(f->r);
  const char *exact, *display;
  assert_int_equal(cible_result_figure(f->r, "2020", "ib", CIBLE_MEASURE, &exact, NULL, &display),
                   CIBLE_FIGURE_OK);
  assert_string_equal(exact, "3809/5000"); /* a rate is held as a fraction */
  assert_string_equal(display, "76,18 %");
  assert_int_equal(cible_result_total(f->r, "2020", &exact, &display), CIBLE_FIGURE_OK);
  assert_string_equal(display, "8 356,75 €");
}

/* The JSON document is the CLI's (cible-evaluation/1) and carries the
   same exact figures. */
static void test_eval_json(void **state) {
  struct fx *f = *state;
  add_contract(f->s, "40 %");
  assert_int_equal(cible_add_measures_text(f->s, "m.csv", CSV, strlen(CSV)), CIBLE_LOAD_OK);
  assert_true(cible_check(f->s));
  f->r = cible_eval(f->s, "t", "2020");
  assert_non_null(f->r);
  assert_int_equal(cible_result_period_count(f->r), 1);
  const char *json = cible_result_json(f->r);
  assert_true(strncmp(json, "{\n  \"format\": \"cible-evaluation/1\",", 35) == 0);
  assert_non_null(strstr(json, "\"exact\": \"17143/100\""));
  assert_null(strstr(json, "\"periode\": \"2021\""));
  assert_true(json[strlen(json) - 1] == '\n');
  assert_ptr_equal(cible_result_json(f->r), json); /* computed once */
  /* the only period, by default */
  const char *exact;
  assert_int_equal(cible_result_total(f->r, NULL, &exact, NULL), CIBLE_FIGURE_OK);
  assert_string_equal(exact, "57143/100");
}

/* Misuses are refused with a message, never a crash. */
static void test_misuse(void **state) {
  struct fx *f = *state;
  add_contract(f->s, "40 %");
  assert_null(cible_eval(f->s, "t", NULL)); /* before the check */
  assert_non_null(cible_last_error(f->s));
  assert_int_equal(cible_contract_count(f->s), 0);
  assert_false(cible_set_encoding(f->s, "ebcdic"));
  assert_non_null(strstr(cible_last_error(f->s), "ebcdic"));
  assert_true(cible_set_encoding(f->s, "latin1"));
  assert_false(cible_set_measures_conventions(f->s, "tiret", NULL));
  assert_true(cible_set_measures_conventions(f->s, "virgule", "fraction"));
  assert_true(cible_check(f->s));
  assert_int_equal(cible_add_contract_text(f->s, "u.cible", "", 0), CIBLE_LOAD_MISUSE);
  assert_int_equal(cible_add_measures(f->s, NULL), CIBLE_LOAD_MISUSE);
  assert_null(cible_eval(f->s, "u", NULL));
  assert_string_equal(cible_last_error(f->s), "contrat inconnu : u");
  assert_null(cible_eval(f->s, "t", "2030"));
  assert_non_null(strstr(cible_last_error(f->s), "2030"));
  assert_null(cible_eval(f->s, "t", "l'an prochain"));
  assert_non_null(strstr(cible_last_error(f->s), "illisible"));
  /* a NULL handle is harmless */
  assert_null(cible_last_error(NULL));
  assert_int_equal(cible_diagnostic_count(NULL), 0);
  assert_null(cible_result_json(NULL));
  cible_session_free(NULL);
  cible_result_free(NULL);
}

int main(void) {
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_version),
      T(test_bad_contract_diagnostics),
      T(test_unreadable_file),
      T(test_eval_figures),
      T(test_eval_json),
      T(test_workbook_measures),
      T(test_misuse),
  };
#undef T
  return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
