/*
 * test_lsp_analysis.c: unit tests of the editor's analysis of a document
 * (src/lsp/analysis.h): diagnostics, tokens, outline and layout of small
 * contracts, positions checked exactly; every fuzz regression analysed and
 * asked every question without a crash; a 1 000-line contract analysed
 * quickly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "buf.h"
#include "diag.h"

static struct cb_lsp_doc *analyse(const char *text) {
  struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib"};
  return cb_lsp_analyse("t.cible", text, strlen(text), &ws);
}

static const char SMALL[] =
    "contrat c \"Contrat\" {\n"                 /* 0 */
    "  periode 2020 a 2020\n"                   /* 1 */
    "  bareme quarts \"Quarts\" {\n"            /* 2 */
    "    [0 % ; 50 %[ : 0 %\n"                  /* 3 */
    "    [50 % ; +inf[ : 100 %\n"               /* 4 */
    "  }\n"                                     /* 5 */
    "  mission m \"Mission\" {\n"               /* 6 */
    "    fixe 1 000 €\n"                        /* 7 */
    "    indicateur i \"Indicateur\" {  # note\n" /* 8 */
    "      objectif 2020 : 10\n"                /* 9 */
    "      sens croissant\n"                    /* 10 */
    "      poids 100 %\n"                       /* 11 */
    "      bareme quarts\n"                     /* 12 */
    "    }\n"                                   /* 13 */
    "  }\n"                                     /* 14 */
    "}\n"                                       /* 15 */
    "mesures c 2020 {\n"                        /* 16 */
    "  i : 8\n"                                 /* 17 */
    "}\n";                                      /* 18 */

static void clean_document(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse(SMALL);
  const struct cb_diags *d = cb_lsp_diagnostics(doc);
  char *r = cb_diag_render_string(d, 0);
  assert_string_equal(r, "");
  free(r);
  cb_lsp_doc_free(doc);
}

static void diagnostics_of_a_typo(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse("contrat c \"C\" {\n  periode 2020 a 2020\n"
                                   "  indicatuer i \"I\" {\n    objectif 2020 : 1\n  }\n}\n");
  const struct cb_diags *d = cb_lsp_diagnostics(doc);
  assert_non_null(d->head);
  assert_string_equal(d->head->code, "E0100");
  assert_int_equal(d->head->loc.line, 3);
  assert_int_equal(d->head->loc.col, 3);
  assert_int_equal(d->nerrors, 1);
  cb_lsp_doc_free(doc);
}

static const char *TYPES[] = CB_LSP_TOKEN_TYPES;

/* The type name of the token at (line, col), or NULL. */
static const char *type_at(const struct cb_lsp_token *t, size_t n, int line, int col, int len) {
  for (size_t i = 0; i < n; i++)
    if (t[i].line == line && t[i].col == col) {
      assert_int_equal(t[i].len, len);
      return TYPES[t[i].type];
    }
  return NULL;
}

static void tokens(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse(SMALL);
  size_t n;
  const struct cb_lsp_token *t = cb_lsp_tokens(doc, &n);
  assert_int_equal(n, 47);
  assert_string_equal(type_at(t, n, 0, 0, 7), "keyword");     /* contrat */
  assert_string_equal(type_at(t, n, 0, 8, 1), "variable");    /* c */
  assert_string_equal(type_at(t, n, 0, 10, 9), "string");     /* "Contrat" */
  assert_string_equal(type_at(t, n, 1, 10, 4), "number");     /* 2020 */
  assert_string_equal(type_at(t, n, 2, 9, 6), "variable");    /* quarts */
  assert_string_equal(type_at(t, n, 6, 2, 7), "keyword");     /* mission */
  assert_string_equal(type_at(t, n, 7, 15, 3), "type");       /* € */
  assert_string_equal(type_at(t, n, 8, 15, 1), "property");   /* i */
  assert_string_equal(type_at(t, n, 8, 33, 6), "comment");    /* # note */
  assert_string_equal(type_at(t, n, 12, 13, 6), "variable");  /* quarts */
  assert_string_equal(type_at(t, n, 3, 7, 1), "type");        /* % */
  assert_string_equal(type_at(t, n, 4, 13, 3), "keyword");    /* inf */
  assert_string_equal(type_at(t, n, 4, 12, 1), "operator");   /* + */
  assert_null(type_at(t, n, 3, 4, 1));                        /* [ */
  /* in document order */
  for (size_t i = 1; i < n; i++)
    assert_true(t[i].line > t[i - 1].line ||
                (t[i].line == t[i - 1].line && t[i].col >= t[i - 1].col + t[i - 1].len));
  cb_lsp_doc_free(doc);
}

static void outline(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse(SMALL);
  size_t n;
  const struct cb_lsp_symbol *s = cb_lsp_symbols(doc, &n);
  assert_int_equal(n, 2);
  assert_string_equal(s[0].name, "c");
  assert_string_equal(s[0].detail, "Contrat");
  assert_int_equal(s[0].kind, 2);
  assert_int_equal(s[0].range.line, 0);
  assert_int_equal(s[0].range.end_line, 15);
  assert_int_equal(s[0].range.end_col, 1);
  assert_int_equal(s[0].selection.col, 8);
  assert_int_equal(s[0].selection.end_col, 9);
  assert_int_equal(s[0].nchildren, 2);
  assert_string_equal(s[0].children[0].name, "quarts");
  assert_int_equal(s[0].children[0].kind, 23);
  const struct cb_lsp_symbol *m = &s[0].children[1];
  assert_string_equal(m->name, "m");
  assert_int_equal(m->kind, 5);
  assert_int_equal(m->nchildren, 1);
  assert_string_equal(m->children[0].name, "i");
  assert_string_equal(m->children[0].detail, "Indicateur");
  assert_int_equal(m->children[0].kind, 8);
  assert_int_equal(m->children[0].range.line, 8);
  assert_int_equal(m->children[0].range.end_line, 13);
  assert_int_equal(m->children[0].selection.line, 8);
  assert_int_equal(m->children[0].selection.col, 15);
  assert_string_equal(s[1].name, "mesures c 2020");
  assert_int_equal(s[1].range.line, 16);
  cb_lsp_doc_free(doc);
}

static void format(void **state) {
  (void)state;
  struct cb_lsp_doc *doc = analyse("contrat c \"C\" {\nperiode 2020 a 2020\n}\n");
  char *f = cb_lsp_format(doc);
  assert_string_equal(f, "contrat c \"C\" {\n  periode 2020 a 2020\n}\n");
  free(f);
  cb_lsp_doc_free(doc);
  /* a text the scanner refuses: no layout, as fmt */
  doc = analyse("contrat c \"C {\n}\n");
  assert_null(cb_lsp_format(doc));
  cb_lsp_doc_free(doc);
  /* a text that is not UTF-8: no source at all, still answers */
  doc = cb_lsp_analyse("t.cible", "\xff\xfe", 2, NULL);
  assert_null(cb_lsp_format(doc));
  assert_true(cb_lsp_diagnostics(doc)->nerrors > 0);
  size_t n;
  cb_lsp_tokens(doc, &n);
  assert_int_equal(n, 0);
  cb_lsp_symbols(doc, &n);
  assert_int_equal(n, 0);
  cb_lsp_doc_free(doc);
}

/* Every question at every n-th byte of the document. */
static void ask_everything(struct cb_lsp_doc *doc, const char *text, size_t len, size_t step) {
  size_t n;
  cb_lsp_tokens(doc, &n);
  cb_lsp_symbols(doc, &n);
  free(cb_lsp_format(doc));
  int line = 0, col = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i % step == 0 || i == len) {
      struct cb_lsp_range r;
      struct cb_lsp_location loc;
      const struct cb_lsp_location *refs;
      const struct cb_lsp_item *items;
      cb_lsp_hover(doc, line, col, &r);
      cb_lsp_definition(doc, line, col, &loc);
      cb_lsp_references(doc, line, col, true, &refs);
      cb_lsp_completion(doc, line, col, &items);
    }
    if (i < len && text[i] == '\n')
      line++, col = 0;
    else
      col++;
  }
  /* out of the document */
  struct cb_lsp_location loc;
  const struct cb_lsp_item *items;
  cb_lsp_hover(doc, line + 5, 0, NULL);
  cb_lsp_hover(doc, -1, -1, NULL);
  cb_lsp_definition(doc, 0, 100000, &loc);
  cb_lsp_completion(doc, line + 1, 3, &items);
  cb_lsp_completion(doc, -3, 0, &items);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  struct cb_buf b = CB_BUF_INIT;
  char chunk[4096];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
    cb_buf_add(&b, chunk, k);
  fclose(f);
  *len = b.len;
  return cb_buf_take(&b);
}

static void fuzz_regressions(void **state) {
  (void)state;
  const char *dirs[] = {"tests/fuzz/regressions/parse", "tests/fuzz/regressions/pipeline"};
  size_t files = 0;
  for (size_t k = 0; k < 2; k++) {
    DIR *dir = opendir(dirs[k]);
    assert_non_null(dir);
    struct dirent *e;
    while ((e = readdir(dir))) {
      if (e->d_name[0] == '.')
        continue;
      char path[512];
      snprintf(path, sizeof path, "%s/%s", dirs[k], e->d_name);
      size_t len;
      char *text = slurp(path, &len);
      struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib"};
      struct cb_lsp_doc *doc = cb_lsp_analyse(path, text, len, &ws);
      ask_everything(doc, text, len, len > 4000 ? len / 200 : 7);
      cb_lsp_doc_free(doc);
      free(text);
      files++;
    }
    closedir(dir);
  }
  assert_true(files > 50);
}

static void examples(void **state) {
  (void)state;
  const char *paths[] = {"examples/cafe_cpts.cible", "examples/cafe_cpts_avenant1.cible",
                         "examples/msp_exemple.cible", "examples/cpg_2020.cible",
                         "stdlib/aci/cpts.cible"};
  for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
    size_t len;
    char *text = slurp(paths[k], &len);
    struct cb_lsp_workspace ws = {.stdlib_dir = "stdlib"};
    struct cb_lsp_doc *doc = cb_lsp_analyse(paths[k], text, len, &ws);
    ask_everything(doc, text, len, 3);
    cb_lsp_doc_free(doc);
    free(text);
  }
}

/* A contract of about n lines. */
static char *big_contract(int n) {
  struct cb_buf b = CB_BUF_INIT;
  cb_buf_puts(&b, "contrat big \"Grand\" {\n  periode 2020 a 2022\n"
                  "  bareme q \"Q\" {\n    [0 % ; 50 %[ : 0 %\n    [50 % ; +inf[ : 100 %\n  }\n"
                  "  mission m \"M\" {\n    fixe 100 000 €\n");
  int k = 0;
  for (int lines = 10; lines < n - 12; lines += 9, k++)
    cb_buf_printf(&b, "    indicateur i%d \"Indicateur %d\" {\n      unite patients\n"
                      "      objectif 2020 : %d\n      objectif 2021 : %d\n"
                      "      objectif 2022 : %d\n      poids 1 point\n"
                      "      sens croissant\n      bareme q\n    }\n",
                  k, k, 10 + k, 11 + k, 12 + k);
  cb_buf_puts(&b, "  }\n}\nmesures big 2020 {\n");
  for (int i = 0; i < k && i < 5; i++)
    cb_buf_printf(&b, "  i%d : %d\n", i, 5 + i);
  cb_buf_puts(&b, "}\n");
  return cb_buf_take(&b);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void speed(void **state) {
  (void)state;
  char *text = big_contract(1000);
  size_t len = strlen(text);
  double best = 1e9;
  for (int run = 0; run < 3; run++) {
    double t0 = now();
    struct cb_lsp_doc *doc = analyse(text);
    size_t n;
    cb_lsp_tokens(doc, &n);
    double t = now() - t0;
    if (run == 0) {
      char *r = cb_diag_render_string(cb_lsp_diagnostics(doc), 0);
      assert_string_equal(r, "");
      free(r);
    }
    cb_lsp_doc_free(doc);
    if (t < best)
      best = t;
  }
  /* a loose bound: sanitizers and a shared machine slow it down a lot */
  fprintf(stderr, "# analyse + tokens of a 1 000-line contract (%zu bytes): %.1f ms\n", len,
          best * 1000);
  assert_true(best < 1.0);
  free(text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(clean_document),  cmocka_unit_test(diagnostics_of_a_typo),
      cmocka_unit_test(tokens),          cmocka_unit_test(outline),
      cmocka_unit_test(format),          cmocka_unit_test(fuzz_regressions),
      cmocka_unit_test(examples),        cmocka_unit_test(speed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
