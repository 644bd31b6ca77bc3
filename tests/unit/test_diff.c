/*
 * test_diff.c: unit tests of cible diff (diff.c) and of exemple blocks
 * (exemple.c), on in-memory contracts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "session.h"
#include "diff.h"
#include "exemple.h"

static const char base[] =
    "contrat t \"T\" {\n"
    "  periode 2020 a 2021\n"
    "  variable 100 €\n"
    "  indicateur x \"X\" {\n"
    "    sens croissant\n"
    "    objectif 2020 : 4\n"
    "    objectif 2021 : 4\n"
    "    poids 50 %\n"
    "  }\n"
    "  indicateur y \"Y\" {\n"
    "    sens croissant\n"
    "    objectif 2020 : 4\n"
    "    objectif 2021 : 4\n"
    "    poids 50 %\n"
    "  }\n"
    "  exemple \"moitié\" {\n"
    "    mesures 2020 {\n"
    "      x : 2\n"
    "      y : 4\n"
    "    }\n"
    "    attendu x 2020 : 25,00 €\n"
    "    attendu t 2020 : 75 %\n"
    "    attendu y 2020 : 40,00 €\n"
    "  }\n"
    "}\n";

static const char avenant[] =
    "avenant 1 au contrat t \"A\" {\n"
    "  date 2021-01-01\n"
    "  indicateur x { poids 70 % }\n"
    "  indicateur y {\n"
    "    poids 30 %\n"
    "    objectif 2021 : 5\n"
    "  }\n"
    "}\n";

static struct cb_session *session(bool with_avenant) {
  struct cb_session *s = cb_session_new();
  assert_int_equal(cb_session_add_contract_text(s, "t.cible", base, strlen(base)), CB_LOAD_OK);
  if (with_avenant)
    assert_int_equal(cb_session_add_contract_text(s, "a.cible", avenant, strlen(avenant)),
                     CB_LOAD_OK);
  assert_true(cb_session_check(s));
  return s;
}

static void terms_by_period(void **state) {
  (void)state;
  struct cb_session *a = session(false), *b = session(true);
  struct cb_buf out = CB_BUF_INIT;
  cb_diff_text(&out, a, b, "A", "B", false);
  const char *t = cb_buf_str(&out);
  assert_non_null(strstr(t, "poids de x : 50 % → 70 % (2021)"));
  assert_non_null(strstr(t, "poids de y : 50 % → 30 % (2021)"));
  assert_non_null(strstr(t, "objectif 2021 de y : 4 → 5"));
  assert_null(strstr(t, "objectif 2020"));
  cb_buf_free(&out);
  cb_session_free(a);
  cb_session_free(b);
}

static void no_difference(void **state) {
  (void)state;
  struct cb_session *a = session(true), *b = session(true);
  struct cb_buf out = CB_BUF_INIT;
  cb_diff_text(&out, a, b, "A", "B", false);
  assert_non_null(strstr(cb_buf_str(&out), "aucune différence de termes"));
  cb_buf_free(&out);
  cb_session_free(a);
  cb_session_free(b);
}

static void exemple_counts(void **state) {
  (void)state;
  struct cb_session *s = session(false);
  struct cb_buf out = CB_BUF_INIT;
  struct cb_diags d = {0};
  struct cb_test_counts n = {0, 0};
  cb_exemple_run(s, &out, &d, &n);
  /* 25 € and 75 % are right, 40 € is wrong (50 €) */
  assert_int_equal(n.passed, 2);
  assert_int_equal(n.failed, 1);
  assert_non_null(strstr(cb_buf_str(&out), "attendu 40,00 €, calculé 50,00 €"));
  cb_diags_free(&d);
  cb_buf_free(&out);
  cb_session_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(terms_by_period),
      cmocka_unit_test(no_difference),
      cmocka_unit_test(exemple_counts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
