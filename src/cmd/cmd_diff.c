/*
 * cmd_diff.c: `cible diff A B` (or A… -- B…): the two sides in two sessions, the
 * differences of terms and, with measures, of money (diff.h), as text, JSON
 * or HTML.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "diff.h"
#include "provenance.h"
#include "session.h"

/* "a.cible + b.cible" */
static char *files_name(const char **files, size_t n) {
  struct cb_buf b = CB_BUF_INIT;
  for (size_t i = 0; i < n; i++)
    cb_buf_printf(&b, "%s%s", i ? " + " : "", files[i]);
  return cb_buf_take(&b);
}

/* cible diff A… -- B…: the two sides in two sessions. */
int cmd_diff(struct cli_options *o) {
  size_t na = o->split, nb = o->nfiles - o->split;
  if (o->split == (size_t)-1 && o->nfiles == 2)
    na = nb = 1;
  else if (o->split == (size_t)-1 || !na || !nb)
    return cli_usage_error("%s", "diff compare deux versions : cible diff A.cible B.cible, ou "
                             "cible diff A.cible… -- B.cible…");
  int st;
  struct cb_session *a = cli_open_session(o, o->files, na, &st);
  if (!a)
    return st;
  struct cb_session *b = cli_open_session(o, o->files + o->nfiles - nb, nb, &st);
  if (!b) {
    cb_session_free(a);
    return st;
  }
  char *name_a = files_name(o->files, na), *name_b = files_name(o->files + o->nfiles - nb, nb);
  struct cb_buf out = CB_BUF_INIT;
  struct cb_provenance pv;
  cli_provenance(&pv, a);
  cb_provenance_add_sources(&pv, cb_session_sources(b));
  if (strcmp(o->format, "json") == 0) {
    cb_diff_json(&out, a, b, name_a, name_b, o->ncsv > 0, &pv);
  } else if (strcmp(o->format, "csv") == 0) {
    struct cb_csv_out w;
    cb_csv_start(&w, &out, o->csv_excel);
    cb_diff_csv(&w, a, b, o->ncsv > 0);
    csv_provenance(&w, &pv);
  } else if (strcmp(o->format, "html") == 0) {
    cb_diff_html(&out, a, b, name_a, name_b, o->ncsv > 0, &pv);
  } else {
    cb_diff_text(&out, a, b, name_a, name_b, o->ncsv > 0);
    text_provenance(&out, &pv);
  }
  cb_provenance_free(&pv);
  free(name_a);
  free(name_b);
  cb_session_free(b);
  cb_session_free(a);
  return cli_output(&out);
}
