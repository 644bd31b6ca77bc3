/*
 * test_lsp_hover.c: unit tests of the hover of the editor's analysis
 * (src/lsp/hover.c): an indicator with what it pays in the latest period
 * measured and the --explain steps of that period, a group, a contract, a
 * barème's tranches, keywords and method words, a document with errors
 * (not evaluated), measures from a workspace CSV file; spans checked
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
#include "buf.h"
#include "diag.h"
#include "lsp_internal.h"

static const char DOC[] =
    "contrat c \"Contrat\" {\n"          /* 0 */
    "  periode 2020 a 2021\n"            /* 1 */
    "  bareme quarts \"Quarts\" {\n"     /* 2 */
    "    [0 % ; 50 %[ : 0 %\n"           /* 3 */
    "    [50 % ; +inf[ : 100 %\n"        /* 4 */
    "  }\n"                              /* 5 */
    "  mission m \"Mission\" {\n"        /* 6 */
    "    variable 1 000 €\n"             /* 7 */
    "    indicateur i \"Indicateur\" {\n" /* 8 */
    "      unite patients\n"             /* 9 */
    "      sens croissant\n"             /* 10 */
    "      objectif 2020 : 10\n"         /* 11 */
    "      objectif 2021 : 12\n"         /* 12 */
    "      socle 2 patients\n"           /* 13 */
    "      poids 100 %\n"                /* 14 */
    "      atteinte lineaire\n"          /* 15 */
    "      bareme quarts\n"              /* 16 */
    "    }\n"                            /* 17 */
    "  }\n"                              /* 18 */
    "}\n"                                /* 19 */
    "mesures c 2020 {\n"                 /* 20 */
    "  i : 8\n"                          /* 21 */
    "}\n";                               /* 22 */

static struct cb_lsp_doc *analyse(const char *text) {
  struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib"};
  return cb_lsp_analyse("t.cible", text, strlen(text), &ws);
}

static void assert_contains(const char *s, const char *part) {
  if (!s || !strstr(s, part))
    fail_msg("« %s » not in:\n%s", part, s ? s : "(null)");
}

static void indicator(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse(DOC);
  struct cb_lsp_range r;
  /* on the declaration, and on a measure line naming it */
  const char *h = cb_lsp_hover(doc, 8, 15, &r);
  assert_int_equal(r.line, 8);
  assert_int_equal(r.col, 15);
  assert_int_equal(r.end_line, 8);
  assert_int_equal(r.end_col, 16);
  assert_contains(h, "**indicateur `i`** — Indicateur\n\ndans mission `m`\n\n");
  assert_contains(h, "- unité : patients\n- sens : croissant\n"
                     "- objectifs : 2020 : 10 patients ; 2021 : 12 patients\n"
                     "- socle : 2 patients\n- poids : 100 %\n- atteinte : lineaire\n"
                     "- barème : `quarts`\n");
  /* 2020 is the latest period with a measure: (8 - 2) / (10 - 2) = 75 %,
     in the tranche [50 % ; +inf[ which pays 100 % of 1 000 € */
  assert_contains(h, "**2020** : verse 1 000,00 € sur 1 000,00 €\n\n```text\n"
                     "indicateur i « Indicateur » — 2020\n");
  assert_contains(h, "mesure 2020 : 8 patients (bloc de mesures)  [t.cible:22]");
  assert_contains(h, "versé = 1 000,00 € × 100,00 % = 1 000,00 €\n");
  assert_contains(h, "```\n");
  const char *h2 = cb_lsp_hover(doc, 21, 2, &r);
  assert_string_equal(h2, h);
  assert_int_equal(r.line, 21);
  assert_int_equal(r.col, 2);
  /* built once: asked again, the same answer */
  assert_ptr_equal(cb_lsp_hover(doc, 8, 15, NULL), h);
  /* at the end of the word too */
  assert_non_null(cb_lsp_hover(doc, 8, 16, NULL));
  cb_lsp_doc_free(doc);
}

static void group_and_contract(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse(DOC);
  const char *h = cb_lsp_hover(doc, 6, 10, NULL);
  assert_contains(h, "**mission `m`** — Mission\n\n- éléments : 1\n");
  assert_contains(h, "**2020** : verse 1 000,00 € sur 1 000,00 €\n");
  assert_contains(h, "3. versé = somme des parts de ses éléments = 1 000,00 €\n");
  h = cb_lsp_hover(doc, 0, 8, NULL);
  assert_contains(h, "**contrat `c`** — Contrat\n\n- périodes : 2020 à 2021\n"
                     "- indicateurs et données : 1\n");
  assert_contains(h, "contrat c « Contrat » — 2020\n");
  h = cb_lsp_hover(doc, 20, 8, NULL); /* `c` of the mesures block */
  assert_contains(h, "**contrat `c`**");
  cb_lsp_doc_free(doc);
}

static void bareme(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse(DOC);
  struct cb_lsp_range r;
  const char *h = cb_lsp_hover(doc, 16, 14, &r); /* the use */
  assert_int_equal(r.col, 13);
  assert_int_equal(r.end_col, 19);
  assert_string_equal(h, "**barème `quarts`** — Quarts\n\nlit l'atteinte (sur taux)\n\n"
                         "| tranche | verse |\n|---|---|\n"
                         "| [0 % ; 50 %[ | 0 % |\n| [50 % ; +inf[ | 100 % |\n");
  cb_lsp_doc_free(doc);
}

static void keywords(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse(DOC);
  struct cb_lsp_range r;
  const char *h = cb_lsp_hover(doc, 11, 8, &r);
  assert_int_equal(r.col, 6);
  assert_int_equal(r.end_col, 14);
  assert_string_equal(h, "**objectif** — Objectif d'une période : `objectif an 1 : 15`, "
                         "`: > 50 %`, `: initial + 700`, `: precedent + 5 points`.");
  h = cb_lsp_hover(doc, 15, 16, NULL); /* lineaire: a method, an identifier */
  assert_contains(h, "**lineaire** — Atteinte = (mesure − socle) / (objectif − socle)");
  h = cb_lsp_hover(doc, 10, 12, NULL); /* croissant */
  assert_contains(h, "**croissant** — ");
  assert_null(cb_lsp_hover(doc, 3, 4, NULL)); /* [ */
  assert_null(cb_lsp_hover(doc, 1, 0, NULL)); /* blank */
  assert_null(cb_lsp_hover(doc, 11, 22, NULL)); /* 10: a number */
  cb_lsp_doc_free(doc);
  /* accents and spaces as written */
  doc = analyse("contrat c \"C\" {\n  periode 2020 a 2021\n  à  partir  de 2021 {\n  }\n}\n");
  h = cb_lsp_hover(doc, 2, 3, NULL);
  assert_contains(h, "**a partir de** — Termes qui changent");
  cb_lsp_doc_free(doc);
}

static void document_with_errors(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse("contrat c \"C\" {\n  periode 2020 a 2020\n"
                                   "  indicateur i \"I\" {\n    sens croissant\n"
                                   "    objectif 2020 : 5 %\n    poids 120 %\n  }\n}\n"
                                   "mesures c 2020 {\n  i : 4 %\n}\n");
  const char *h = cb_lsp_hover(doc, 2, 13, NULL);
  assert_contains(h, "**indicateur `i`** — I\n");
  assert_contains(h, "_Le document a des erreurs : il n'est pas évalué._");
  cb_lsp_doc_free(doc);
}

/* The bytes of the file at path (from the repository root) into b. */
static void read_file(const char *path, struct cb_buf *b) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char chunk[4096];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
    cb_buf_add(b, chunk, k);
  fclose(f);
}

static void workspace_measures(void **state) {
  (void)state;
  struct cb_buf b = CB_BUF_INIT;
  read_file("examples/cpg_2020.cible", &b);
  const char *csv[] = {"examples/cpg_2020_mesures.csv", "examples/cafe_cpts_mesures_an2.csv"};
  struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib", .measures = csv, .nmeasures = 2};
  struct cb_lsp_doc *doc = cb_lsp_analyse("examples/cpg_2020.cible", b.data, b.len, &ws);
  /* the CSV of another contract is not read with this one */
  assert_int_equal(cb_lsp_diagnostics(doc)->nerrors, 0);
  const char *h = cb_lsp_hover(doc, 12, 14, NULL); /* acs_c2s */
  assert_contains(h, "**indicateur `acs_c2s`**");
  assert_contains(h, "**2020** : atteinte 100,00 %, sans montant en euros\n");
  assert_contains(h, "1. mesure 2020 : 347 802 (fichier de mesures)  [examples/cpg_2020_mesures.csv:2]");
  cb_lsp_doc_free(doc);
  cb_buf_free(&b);
}

/* A measures file of the workspace that names this document's contract
   and another one: read for this one, without an error about the other
   (E0303 is for the document of that contract). */
static void shared_measures_file(void **state) {
  (void)state;
  char path[] = "/tmp/test_lsp_hoverXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("contrat;indicateur;periode;valeur\nc;i;2021;6\nautre;x;2020;1\n", f);
  fclose(f);
  const char *csv[] = {path};
  struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib", .measures = csv, .nmeasures = 1};
  struct cb_lsp_doc *doc = cb_lsp_analyse("t.cible", DOC, strlen(DOC), &ws);
  const struct cb_diags *d = cb_lsp_diagnostics(doc);
  char *r = cb_diag_render_string(d, 0);
  assert_string_equal(r, "");
  free(r);
  /* 2021 from the CSV: (6 - 2) / (12 - 2) = 40 %, in [0 % ; 50 %[: 0 € */
  const char *h = cb_lsp_hover(doc, 8, 15, NULL);
  assert_contains(h, "**2021** : verse 0,00 € sur 1 000,00 €\n");
  assert_contains(h, "1. mesure 2021 : 6 patients (fichier de mesures)");
  cb_lsp_doc_free(doc);
  remove(path);
}

/* A workbook of measures in the workspace (tests/fixtures/xlsx/ok.xlsx):
   found to name the document's contract through its sheet, not its zipped
   bytes, and read for the hover (it was skipped: the contract's id is not
   in the compressed file). */
static void workspace_workbook(void **state) {
  (void)state;
  struct cb_buf b = CB_BUF_INIT;
  read_file("tests/fixtures/xlsx/contrat.cible", &b);
  const char *books[] = {"tests/fixtures/xlsx/ok.xlsx"};
  struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib", .measures = books, .nmeasures = 1};
  struct cb_lsp_doc *doc = cb_lsp_analyse("tests/fixtures/xlsx/contrat.cible", b.data, b.len, &ws);
  assert_int_equal(cb_lsp_diagnostics(doc)->nerrors, 0);
  const char *h = cb_lsp_hover(doc, 15, 16, NULL); /* ib */
  assert_contains(h, "**indicateur `ib`**");
  assert_contains(h, "**2020** : verse 2 856,75 € sur 3 000,00 €\n");
  assert_contains(h, "1. mesure 2020 : 76,18 % (fichier de mesures)  [tests/fixtures/xlsx/ok.xlsx:5]");
  cb_lsp_doc_free(doc);
  cb_buf_free(&b);
}

/* Every reserved word docs/langage.md lists has its definition, and so
   have the group words and the methods of `atteinte`. */
static void every_keyword_defined(void **state) {
  (void)state;
  struct cb_buf b = CB_BUF_INIT;
  read_file("docs/langage.md", &b);
  const char *at = strstr(cb_buf_str(&b), "Mots réservés :");
  assert_non_null(at);
  at = strchr(at, '`');
  assert_non_null(at);
  const char *end = strchr(at + 1, '`');
  assert_non_null(end);
  size_t n = 0;
  for (const char *p = at + 1; p < end;) {
    while (p < end && (*p == ' ' || *p == '\n'))
      p++;
    const char *w = p;
    while (p < end && *p != ' ' && *p != '\n')
      p++;
    if (p == w)
      continue;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)(p - w), w);
    if (!lsp_keyword_doc(word))
      fail_msg("no definition for « %s »", word);
    n++;
  }
  assert_true(n > 80);
  const char *more[] = {"mission", "axe", "volet", "part", "fiche", "l'anniversaire",
                        "a partir de", "proportionnelle", "lineaire", "tout_ou_rien",
                        "mesuree", "oui_non", "etapes"};
  for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
    assert_non_null(lsp_keyword_doc(more[i]));
  cb_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(indicator), cmocka_unit_test(group_and_contract),
      cmocka_unit_test(bareme),    cmocka_unit_test(keywords),
      cmocka_unit_test(document_with_errors), cmocka_unit_test(workspace_measures),
      cmocka_unit_test(shared_measures_file), cmocka_unit_test(workspace_workbook),
      cmocka_unit_test(every_keyword_defined),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
