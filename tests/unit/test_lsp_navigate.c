/*
 * test_lsp_navigate.c: unit tests of go to definition and references of
 * the editor's analysis (src/lsp/navigate.c): barèmes, indicators,
 * données, groups, the contract an avenant changes, the indicator an
 * `attendu` or a `mesures` line names, names of two contracts kept apart,
 * the standard library module an `importe` names; positions checked
 * exactly.
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

#include "analysis.h"

static const char DOC[] =
    "importe \"aci/cpts\"\n"                     /* 0 */
    "contrat c \"Contrat\" {\n"                  /* 1 */
    "  signature 2023-01-20\n"                   /* 2 */
    "  duree 2 ans\n"                            /* 3 */
    "  bareme quarts \"Quarts\" {\n"             /* 4 */
    "    [0 % ; 50 %[ : 0 %\n"                   /* 5 */
    "    [50 % ; +inf[ : 100 %\n"                /* 6 */
    "  }\n"                                      /* 7 */
    "  donnee nb \"Nombre\"\n"                   /* 8 */
    "  mission m \"Mission\" {\n"                /* 9 */
    "    variable 1 000 €\n"                     /* 10 */
    "    indicateur i \"Indicateur\" {\n"        /* 11 */
    "      sens croissant\n"                     /* 12 */
    "      objectif an 1 : 10\n"                 /* 13 */
    "      poids 100 %\n"                        /* 14 */
    "      bareme quarts\n"                      /* 15 */
    "    }\n"                                    /* 16 */
    "  }\n"                                      /* 17 */
    "}\n"                                        /* 18 */
    "contrat autre \"Autre\" {\n"                /* 19 */
    "  periode 2020 a 2020\n"                    /* 20 */
    "  indicateur i \"Un autre i\" {\n"          /* 21 */
    "    sens croissant\n"                       /* 22 */
    "    objectif 2020 : 1\n"                    /* 23 */
    "  }\n"                                      /* 24 */
    "}\n"                                        /* 25 */
    "avenant 1 au contrat c \"Révision\" {\n"    /* 26 */
    "  date 2024-01-20\n"                        /* 27 */
    "  a partir de an 2\n"                       /* 28 */
    "  indicateur i {\n"                         /* 29 */
    "    objectif an 2 : 20\n"                   /* 30 */
    "  }\n"                                      /* 31 */
    "  exemple \"E\" {\n"                        /* 32 */
    "    mesures an 1 {\n"                       /* 33 */
    "      i : 10\n"                             /* 34 */
    "      nb : 3\n"                             /* 35 */
    "    }\n"                                    /* 36 */
    "    attendu i an 1 : 1 000,00 €\n"          /* 37 */
    "    attendu m an 1 : 1 000,00 €\n"          /* 38 */
    "  }\n"                                      /* 39 */
    "}\n"                                        /* 40 */
    "mesures c an 1 {\n"                         /* 41 */
    "  i : 10\n"                                 /* 42 */
    "}\n";                                       /* 43 */

static struct cb_lsp_doc *analyse(void) {
  struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib"};
  return cb_lsp_analyse("t.cible", DOC, strlen(DOC), &ws);
}

static void assert_def(struct cb_lsp_doc *doc, int line, int col, int dline, int dcol,
                       int dend) {
  struct cb_lsp_location loc;
  assert_true(cb_lsp_definition(doc, line, col, &loc));
  assert_string_equal(loc.path, "t.cible");
  assert_int_equal(loc.range.line, dline);
  assert_int_equal(loc.range.col, dcol);
  assert_int_equal(loc.range.end_line, dline);
  assert_int_equal(loc.range.end_col, dend);
}

static void definitions(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse();
  assert_def(doc, 15, 14, 4, 9, 15);  /* bareme quarts -> its declaration */
  assert_def(doc, 15, 19, 4, 9, 15);  /* at the end of the word */
  assert_def(doc, 4, 10, 4, 9, 15);   /* the declaration itself */
  assert_def(doc, 26, 21, 1, 8, 9);   /* avenant 1 au contrat c */
  assert_def(doc, 29, 13, 11, 15, 16); /* indicateur i { (the avenant changes c's i) */
  assert_def(doc, 34, 6, 11, 15, 16); /* an exemple's mesures line */
  assert_def(doc, 35, 7, 8, 9, 11);   /* a donnée */
  assert_def(doc, 37, 12, 11, 15, 16); /* attendu i */
  assert_def(doc, 38, 12, 9, 10, 11); /* attendu m: the group */
  assert_def(doc, 41, 8, 1, 8, 9);    /* mesures c */
  assert_def(doc, 42, 2, 11, 15, 16); /* a mesures line */
  assert_def(doc, 21, 14, 21, 13, 14); /* the other contract's i is its own */
  struct cb_lsp_location loc;
  assert_false(cb_lsp_definition(doc, 12, 10, &loc)); /* croissant: not a name */
  assert_false(cb_lsp_definition(doc, 13, 6, &loc));  /* objectif: a keyword */
  assert_false(cb_lsp_definition(doc, 6, 0, &loc));   /* blanks */
  /* importe "aci/cpts": the module's file, line 0 */
  assert_true(cb_lsp_definition(doc, 0, 10, &loc));
  assert_string_equal(loc.path, "stdlib/aci/cpts.cible");
  assert_int_equal(loc.range.line, 0);
  assert_int_equal(loc.range.col, 0);
  cb_lsp_doc_free(doc);
}

static void references(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse();
  const struct cb_lsp_location *r;
  /* c's i: its declaration, the avenant's change, the exemple's lines, the
     mesures line; not the other contract's i */
  size_t n = cb_lsp_references(doc, 42, 2, true, &r);
  int want[][2] = {{11, 15}, {29, 13}, {34, 6}, {37, 12}, {42, 2}};
  assert_int_equal(n, 5);
  for (size_t k = 0; k < n; k++) {
    assert_string_equal(r[k].path, "t.cible");
    assert_int_equal(r[k].range.line, want[k][0]);
    assert_int_equal(r[k].range.col, want[k][1]);
    assert_int_equal(r[k].range.end_col, want[k][1] + 1);
  }
  n = cb_lsp_references(doc, 42, 2, false, &r);
  assert_int_equal(n, 4);
  assert_int_equal(r[0].range.line, 29);
  /* the other contract's i: itself only */
  n = cb_lsp_references(doc, 21, 13, true, &r);
  assert_int_equal(n, 1);
  assert_int_equal(r[0].range.line, 21);
  /* the barème */
  n = cb_lsp_references(doc, 4, 9, false, &r);
  assert_int_equal(n, 1);
  assert_int_equal(r[0].range.line, 15);
  assert_int_equal(r[0].range.col, 13);
  /* the contract: its declaration, the avenant, the mesures block */
  n = cb_lsp_references(doc, 1, 8, true, &r);
  assert_int_equal(n, 3);
  assert_int_equal(r[0].range.line, 1);
  assert_int_equal(r[1].range.line, 26);
  assert_int_equal(r[1].range.col, 21);
  assert_int_equal(r[2].range.line, 41);
  /* not a name */
  assert_int_equal(cb_lsp_references(doc, 12, 10, true, &r), 0);
  /* the hover of each i is its own contract's */
  const char *h = cb_lsp_hover(doc, 21, 13, NULL);
  assert_non_null(h);
  assert_non_null(strstr(h, "**indicateur `i`** — Un autre i\n"));
  h = cb_lsp_hover(doc, 42, 2, NULL);
  assert_non_null(h);
  assert_non_null(strstr(h, "**indicateur `i`** — Indicateur\n"));
  cb_lsp_doc_free(doc);
}

static void name_against_punctuation(void **state) {
  (void)state;
  static const char text[] = "contrat k \"K\" {\n"
                             "  periode 2020 a 2020\n"
                             "  indicateur i \"I\" { sens croissant objectif 2020 : 1 }\n"
                             "}\n"
                             "mesures k 2020 {\n"
                             "  i: 1\n"
                             "}\n";
  struct cb_lsp_doc *doc = cb_lsp_analyse("k.cible", text, strlen(text), NULL);
  struct cb_lsp_location loc;
  /* between `i` and `:` */
  assert_true(cb_lsp_definition(doc, 5, 3, &loc));
  assert_int_equal(loc.range.line, 2);
  assert_int_equal(loc.range.col, 13);
  cb_lsp_doc_free(doc);
}

static void accord_of_a_module(void **state) {
  (void)state;
  static const char text[] = "contrat k \"K\" {\n"
                             "  importe \"aci/cpts\"\n"
                             "  accord aci_cpts\n"
                             "  periode 2020 a 2020\n"
                             "}\n";
  struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib"};
  struct cb_lsp_doc *doc = cb_lsp_analyse("k.cible", text, strlen(text), &ws);
  struct cb_lsp_location loc;
  assert_true(cb_lsp_definition(doc, 2, 12, &loc));
  assert_string_equal(loc.path, "stdlib/aci/cpts.cible");
  /* the line of `accord aci_cpts "…" {` in the module */
  FILE *f = fopen("stdlib/aci/cpts.cible", "r");
  assert_non_null(f);
  char line[1024];
  int n = 0, want = -1;
  while (fgets(line, sizeof line, f) && want < 0) {
    if (strncmp(line, "accord aci_cpts ", 16) == 0)
      want = n;
    n++;
  }
  fclose(f);
  assert_int_equal(loc.range.line, want);
  assert_int_equal(loc.range.col, 7);
  assert_int_equal(loc.range.end_col, 15);
  const char *h = cb_lsp_hover(doc, 2, 12, NULL);
  assert_non_null(h);
  assert_non_null(strstr(h, "**accord `aci_cpts`** — Accord conventionnel interprofessionnel CPTS"));
  assert_non_null(strstr(h, "dans stdlib/aci/cpts.cible"));
  /* without the standard library: nowhere to go */
  cb_lsp_doc_free(doc);
  doc = cb_lsp_analyse("k.cible", text, strlen(text), NULL);
  assert_false(cb_lsp_definition(doc, 2, 12, &loc));
  assert_false(cb_lsp_definition(doc, 1, 12, &loc));
  cb_lsp_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(definitions),
      cmocka_unit_test(references),
      cmocka_unit_test(accord_of_a_module),
      cmocka_unit_test(name_against_punctuation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
