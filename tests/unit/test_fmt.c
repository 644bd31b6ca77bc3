/*
 * test_fmt.c: unit tests of the canonical layout (fmt.c): indentation,
 * spacing around brackets, signs and calls, comments kept, idempotence.
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
#include "diag.h"
#include "atomic_write.h"
#include "layout.h"
#include "source.h"

static char *format(const char *text, bool *ok) {
  struct cb_sources set = {0};
  struct cb_diags d = {0};
  struct cb_source *src;
  assert_int_equal(cb_source_from_string(&set, "t.cible", text, strlen(text), &d, &src),
                   CB_LOAD_OK);
  struct cb_buf out = CB_BUF_INIT;
  *ok = cb_layout_source(&out, src, &d);
  char *r = cb_buf_take(&out);
  cb_diags_free(&d);
  cb_sources_free(&set);
  return r;
}

static void layout(void **state) {
  (void)state;
  bool ok;
  char *r = format("contrat t \"T\" {  # fin\n periode 2020 a 2020\n"
                   "bareme b \"B\" { ]-inf ; 0 %]:0 %\n ]0 % ;  +inf[ : 100 %\n}\n"
                   "donnee d \"D\" { valeur = max( 1 , 2 )-  -3 }\n}\n",
                   &ok);
  assert_true(ok);
  assert_string_equal(r, "contrat t \"T\" {  # fin\n"
                         "  periode 2020 a 2020\n"
                         "  bareme b \"B\" {\n"
                         "    ]-inf ; 0 %] : 0 %\n"
                         "    ]0 % ; +inf[ : 100 %\n"
                         "  }\n"
                         "  donnee d \"D\" {\n"
                         "    valeur = max(1, 2) - -3\n"
                         "  }\n"
                         "}\n");
  bool ok2;
  char *again = format(r, &ok2);
  assert_true(ok2);
  assert_string_equal(again, r);
  free(again);
  free(r);
}

static void numbers_and_blank_lines(void **state) {
  (void)state;
  bool ok;
  char *r = format("\n\n# tête\n\n\n\nmesures t an 1 {\n\n  x :   1 234,50 patients\n}\n", &ok);
  assert_true(ok);
  assert_string_equal(r, "# tête\n\nmesures t an 1 {\n  x : 1 234,50 patients\n}\n");
  free(r);
}

static void refuses_what_does_not_scan(void **state) {
  (void)state;
  bool ok;
  char *r = format("contrat t \"T\" { « }\n", &ok);
  assert_false(ok);
  free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(layout),
      cmocka_unit_test(numbers_and_blank_lines),
      cmocka_unit_test(refuses_what_does_not_scan),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
