/*
 * test_diag.c: unit tests of diag.c (collection and GNU-form rendering).
 *
 * Builds diagnostics by hand on a source held in memory and compares the
 * rendered text byte for byte: the "file:line:col: erreur[CODE]: message"
 * header, the source line behind its gutter, the caret and tildes under the
 * span, columns counted in characters on accented lines, notes, and the cap
 * with its "et N autres erreurs" line. Sources, diagnostics and rendered
 * strings belong to the fixture so that a failed assertion leaks nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "source.h"

struct fx {
  struct cb_sources set;
  struct cb_diags diags;
  struct cb_source *src;
  char *out;
};

static const char TEXT[] = "contrat x \"Essai\" {\n"
                           "  indicateur éèà_taux \"Taux\" {\n"
                           "\tpoids 30 %\n"
                           "  }\n"
                           "}\n";

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  if (cb_source_from_string(&f->set, "t.cible", TEXT, strlen(TEXT), &f->diags, &f->src) !=
      CB_LOAD_OK)
    return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  free(f->out);
  cb_diags_free(&f->diags);
  cb_sources_free(&f->set);
  free(f);
  return 0;
}

static struct cb_loc at(const struct fx *f, int line, int col, int end_col) {
  struct cb_loc l = {f->src, line, col, line, end_col};
  return l;
}

static const char *render(struct fx *f, int max) {
  free(f->out);
  f->out = cb_diag_render_string(&f->diags, max);
  return f->out;
}

static void test_error_header_and_caret(void **state) {
  struct fx *f = *state;
  /* "contrat x": x at byte 9, one byte wide. */
  cb_diag_error(&f->diags, at(f, 1, 9, 10), "E0203", "les poids font %d %%", 90);
  assert_int_equal(f->diags.nerrors, 1);
  assert_int_equal(f->diags.nwarnings, 0);
  assert_string_equal(f->diags.head->code, "E0203");
  assert_string_equal(f->diags.head->msg, "les poids font 90 %");
  assert_string_equal(render(f, 0), "t.cible:1:9: erreur[E0203]: les poids font 90 %\n"
                                    "    1 | contrat x \"Essai\" {\n"
                                    "      |         ^\n");
}

static void test_tildes_under_span(void **state) {
  struct fx *f = *state;
  /* "contrat" spans bytes 1..7. */
  cb_diag_error(&f->diags, at(f, 1, 1, 8), "E0100", "mot inattendu");
  assert_string_equal(render(f, 0), "t.cible:1:1: erreur[E0100]: mot inattendu\n"
                                    "    1 | contrat x \"Essai\" {\n"
                                    "      | ^~~~~~~\n");
}

static void test_accented_columns_in_characters(void **state) {
  struct fx *f = *state;
  /* Line 2: "  indicateur éèà_taux": the identifier starts at byte 14 and is
     11 bytes (8 characters) long; "\"Taux\"" starts at byte 26, column 23. */
  cb_diag_error(&f->diags, at(f, 2, 26, 32), "E0201", "libellé");
  assert_string_equal(render(f, 0), "t.cible:2:23: erreur[E0201]: libellé\n"
                                    "    2 |   indicateur éèà_taux \"Taux\" {\n"
                                    "      |                       ^~~~~~\n");
}

static void test_tildes_count_characters(void **state) {
  struct fx *f = *state;
  /* The identifier: 11 bytes, 8 characters, so a caret and 7 tildes. */
  cb_diag_warning(&f->diags, at(f, 2, 14, 25), "W0101", "nom");
  assert_int_equal(f->diags.nwarnings, 1);
  assert_string_equal(render(f, 0), "t.cible:2:14: attention[W0101]: nom\n"
                                    "    2 |   indicateur éèà_taux \"Taux\" {\n"
                                    "      |              ^~~~~~~~\n");
}

static void test_tab_kept_in_caret_line(void **state) {
  struct fx *f = *state;
  /* Line 3 starts with a tab: the caret line keeps it so the caret lines up,
     and the column number counts it to the next tab stop (GNU rule): 8 + 6. */
  cb_diag_error(&f->diags, at(f, 3, 8, 10), "E0209", "unité");
  assert_string_equal(render(f, 0), "t.cible:3:15: erreur[E0209]: unité\n"
                                    "    3 | \tpoids 30 %\n"
                                    "      | \t      ^~\n");
}

static void test_zero_width_gets_one_caret(void **state) {
  struct fx *f = *state;
  cb_diag_error(&f->diags, at(f, 4, 3, 3), "E0101", "fin");
  assert_string_equal(render(f, 0), "t.cible:4:3: erreur[E0101]: fin\n"
                                    "    4 |   }\n"
                                    "      |   ^\n");
}

static void test_no_location(void **state) {
  struct fx *f = *state;
  struct cb_loc none = {0};
  cb_diag_error(&f->diags, none, "E0000", "impossible de lire « %s »", "absent.cible");
  assert_string_equal(render(f, 0), "cible: erreur[E0000]: impossible de lire « absent.cible »\n");
}

static void test_note_has_no_code(void **state) {
  struct fx *f = *state;
  cb_diag_error(&f->diags, at(f, 5, 2, 2), "E0101", "fin de fichier inattendue");
  cb_diag_note(&f->diags, at(f, 1, 19, 20), "le bloc ouvert ici n'est pas refermé par « } »");
  assert_int_equal(f->diags.nerrors, 1);
  assert_null(f->diags.tail->code);
  assert_int_equal(f->diags.tail->sev, CB_SEV_NOTE);
  const char *s = render(f, 0);
  assert_non_null(strstr(s, "t.cible:1:19: note: le bloc ouvert ici n'est pas refermé par « } »\n"
                            "    1 | contrat x \"Essai\" {\n"
                            "      |                   ^\n"));
}

static void test_order_kept(void **state) {
  struct fx *f = *state;
  cb_diag_error(&f->diags, at(f, 3, 2, 7), "E0002", "deux");
  cb_diag_error(&f->diags, at(f, 1, 1, 2), "E0001", "un");
  assert_string_equal(f->diags.head->code, "E0002");
  assert_string_equal(f->diags.head->next->code, "E0001");
  const char *s = render(f, 0);
  assert_true(strstr(s, "deux") < strstr(s, "un\n"));
}

static void fill(struct fx *f, int nerr, int nwarn) {
  for (int i = 0; i < nerr; i++)
    cb_diag_error(&f->diags, at(f, 1, 1, 2), "E0100", "erreur %d", i);
  for (int i = 0; i < nwarn; i++)
    cb_diag_warning(&f->diags, at(f, 1, 1, 2), "W0101", "avertissement %d", i);
}

static int count(const char *s, const char *needle) {
  int n = 0;
  for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

static void test_cap_plural(void **state) {
  struct fx *f = *state;
  fill(f, CB_MAX_DIAGS_SHOWN + 3, 0);
  const char *s = render(f, CB_MAX_DIAGS_SHOWN);
  assert_int_equal(count(s, "erreur[E0100]"), CB_MAX_DIAGS_SHOWN);
  assert_non_null(strstr(s, "cible: note: et 3 autres erreurs non affich"));
  assert_null(strstr(s, "erreur 50\n"));
}

static void test_cap_singular(void **state) {
  struct fx *f = *state;
  fill(f, 3, 0);
  const char *s = render(f, 2);
  assert_int_equal(count(s, "erreur[E0100]"), 2);
  assert_non_null(strstr(s, "cible: note: et 1 autre erreur non affich"));
}

static void test_cap_errors_and_warnings(void **state) {
  struct fx *f = *state;
  fill(f, 3, 2);
  const char *s = render(f, 2);
  assert_non_null(strstr(s, "cible: note: et 1 autre erreur et 2 autres avertissements non affichés\n"));
}

/* The participle agrees with what was left out: "erreurs" is feminine, a
   mixed list or warnings alone take the masculine. */
static void test_cap_agreement(void **state) {
  struct fx *f = *state;
  fill(f, 4, 0);
  assert_non_null(strstr(render(f, 1), "cible: note: et 3 autres erreurs non affichées\n"));
  cb_diags_free(&f->diags);
  fill(f, 2, 0);
  assert_non_null(strstr(render(f, 1), "cible: note: et 1 autre erreur non affichée\n"));
  cb_diags_free(&f->diags);
  fill(f, 1, 1);
  assert_non_null(strstr(render(f, 1), "cible: note: et 1 autre avertissement non affiché\n"));
  cb_diags_free(&f->diags);
  fill(f, 1, 3);
  assert_non_null(strstr(render(f, 1), "cible: note: et 3 autres avertissements non affichés\n"));
}

static void test_no_cap_when_zero(void **state) {
  struct fx *f = *state;
  fill(f, 60, 0);
  const char *s = render(f, 0);
  assert_int_equal(count(s, "erreur[E0100]"), 60);
  assert_null(strstr(s, "non affich"));
}

static void test_notes_of_hidden_diagnostics_hidden(void **state) {
  struct fx *f = *state;
  fill(f, 1, 0);
  cb_diag_error(&f->diags, at(f, 1, 1, 2), "E0101", "cachée");
  cb_diag_note(&f->diags, at(f, 1, 1, 2), "note de la cachée");
  const char *s = render(f, 1);
  assert_null(strstr(s, "note de la cachée"));
  assert_non_null(strstr(s, "et 1 autre erreur non affich"));
}

static void test_free_resets(void **state) {
  struct fx *f = *state;
  fill(f, 2, 1);
  cb_diags_free(&f->diags);
  assert_null(f->diags.head);
  assert_int_equal(f->diags.nerrors, 0);
  assert_int_equal(f->diags.nwarnings, 0);
  assert_string_equal(render(f, 0), "");
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_error_header_and_caret),
      T(test_tildes_under_span),
      T(test_accented_columns_in_characters),
      T(test_tildes_count_characters),
      T(test_tab_kept_in_caret_line),
      T(test_zero_width_gets_one_caret),
      T(test_no_location),
      T(test_note_has_no_code),
      T(test_order_kept),
      T(test_cap_plural),
      T(test_cap_singular),
      T(test_cap_errors_and_warnings),
      T(test_cap_agreement),
      T(test_no_cap_when_zero),
      T(test_notes_of_hidden_diagnostics_hidden),
      T(test_free_resets),
  };
#undef T
  return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
