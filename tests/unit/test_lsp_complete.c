/*
 * test_lsp_complete.c: unit tests of completion in the editor's analysis
 * (src/lsp/complete.c): keywords from the grammar's expected tokens at the
 * cursor, the methods after `atteinte`, barème names after `bareme`,
 * names in scope on a `mesures` line and in a formula, units after a
 * number, the top level.
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
#include "buf.h"

static const char DOC[] =
    "contrat c \"Contrat\" {\n"            /* 0 */
    "  periode 2020 a 2021\n"              /* 1 */
    "  bareme quarts \"Quarts\" {\n"       /* 2 */
    "    [0 % ; 50 %[ : 0 %\n"             /* 3 */
    "  }\n"                                /* 4 */
    "  donnee nb \"Nombre\"\n"             /* 5 */
    "  mission m \"Mission\" {\n"          /* 6 */
    "    variable 1 000 €\n"               /* 7 */
    "    indicateur i \"Indicateur\" {\n"  /* 8 */
    "      atteinte \n"                    /* 9 */
    "      bareme q\n"                     /* 10 */
    "      objectif 2020 : 10 \n"          /* 11 */
    "      \n"                             /* 12 */
    "      obj\n"                          /* 13 */
    "    }\n"                              /* 14 */
    "    donnee v \"V\" {\n"               /* 15 */
    "      valeur = \n"                    /* 16 */
    "    }\n"                              /* 17 */
    "  }\n"                                /* 18 */
    "}\n"                                  /* 19 */
    "contrat autre \"Autre\" {\n"          /* 20 */
    "  periode 2020 a 2020\n"              /* 21 */
    "  donnee z \"Z\"\n"                   /* 22 */
    "}\n"                                  /* 23 */
    "mesures c 2020 {\n"                   /* 24 */
    "  \n"                                 /* 25 */
    "}\n"                                  /* 26 */
    "\n";                                  /* 27 */

static struct cb_lsp_doc *analyse(void) {
  struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib"};
  return cb_lsp_analyse("t.cible", DOC, strlen(DOC), &ws);
}

/* The labels of the items at (line, col), "label/kind" separated by spaces. */
static char *labels(struct cb_lsp_doc *doc, int line, int col) {
  const struct cb_lsp_item *it;
  size_t n = cb_lsp_completion(doc, line, col, &it);
  struct cb_buf b = CB_BUF_INIT;
  for (size_t k = 0; k < n; k++)
    cb_buf_printf(&b, "%s%s/%d", k ? " " : "", it[k].label, it[k].kind);
  return cb_buf_take(&b);
}

static void assert_labels(struct cb_lsp_doc *doc, int line, int col, const char *want) {
  char *got = labels(doc, line, col);
  assert_string_equal(got, want);
  free(got);
}

static void has(struct cb_lsp_doc *doc, int line, int col, const char *label, bool yes) {
  char *got = labels(doc, line, col);
  char *pad = malloc(strlen(got) + 3);
  strcpy(pad, " ");
  strcat(pad, got);
  strcat(pad, " ");
  char want[64];
  snprintf(want, sizeof want, " %s ", label);
  if ((strstr(pad, want) != NULL) != yes)
    fail_msg("%s « %s » at %d:%d in: %s", yes ? "no" : "unexpected", label, line, col, got);
  free(pad);
  free(got);
}

static void after_atteinte(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse();
  assert_labels(doc, 9, 15,
                "proportionnelle/20 lineaire/20 tout_ou_rien/20 mesuree/20 oui_non/20 etapes/20");
  const struct cb_lsp_item *it;
  assert_int_equal(cb_lsp_completion(doc, 9, 15, &it), 6);
  assert_string_equal(it[1].detail, "Atteinte = (mesure − socle) / (objectif − socle) : 0 % au "
                                    "socle, 100 % à l'objectif.");
  cb_lsp_doc_free(doc);
}

static void bareme_names(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse();
  /* the cursor after `q`: the word typed is left to the editor's filter */
  assert_labels(doc, 10, 14, "sur/14 quarts/22");
  const struct cb_lsp_item *it;
  cb_lsp_completion(doc, 10, 14, &it);
  assert_string_equal(it[1].detail, "Quarts");
  cb_lsp_doc_free(doc);
}

static void statements(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse();
  /* a blank line of an indicator's body: the statements the grammar reads */
  has(doc, 12, 6, "objectif/14", true);
  has(doc, 12, 6, "poids/14", true);
  has(doc, 12, 6, "indicateur/14", true);
  has(doc, 12, 6, "mission/14", true);
  has(doc, 12, 6, "contrat/14", false);
  has(doc, 12, 6, "%/12", false);
  /* every keyword offered comes with its definition */
  const struct cb_lsp_item *all;
  size_t nall = cb_lsp_completion(doc, 12, 6, &all);
  assert_true(nall > 50);
  for (size_t k = 0; k < nall; k++)
    if (all[k].kind == 14 && !all[k].detail)
      fail_msg("« %s » without its definition", all[k].label);
  /* inside a word: the same, from the word's start */
  has(doc, 13, 9, "objectif/14", true);
  const struct cb_lsp_item *it;
  size_t n = cb_lsp_completion(doc, 13, 9, &it);
  for (size_t k = 0; k < n; k++)
    if (strcmp(it[k].label, "objectif") == 0)
      assert_non_null(strstr(it[k].detail, "Objectif d'une période"));
  /* after `periode 2020 `: only `a` */
  assert_labels(doc, 1, 15, "a/14");
  /* the top level */
  assert_labels(doc, 27, 0, "accord/14 avenant/14 contrat/14 importe/14 mesures/14");
  assert_labels(doc, 0, 0, "accord/14 avenant/14 contrat/14 importe/14 mesures/14");
  cb_lsp_doc_free(doc);
}

static void units(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse();
  /* after a number on its line: its unit, no statement */
  assert_labels(doc, 11, 25, "%/12 €/12 points/12 jours/12 ans/12");
  cb_lsp_doc_free(doc);
}

static void names_in_scope(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse();
  /* a mesures line: c's indicators and données, not the other contract's */
  assert_labels(doc, 25, 2, "nb/6 i/5 v/6");
  /* a formula */
  has(doc, 16, 15, "nb/6", true);
  has(doc, 16, 15, "i/5", true);
  has(doc, 16, 15, "z/6", false);
  has(doc, 16, 15, "si/14", true);
  /* outside the document: nothing breaks */
  const struct cb_lsp_item *it;
  cb_lsp_completion(doc, 400, 3, &it);
  cb_lsp_completion(doc, 5, 400, &it);
  cb_lsp_doc_free(doc);
}

static void modules(void **state) {
  (void)state;
  static const char text[] = "importe \n";
  struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib"};
  struct cb_lsp_doc *doc = cb_lsp_analyse("m.cible", text, strlen(text), &ws);
  has(doc, 0, 8, "\"aci/cpts\"/9", true);
  has(doc, 0, 8, "\"aci/msp\"/9", true);
  const struct cb_lsp_item *it;
  assert_int_equal(cb_lsp_completion(doc, 0, 8, &it), 2);
  assert_string_equal(it[0].detail, "module de la bibliothèque standard");
  cb_lsp_doc_free(doc);
  /* without a standard library, nothing */
  doc = cb_lsp_analyse("m.cible", text, strlen(text), NULL);
  assert_int_equal(cb_lsp_completion(doc, 0, 8, &it), 0);
  cb_lsp_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(after_atteinte), cmocka_unit_test(bareme_names),
      cmocka_unit_test(statements),     cmocka_unit_test(units),
      cmocka_unit_test(names_in_scope), cmocka_unit_test(modules),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
