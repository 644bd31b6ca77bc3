/*
 * test_lexer.c: unit tests of the scanner and parser, through a session.
 *
 * Small contract texts go through cb_session_add_contract_text and
 * cb_session_check; the tests then read the values the model holds (exact
 * rationals, periods, settings) or the diagnostics list. Covers French
 * numbers with ordinary, U+00A0 and U+202F thousands separators, decimal
 * comma and point, units written after numbers, keywords with and without
 * accents, both date formats, comments, CRLF line ends, the byte order mark,
 * and the codes of lexical and syntax errors with their lines.
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

/* Loads text (exact length, so embedded bytes count) and checks it. */
static bool load_len(struct fx *f, const char *text, size_t len) {
  enum cb_load_status st = cb_session_add_contract_text(f->s, "t.cible", text, len);
  assert_int_equal(st, CB_LOAD_OK);
  return cb_session_check(f->s);
}

static bool load(struct fx *f, const char *text) { return load_len(f, text, strlen(text)); }

/* A one-indicator contract over 2020: unit line and objective text given. */
static bool load_objective(struct fx *f, const char *unit_line, const char *objective) {
  int n = snprintf(f->text, sizeof f->text,
                   "contrat c \"C\" {\n"
                   "  periode 2020\n"
                   "  indicateur i \"I\" {\n"
                   "    %s\n"
                   "    sens croissant\n"
                   "    objectif 2020 : %s\n"
                   "  }\n"
                   "}\n",
                   unit_line, objective);
  assert_true(n > 0 && (size_t)n < sizeof f->text);
  return load(f, f->text);
}

static const struct cb_contract *contract(struct fx *f) {
  const struct cb_program *p = cb_session_program(f->s);
  assert_non_null(p);
  const struct cb_contract *c = cb_program_contract(p, "c");
  assert_non_null(c);
  return c;
}

static const struct cb_node *node(struct fx *f, const char *id) {
  const struct cb_node *n = cb_contract_lookup(contract(f), id);
  assert_non_null(n);
  return n;
}

static void assert_q(struct fx *f, mpq_srcptr got, const char *want) {
  assert_non_null(got);
  assert_int_equal(mpq_set_str(f->q, want, 10), 0);
  mpq_canonicalize(f->q);
  if (!mpq_equal(got, f->q)) {
    gmp_fprintf(stderr, "got %Qd, want %Qd\n", got, f->q);
    fail();
  }
}

/* The objective of indicator i for the contract's first period. */
static void assert_objective(struct fx *f, const char *want) {
  const struct cb_node *n = node(f, "i");
  assert_int_equal(n->objectives[0].kind, CB_MOBJ_VALUE);
  assert_q(f, n->objectives[0].value, want);
}

static const struct cb_diag *find_code(struct fx *f, const char *code) {
  for (const struct cb_diag *g = cb_session_diags(f->s)->head; g; g = g->next)
    if (g->code && strcmp(g->code, code) == 0)
      return g;
  return NULL;
}

static const struct cb_diag *expect_code(struct fx *f, const char *code, int line) {
  const struct cb_diag *g = find_code(f, code);
  if (!g) {
    char *r = cb_diag_render_string(cb_session_diags(f->s), 0);
    fprintf(stderr, "no %s in:\n%s", code, r);
    free(r);
    fail();
  }
  assert_int_equal(g->sev, CB_SEV_ERROR);
  assert_int_equal(g->loc.line, line);
  return g;
}

/* ---- numbers ---- */

static void test_thousands_space(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite patients", "15 000"));
  assert_objective(f, "15000");
}

static void test_euros_grouped(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite €", "3 570 469 €"));
  assert_objective(f, "3570469");
}

static void test_thousands_nbsp(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite patients", "15\xC2\xA0" "000"));
  assert_objective(f, "15000");
}

static void test_thousands_narrow_nbsp(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite patients", "1\xE2\x80\xAF" "234\xE2\x80\xAF" "567"));
  assert_objective(f, "1234567");
}

static void test_percent_decimal_comma(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite %", "91,5 %"));
  assert_objective(f, "183/200");
}

static void test_bare_number_takes_percent_unit(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite %", "91,5"));
  assert_objective(f, "183/200");
}

static void test_decimal_comma_no_unit(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "type resultat", "0,75"));
  assert_objective(f, "3/4");
}

static void test_decimal_point(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "type resultat", "1.5"));
  assert_objective(f, "3/2");
}

static void test_grouped_with_decimals(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite €", "12 345,67 €"));
  assert_objective(f, "1234567/100");
}

static void test_unit_days_after_number(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite jours", "7 jc"));
  assert_objective(f, "7");
  assert_int_equal(node(f, "i")->unit.kind, CB_UNIT_DAYS);
}

static void test_unit_noun_after_number(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite patients", "15 patients"));
  assert_objective(f, "15");
  assert_int_equal(node(f, "i")->unit.kind, CB_UNIT_NOUN);
  assert_string_equal(node(f, "i")->unit.word, "patients");
}

static void test_unit_mismatch_is_error(void **state) {
  struct fx *f = *state;
  assert_false(load_objective(f, "unite %", "15 €"));
  expect_code(f, "E0209", 6);
}

static void test_points_after_number(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "contrat c \"C\" {\n"
                   "  periode 2017\n"
                   "  points 1 000\n"
                   "  atteinte mesuree\n"
                   "  indicateur i \"I\" { poids 150 points }\n"
                   "  indicateur j \"J\" { poids 850 points }\n"
                   "}\n"));
  const struct cb_node *n = node(f, "i");
  assert_int_equal(n->weight_kind, CB_WEIGHT_POINTS);
  assert_q(f, n->weight, "150");
  assert_q(f, contract(f)->root->points_total, "1000");
}

static void test_negative_with_unicode_minus(void **state) {
  struct fx *f = *state;
  /* U+2212 MINUS SIGN as printed by word processors. */
  assert_true(load(f, "contrat c \"C\" {\n"
                   "  periode 2014 a 2015\n"
                   "  indicateur i \"I\" {\n"
                   "    unite %\n"
                   "    sens decroissant\n"
                   "    progression \xE2\x88\x92" "1,5 point par an depuis 2013 : 55,1 %\n"
                   "  }\n"
                   "}\n"));
  assert_q(f, node(f, "i")->objectives[0].value, "536/1000");
}

static void test_comparison_symbols(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "unite %", "\xE2\x89\xA5 50 %")); /* ≥ */
  const struct cb_node *n = node(f, "i");
  assert_int_equal(n->objectives[0].cmp, CB_CMP_GE);
  assert_true(n->objectives[0].cmp_written);
  assert_q(f, n->objectives[0].value, "1/2");
}

/* ---- keywords ---- */

static void test_keywords_with_accents(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "contrat c \"C\" {\n"
                   "  période 2020\n"
                   "  barème b \"B\" {\n"
                   "    [0 % ; 50 %[ : 0 %\n"
                   "    [50 % ; +inf[ : 100 %\n"
                   "  }\n"
                   "  indicateur i \"I\" {\n"
                   "    unite %\n"
                   "    sens décroissant\n"
                   "    atteinte linéaire\n"
                   "    socle 2020 : 20 %\n"
                   "    objectif 2020 : 10 %\n"
                   "    barème b\n"
                   "  }\n"
                   "  indicateur j \"J\" {\n"
                   "    unite %\n"
                   "    sens croissant\n"
                   "    objectif 2020 : à définir\n"
                   "  }\n"
                   "}\n"));
  const struct cb_contract *c = contract(f);
  assert_int_equal(c->nperiods, 1);
  assert_int_equal(c->periods[0].kind, CB_PERIOD_YEAR);
  assert_int_equal(c->periods[0].n, 2020);
  assert_int_equal(c->nbaremes, 1);
  const struct cb_node *i = node(f, "i");
  assert_int_equal(i->sens, CB_SENS_DECROISSANT);
  assert_int_equal(i->method, CB_METHOD_LINEAIRE);
  assert_ptr_equal(i->bareme, c->baremes[0]);
  assert_q(f, i->socles[0], "1/5");
  assert_int_equal(node(f, "j")->objectives[0].kind, CB_MOBJ_A_DEFINIR);
}

static void test_keywords_without_accents(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "contrat c \"C\" {\n"
                   "  periode 2020\n"
                   "  bareme b \"B\" {\n"
                   "    [0 % ; 50 %[ : 0 %\n"
                   "    [50 % ; +inf[ : 100 %\n"
                   "  }\n"
                   "  indicateur i \"I\" {\n"
                   "    unite %\n"
                   "    sens decroissant\n"
                   "    atteinte lineaire\n"
                   "    socle 2020 : 20 %\n"
                   "    objectif 2020 : 10 %\n"
                   "    bareme b\n"
                   "  }\n"
                   "  indicateur j \"J\" {\n"
                   "    unite %\n"
                   "    sens croissant\n"
                   "    objectif 2020 : a definir\n"
                   "  }\n"
                   "}\n"));
  const struct cb_contract *c = contract(f);
  assert_int_equal(c->nbaremes, 1);
  const struct cb_node *i = node(f, "i");
  assert_int_equal(i->sens, CB_SENS_DECROISSANT);
  assert_int_equal(i->method, CB_METHOD_LINEAIRE);
  assert_ptr_equal(i->bareme, c->baremes[0]);
  assert_int_equal(node(f, "j")->objectives[0].kind, CB_MOBJ_A_DEFINIR);
}

static void test_duree_with_accent(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "contrat c \"C\" {\n"
                   "  signature 2023-01-20\n"
                   "  durée 3 ans\n"
                   "}\n"));
  const struct cb_contract *c = contract(f);
  assert_int_equal(c->nperiods, 3);
  assert_int_equal(c->periods[2].kind, CB_PERIOD_AN);
  assert_int_equal(c->periods[2].n, 3);
  assert_string_equal(c->periods[2].name, "an 3");
}

static void test_keywords_case_insensitive(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "Contrat c \"C\" {\n"
                   "  Période 2020\n"
                   "  Indicateur i \"I\" {\n"
                   "    Sens Croissant\n"
                   "    Objectif 2020 : 12\n"
                   "  }\n"
                   "}\n"));
  assert_objective(f, "12");
  assert_int_equal(node(f, "i")->sens, CB_SENS_CROISSANT);
}

/* ---- dates ---- */

static void signature_periods(struct fx *f, const char *date) {
  int n = snprintf(f->text, sizeof f->text,
                   "contrat c \"C\" {\n  signature %s\n  duree 2 ans\n}\n", date);
  assert_true(n > 0 && (size_t)n < sizeof f->text);
  assert_true(load(f, f->text));
}

static void assert_date(const struct cb_date *d, int y, int m, int day) {
  assert_int_equal(d->y, y);
  assert_int_equal(d->m, m);
  assert_int_equal(d->d, day);
}

static void test_date_iso(void **state) {
  struct fx *f = *state;
  signature_periods(f, "2023-01-20");
  const struct cb_contract *c = contract(f);
  assert_true(c->has_signature);
  assert_date(&c->signature, 2023, 1, 20);
  assert_int_equal(c->nperiods, 2);
  assert_true(c->periods[0].dated);
  assert_date(&c->periods[0].start, 2023, 1, 20);
  assert_date(&c->periods[0].end, 2024, 1, 19);
  assert_date(&c->periods[1].start, 2024, 1, 20);
  assert_date(&c->periods[1].end, 2025, 1, 19);
}

static void test_date_french(void **state) {
  struct fx *f = *state;
  signature_periods(f, "20/01/2023");
  const struct cb_contract *c = contract(f);
  assert_date(&c->signature, 2023, 1, 20);
  assert_date(&c->periods[0].start, 2023, 1, 20);
  assert_date(&c->periods[0].end, 2024, 1, 19);
  assert_date(&c->periods[1].start, 2024, 1, 20);
  assert_date(&c->periods[1].end, 2025, 1, 19);
}

static void test_date_impossible(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n  duree 1 an\n  signature 2023-02-29\n}\n"));
  expect_code(f, "E0013", 3);
}

static void test_date_impossible_french(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n  signature 31/04/2024\n  duree 1 an\n}\n"));
  expect_code(f, "E0013", 2);
}

/* ---- layout ---- */

static void test_comments(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "# en-tête\n"
                   "contrat c \"C\" { # après l'accolade\n"
                   "  periode 2020\n"
                   "  # objectif 2020 : 99\n"
                   "  indicateur i \"I\" {\n"
                   "    sens croissant\n"
                   "    objectif 2020 : 15 000 # commentaire après un nombre\n"
                   "  }\n"
                   "}\n"
                   "# fin"));
  assert_objective(f, "15000");
}

static void test_hash_inside_string_is_not_comment(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "contrat c \"Café #11\" {\n  periode 2020\n}\n"));
  assert_string_equal(contract(f)->label, "Café #11");
}

static void test_crlf(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "contrat c \"C\" {\r\n"
                   "  periode 2020\r\n"
                   "  indicateur i \"I\" {\r\n"
                   "    unite %\r\n"
                   "    sens croissant\r\n"
                   "    objectif 2020 : 91,5 %\r\n"
                   "  }\r\n"
                   "}\r\n"));
  assert_objective(f, "183/200");
  assert_string_equal(node(f, "i")->label, "I");
}

static void test_crlf_error_lines(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\r\n"
                    "  periode 2020\r\n"
                    "\r\n"
                    "  signature 2023-13-01\r\n"
                    "}\r\n"));
  expect_code(f, "E0013", 4);
}

static void test_bom(void **state) {
  struct fx *f = *state;
  assert_true(load(f, "\xEF\xBB\xBF"
                   "contrat c \"C\" {\n"
                   "  periode 2020\n"
                   "  indicateur i \"I\" {\n"
                   "    sens croissant\n"
                   "    objectif 2020 : 0,75\n"
                   "  }\n"
                   "}\n"));
  assert_objective(f, "3/4");
  /* Locations are counted after the BOM. */
  assert_int_equal(contract(f)->loc.line, 1);
  assert_int_equal(contract(f)->loc.col, 1);
}

/* ---- errors ---- */

static void test_unexpected_token(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n"
                    "  periode 2020\n"
                    "  indicateur i \"I\" {\n"
                    "    objectif 2020 15\n"
                    "  }\n"
                    "}\n"));
  const struct cb_diag *g = expect_code(f, "E0100", 4);
  assert_int_equal(g->loc.col, 19);
}

static void test_unexpected_eof_with_note(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n"
                    "  periode 2020\n"
                    "  indicateur i \"I\" {\n"
                    "    sens croissant\n"
                    "}\n"));
  const struct cb_diag *g = expect_code(f, "E0101", 5); /* at the end of the last line */
  assert_non_null(strstr(g->msg, "fin de fichier inattendue"));
  /* The note points at the brace left open. */
  const struct cb_diag *n = g->next;
  assert_non_null(n);
  assert_int_equal(n->sev, CB_SEV_NOTE);
  assert_null(n->code);
  assert_int_equal(n->loc.line, 1);
  assert_int_equal(n->loc.col, 15);
  assert_non_null(strstr(n->msg, "}"));
}

static void test_unterminated_string(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n"
                    "  periode 2020\n"
                    "  indicateur i \"Taux de\n"
                    "  }\n"
                    "}\n"));
  const struct cb_diag *g = expect_code(f, "E0011", 3);
  assert_int_equal(g->loc.col, 16);
}

static void test_too_many_digits(void **state) {
  struct fx *f = *state;
  /* 41 digits: one more than CB_MAX_DIGITS. */
  assert_false(load_objective(f, "type resultat", "12345678901234567890123456789012345678901"));
  expect_code(f, "E0012", 6);
}

static void test_forty_digits_accepted(void **state) {
  struct fx *f = *state;
  assert_true(load_objective(f, "type resultat", "1234567890123456789012345678901234567890"));
  assert_objective(f, "1234567890123456789012345678901234567890");
}

static void test_unexpected_character(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n  periode 2020 $\n}\n"));
  expect_code(f, "E0010", 2);
}

static void test_french_quotes_rejected(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c « C » {\n  periode 2020\n}\n"));
  const struct cb_diag *g = expect_code(f, "E0010", 1);
  assert_int_equal(g->loc.col, 11);
}

static void test_errors_recovered_in_order(void **state) {
  struct fx *f = *state;
  assert_false(load(f, "contrat c \"C\" {\n"
                    "  periode 2020\n"
                    "  signature 2023-02-30\n"
                    "  indicateur i \"I\" {\n"
                    "    objectif 2020 : 15 ;\n"
                    "  }\n"
                    "}\n"));
  const struct cb_diag *g = cb_session_diags(f->s)->head;
  assert_non_null(g);
  assert_string_equal(g->code, "E0013");
  assert_int_equal(g->loc.line, 3);
  assert_non_null(find_code(f, "E0100"));
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_thousands_space),
      T(test_euros_grouped),
      T(test_thousands_nbsp),
      T(test_thousands_narrow_nbsp),
      T(test_percent_decimal_comma),
      T(test_bare_number_takes_percent_unit),
      T(test_decimal_comma_no_unit),
      T(test_decimal_point),
      T(test_grouped_with_decimals),
      T(test_unit_days_after_number),
      T(test_unit_noun_after_number),
      T(test_unit_mismatch_is_error),
      T(test_points_after_number),
      T(test_negative_with_unicode_minus),
      T(test_comparison_symbols),
      T(test_keywords_with_accents),
      T(test_keywords_without_accents),
      T(test_duree_with_accent),
      T(test_keywords_case_insensitive),
      T(test_date_iso),
      T(test_date_french),
      T(test_date_impossible),
      T(test_date_impossible_french),
      T(test_comments),
      T(test_hash_inside_string_is_not_comment),
      T(test_crlf),
      T(test_crlf_error_lines),
      T(test_bom),
      T(test_unexpected_token),
      T(test_unexpected_eof_with_note),
      T(test_unterminated_string),
      T(test_too_many_digits),
      T(test_forty_digits_accepted),
      T(test_unexpected_character),
      T(test_french_quotes_rejected),
      T(test_errors_recovered_in_order),
  };
#undef T
  return cmocka_run_group_tests_name("lexer", tests, NULL, NULL);
}
