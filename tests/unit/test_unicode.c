/*
 * test_unicode.c: unit tests of the Unicode measures of text (buf.c), of
 * the folding of keyword-like words (ast.c) and of table alignment
 * (table.c): display width in columns, not code points, and folding by
 * Unicode case folding and mark stripping, not a table of Latin-1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "buf.h"
#include "table.h"

static size_t width(const char *s) { return cb_utf8_width(s, strlen(s)); }

static void test_display_width(void **state) {
  (void)state;
  assert_int_equal(width("abc"), 3);
  assert_int_equal(width("été"), 3);
  assert_int_equal(width("e\xcc\x81t\xc3\xa9"), 3);   /* e + U+0301 combining: one column */
  assert_int_equal(width("東京"), 4);                 /* wide ideographs */
  assert_int_equal(width("🏥"), 2);                   /* emoji */
  assert_int_equal(width("—€’"), 3);
  assert_int_equal(cb_utf8_chars("東京", strlen("東京")), 2);
}

static size_t dcol(const char *s) { return cb_utf8_display_col(s, strlen(s)); }

/* The column of a diagnostic (GNU rule): display width, tab stops of 8. */
static void test_display_col(void **state) {
  (void)state;
  assert_int_equal(dcol(""), 0);
  assert_int_equal(dcol("été"), 3);
  assert_int_equal(dcol("q\xcc\x83"), 1);        /* q + U+0303 combining: no column */
  assert_int_equal(dcol("東京 "), 5);
  assert_int_equal(dcol("\t"), 8);
  assert_int_equal(dcol("\t\t"), 16);
  assert_int_equal(dcol("abc\t"), 8);             /* to the next stop, not 8 more */
  assert_int_equal(dcol("abcdefgh\t"), 16);
  assert_int_equal(dcol("東京\tx"), 9);
  assert_int_equal(cb_utf8_display_col("\tabc", 2), 9); /* a prefix of the line */
}

static void folds_to(const char *word, const char *want) {
  struct cb_arena *a = cb_arena_new();
  assert_string_equal(cb_fold(a, word), want);
  assert_true(cb_word_is(word, want));
  size_t n;
  char *f = cb_fold_dup(word, &n);
  assert_string_equal(f, want);
  assert_int_equal(n, strlen(want));
  free(f);
  cb_arena_free(a);
}

static void test_fold(void **state) {
  (void)state;
  folds_to("Linéaire", "lineaire");
  folds_to("PÉRIODE", "periode");
  folds_to("pe\xcc\x81riode", "periode");    /* decomposed é */
  folds_to("PE\xcc\x81RIODE", "periode");
  folds_to("Œuvre", "oeuvre");
  folds_to("ŒUVRE", "oeuvre");
  folds_to("Ægide", "aegide");
  folds_to("Ĉapitre", "capitre");            /* beyond Latin-1 (U+0108) */
  folds_to("ÉCHÉANCE", "echeance");
  assert_false(cb_word_is("période", "periodes"));
  assert_false(cb_word_is("periode", "period"));
}

/* Columns line up by display width: a cell of two wide ideographs takes four
   columns, a decomposed é one. */
static void test_table_alignment(void **state) {
  (void)state;
  static const char *const titles[] = {"nom", "x"};
  static const bool right[] = {false, false};
  struct cb_table_spec spec = {titles, right, 2, 0, false, -1};
  static const char *const text[] = {"東京", "1", "e\xcc\x81t\xc3\xa9", "2", "abcd", "3"};
  char *cells[6];
  for (size_t i = 0; i < 6; i++)
    cells[i] = cb_xstrndup(text[i], strlen(text[i]));
  struct cb_buf out = CB_BUF_INIT;
  cb_table_print(&out, &spec, cells, 3);
  assert_string_equal(cb_buf_str(&out), "nom   x\n"
                                        "東京  1\n"
                                        "e\xcc\x81t\xc3\xa9   2\n"
                                        "abcd  3\n");
  cb_buf_free(&out);
  for (size_t i = 0; i < 6; i++)
    free(cells[i]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_display_width),
      cmocka_unit_test(test_display_col),
      cmocka_unit_test(test_fold),
      cmocka_unit_test(test_table_alignment),
  };
  return cmocka_run_group_tests_name("unicode", tests, NULL, NULL);
}
