/*
 * diag.h: diagnostics, collected then rendered.
 *
 * The library never prints: every check reports into a cb_diags list with a
 * severity, a stable code (documented in docs/diagnostics.md), a location and
 * a French message. The CLI renders the list in GNU form with the source line
 * and a caret under the offending span; the tests read it as data.
 */
#ifndef CB_DIAG_H
#define CB_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "source.h"

enum cb_severity {
  CB_SEV_ERROR,   /* "erreur": the input is rejected, exit status 1 */
  CB_SEV_WARNING, /* "attention": reported, evaluation goes on */
  CB_SEV_NOTE,    /* "note": completes the diagnostic before it */
};

/* Most diagnostics printed before "et N autres …". */
#define CB_MAX_DIAGS_SHOWN 50

struct cb_diag {
  enum cb_severity sev;
  const char *code; /* "E0203", NULL for notes */
  struct cb_loc loc;
  char *msg;        /* owned */
  struct cb_diag *next;
};

struct cb_diags {
  struct cb_diag *head, *tail;
  int nerrors, nwarnings;
};

void cb_diag_error(struct cb_diags *d, struct cb_loc loc, const char *code,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void cb_diag_warning(struct cb_diags *d, struct cb_loc loc, const char *code,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void cb_diag_note(struct cb_diags *d, struct cb_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cb_diag_add(struct cb_diags *d, enum cb_severity sev, struct cb_loc loc,
                 const char *code, const char *fmt, va_list ap);

/* Prints each diagnostic in GNU form with its source excerpt; stops after
   max errors and warnings (0: no limit) and says how many were left out. */
void cb_diag_render(const struct cb_diags *d, FILE *out, int max);
/* Same, into a string (for tests). */
char *cb_diag_render_string(const struct cb_diags *d, int max);
void cb_diags_free(struct cb_diags *d);

#endif
