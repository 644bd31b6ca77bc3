/*
 * test_recovery.c: unit tests of syntax error recovery under LAC
 * (grammar/parser.y, next_token): the complete statement or list item
 * before a bad line is kept in the syntax tree (statements, measure lines,
 * tranches, example items), each mistake gives one error, and a mistake on
 * the line after a recovered one is still reported.
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
#include "ast.h"
#include "diag.h"
#include "parse.h"
#include "source.h"

struct fx {
  struct cb_sources set;
  struct cb_diags d;
  struct cb_arena *a;
  struct cb_file *file;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->a = cb_arena_new();
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  cb_arena_free(f->a);
  cb_diags_free(&f->d);
  cb_sources_free(&f->set);
  free(f);
  return 0;
}

static const struct cb_top *parse(struct fx *f, const char *text) {
  struct cb_source *src;
  assert_int_equal(cb_source_from_string(&f->set, "t.cible", text, strlen(text), &f->d, &src),
                   CB_LOAD_OK);
  f->file = cb_parse_source(f->a, &f->d, src);
  assert_non_null(f->file);
  assert_non_null(f->file->tops);
  return f->file->tops;
}

/* The errors are exactly E0100 at the given lines, in order (0 ends). */
static void expect_errors_at(struct fx *f, const int *lines) {
  int i = 0;
  for (const struct cb_diag *g = f->d.head; g; g = g->next) {
    if (g->sev != CB_SEV_ERROR)
      continue;
    if (!lines[i] || strcmp(g->code, "E0100") != 0 || g->loc.line != lines[i]) {
      char *r = cb_diag_render_string(&f->d, 0);
      fprintf(stderr, "unexpected errors:\n%s", r);
      free(r);
      fail();
    }
    i++;
  }
  assert_int_equal(lines[i], 0);
}

static int count_stmts(const struct cb_stmt *st) {
  int n = 0;
  for (; st; st = st->next)
    n++;
  return n;
}

static void test_statement_before_misspelt_line_kept(void **state) {
  struct fx *f = *state;
  const struct cb_top *t = parse(f, "contrat c \"C\" {\n"
                                    "  periode 2020\n"
                                    "  indicatuer i \"I\" {\n"
                                    "    unite patients\n"
                                    "  }\n"
                                    "  duree 3\n"
                                    "  sourc \"S\"\n"
                                    "}\n");
  expect_errors_at(f, (const int[]){3, 7, 0});
  /* the expected tokens are those after `periode 2020`, « a » included */
  assert_non_null(strstr(f->d.head->msg, "« a »"));
  const struct cb_stmt *st = t->body;
  assert_int_equal(count_stmts(st), 2); /* the misspelt block is skipped whole */
  assert_int_equal(st->kind, CB_ST_PERIODE);
  assert_int_equal(st->period.n, 2020);
  assert_false(st->as.periode.has_to);
  assert_int_equal(st->next->kind, CB_ST_DUREE);
}

static void test_measure_line_kept(void **state) {
  struct fx *f = *state;
  const struct cb_top *t = parse(f, "mesures c 2020 {\n"
                                    "  ia : 12\n"
                                    "  \"ib\" : 8\n"
                                    "  ic : 5\n"
                                    "}\n");
  expect_errors_at(f, (const int[]){3, 0});
  const struct cb_measure_line *m = t->measures;
  assert_non_null(m);
  assert_string_equal(m->id, "ia");
  assert_non_null(m->next);
  assert_string_equal(m->next->id, "ic");
  assert_null(m->next->next);
}

static void test_tranche_kept(void **state) {
  struct fx *f = *state;
  const struct cb_top *t = parse(f, "contrat c \"C\" {\n"
                                    "  bareme b \"B\" {\n"
                                    "    [0 % ; 50 %[ : 0\n"
                                    "    ; [50 % ; +inf[ : 100 %\n"
                                    "  }\n"
                                    "}\n");
  expect_errors_at(f, (const int[]){4, 0});
  const struct cb_stmt *st = t->body;
  assert_non_null(st);
  assert_int_equal(st->kind, CB_ST_BAREME);
  const struct cb_tranche *tr = st->tranches;
  assert_non_null(tr); /* [0 % ; 50 %[ */
  assert_true(tr->lo_closed);
  assert_non_null(tr->next); /* [50 % ; +inf[ */
  assert_true(tr->next->hi.infinite);
}

static void test_example_item_kept(void **state) {
  struct fx *f = *state;
  const struct cb_top *t = parse(f, "contrat c \"C\" {\n"
                                    "  exemple \"X\" {\n"
                                    "    mesures 2020 { d : 3 }\n"
                                    "    attendu d 2020 : 3\n"
                                    "    atendu d 2020 : 3\n"
                                    "  }\n"
                                    "}\n");
  expect_errors_at(f, (const int[]){5, 0});
  const struct cb_stmt *st = t->body;
  assert_non_null(st);
  assert_int_equal(st->kind, CB_ST_EXEMPLE);
  const struct cb_ex_item *x = st->as.exemple.items;
  assert_non_null(x);
  assert_int_equal(x->kind, CB_EX_MESURES);
  assert_non_null(x->next);
  assert_int_equal(x->next->kind, CB_EX_ATTENDU);
  assert_null(x->next->next);
}

/* Recovery has read one token of a new statement (`sans`) when the next
   line begins: its mistake is reported too, once, with the tokens that may
   begin a statement. */
static void test_next_line_reported_during_recovery(void **state) {
  struct fx *f = *state;
  const struct cb_top *t = parse(f, "contrat c \"C\" {\n"
                                    "  ] sans\n"
                                    "  bareme_x b \"B\" { [0 ; 5[ : 0 € }\n"
                                    "  periode 2020\n"
                                    "}\n");
  expect_errors_at(f, (const int[]){2, 3, 0});
  assert_non_null(strstr(f->d.head->next->msg, "bareme_x"));
  assert_non_null(strstr(f->d.head->next->msg, "« accord »"));
  const struct cb_stmt *st = t->body;
  assert_int_equal(count_stmts(st), 1);
  assert_int_equal(st->kind, CB_ST_PERIODE);
}

/* A mistake within a line is reported once; the rest of the line is
   skipped, not reported again. */
static void test_one_error_per_line(void **state) {
  struct fx *f = *state;
  parse(f, "contrat c \"C\" {\n"
           "  periode 2020 2021 2022\n"
           "  constante a : 3\n"
           "}\n");
  expect_errors_at(f, (const int[]){2, 3, 0});
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_statement_before_misspelt_line_kept),
      T(test_measure_line_kept),
      T(test_tranche_kept),
      T(test_example_item_kept),
      T(test_next_line_reported_during_recovery),
      T(test_one_error_per_line),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
