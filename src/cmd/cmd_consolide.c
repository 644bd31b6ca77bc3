/*
 * cmd_consolide.c: `cible consolide`: the contract consolidated with its avenants
 * (consolide.h).
 */
#include "cli.h"

#include "buf.h"
#include "consolide.h"

int cmd_consolide(struct cli_options *o, struct cb_session *s) {
  (void)o;
  struct cb_buf out = CB_BUF_INIT;
  cb_consolide_print(&out, s);
  return cli_output(&out);
}
