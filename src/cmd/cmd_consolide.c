/*
 * cmd_consolide.c: `cible consolide`: the contract consolidated with its avenants
 * (consolide.h).
 */
#include "cli.h"

#include "ast.h"
#include "buf.h"
#include "consolide.h"
#include "session.h"

int cmd_consolide(struct cli_options *o, struct cb_session *s) {
  (void)o;
  struct cb_buf out = CB_BUF_INIT;
  size_t nf;
  struct cb_file **files = cb_session_files(s, &nf);
  bool first = true;
  for (size_t f = 0; f < nf; f++)
    for (const struct cb_top *t = files[f]->tops; t; t = t->next) {
      if (t->kind != CB_TOP_CONTRAT)
        continue;
      if (!first)
        cb_buf_putc(&out, '\n');
      first = false;
      cb_consolide_print(&out, files, nf, t, cb_session_consolidated(s, t));
    }
  return cli_output(&out);
}
