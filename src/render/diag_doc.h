/*
 * diag_doc.h: diagnostics as a document machines read (`--diagnostics json`
 * or `sarif`), for CI and code review tools: the same codes, French
 * messages, locations and notes as the GNU form, gathered over a run and
 * written once at its end (schemas in docs/diagnostics-json.md).
 */
#ifndef CB_DIAG_DOC_H
#define CB_DIAG_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "json.h"

struct cb_diags;

enum cb_diag_form { CB_DIAGS_TEXT, CB_DIAGS_JSON, CB_DIAGS_SARIF };

struct cb_diag_doc {
  enum cb_diag_form form;
  struct cb_buf out;
  struct cb_jw w;
  int nerrors, nwarnings;
  char **codes; /* SARIF: the rules met, each once */
  size_t ncodes, capcodes;
};

/* Starts a document of form (JSON or SARIF). */
void cb_diag_doc_begin(struct cb_diag_doc *doc, enum cb_diag_form form);
/* Adds every diagnostic of d, each warning or error with its notes (the
   sources of d must still be alive: lines are read for the columns). */
void cb_diag_doc_add(struct cb_diag_doc *doc, const struct cb_diags *d);
/* Closes the document into doc->out (freed by cb_diag_doc_free). */
void cb_diag_doc_end(struct cb_diag_doc *doc, const char *version);
void cb_diag_doc_free(struct cb_diag_doc *doc);

#endif
