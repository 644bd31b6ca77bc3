/*
 * cmd_check.c: `cible check`: the checks of the session, and with --signature the strict
 * profile of a contract about to be signed (signature.h).
 */
#include "cli.h"

#include <stdio.h>

#include "diag.h"
#include "session.h"
#include "signature.h"

/* check --signature: the strict profile, after the ordinary checks. */
static int check_signature(struct cb_session *s) {
  struct cb_diags d = {0};
  cb_signature_check(cb_session_arena(s), cb_session_program(s), &d);
  cli_diags(&d);
  int st = d.nerrors ? EXIT_INPUT : EXIT_OK;
  cli_diag_count(d.nerrors, 0, " du profil de signature");
  cb_diags_free(&d);
  return st;
}

int cmd_check(struct cli_options *o, struct cb_session *s) {
  return o->signature ? check_signature(s) : EXIT_OK;
}
