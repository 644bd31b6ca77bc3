/*
 * json.h: a small JSON writer shared by the printers (evaluations,
 * schedules).
 *
 * Writes indented JSON into a cb_buf: strings escaped, objects and arrays
 * opened and closed with their indentation, and the project's convention
 * for numbers: an object with the exact fraction, the decimal expansion
 * when it terminates, and the figure as displayed in French.
 */
#ifndef CB_JSON_H
#define CB_JSON_H

#include <gmp.h>
#include <stdbool.h>

#include "model.h"

struct cb_buf;

struct cb_jw {
  struct cb_buf *b;
  int indent;
  bool first;
};

enum cb_jkind { CB_J_PCT, CB_J_EUR, CB_J_PTS, CB_J_VAL };

/* The French display of q as a figure of kind k ("66,67 %", "3 333,33 €",
   "1 200 points", a value in unit u): the "affiche" form of cb_jw_num. */
void cb_fmt_kind(struct cb_buf *b, mpq_srcptr q, enum cb_jkind k, const struct cb_munit *u);

void cb_json_str(struct cb_buf *b, const char *s);
void cb_jw_key(struct cb_jw *w, const char *k);
void cb_jw_open(struct cb_jw *w, char c);
void cb_jw_close(struct cb_jw *w, char c);
void cb_jw_item(struct cb_jw *w);
/* key: {"exact": "a/b", "decimal": "1.5", "affiche": "1,50 €"}, or null. */
void cb_jw_num(struct cb_jw *w, const char *key, mpq_srcptr q, enum cb_jkind k,
               const struct cb_munit *u);
/* key: "file:line", or null. */
void cb_jw_loc(struct cb_jw *w, const char *key, struct cb_loc loc);

#endif
