/*
 * test_signature.c: unit tests of the strict profile (signature.c): a
 * complete contract passes, each missing term gives its code once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "session.h"
#include "signature.h"

static int count(const struct cb_diags *d, const char *code) {
  int n = 0;
  for (const struct cb_diag *g = d->head; g; g = g->next)
    n += g->code && strcmp(g->code, code) == 0;
  return n;
}

static struct cb_diags run(const char *text) {
  struct cb_session *s = cb_session_new();
  assert_int_equal(cb_session_add_contract_text(s, "t.cible", text, strlen(text)), CB_LOAD_OK);
  assert_true(cb_session_check(s));
  struct cb_diags d = {0};
  cb_signature_check(cb_session_arena(s), cb_session_program(s), &d);
  cb_session_free(s);
  return d;
}

static void complete_contract_passes(void **state) {
  (void)state;
  struct cb_diags d = run("contrat t \"T\" {\n  periode 2020 a 2021\n"
                          "  indicateur x \"X\" {\n    source \"S\"\n    sens decroissant\n"
                          "    objectif 2020 : 5\n    objectif 2021 : 4\n  }\n}\n");
  assert_int_equal(d.nerrors, 0);
  cb_diags_free(&d);
}

static void each_finding_once(void **state) {
  (void)state;
  struct cb_diags d = run("contrat t \"T\" {\n  periode 2020 a 2022\n"
                          "  indicateur x \"X\" {\n    sens croissant\n"
                          "    objectif 2020 : 5\n    objectif 2021 : 4\n  }\n}\n");
  assert_int_equal(count(&d, "E0430"), 1); /* 2022 */
  assert_int_equal(count(&d, "E0431"), 1);
  assert_int_equal(count(&d, "E0434"), 1); /* 5 then 4, croissant */
  assert_int_equal(count(&d, "E0432"), 0);
  cb_diags_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(complete_contract_passes),
      cmocka_unit_test(each_finding_once),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
