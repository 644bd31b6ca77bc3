/*
 * format.c: French display of figures (see format.h).
 *
 * It stands with the terms because a figure is written in the unit the
 * contract declares (cb_munit): the terms' own messages, the checks, the
 * evaluator's steps and every printer write figures through it.
 */
#include "format.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "num.h"

static void pct(struct cb_buf *b, mpq_srcptr frac, unsigned flags, const char *suffix) {
  mpq_t h;
  mpq_init(h);
  mpq_set(h, frac);
  cb_num_to_percent(h);
  cb_num_fmt(b, h, 2, CB_WRITE_GROUP | flags);
  cb_buf_puts(b, suffix);
  mpq_clear(h);
}

void cb_fmt_pct(struct cb_buf *b, mpq_srcptr frac) { pct(b, frac, 0, " %"); }

void cb_fmt_pct_natural(struct cb_buf *b, mpq_srcptr frac) { pct(b, frac, CB_WRITE_NATURAL, " %"); }

void cb_fmt_eur(struct cb_buf *b, mpq_srcptr eur) {
  cb_num_fmt(b, eur, 2, CB_WRITE_GROUP);
  cb_buf_puts(b, " €");
}

void cb_fmt_points(struct cb_buf *b, mpq_srcptr pts) {
  cb_num_fmt(b, pts, 2, CB_WRITE_GROUP | CB_WRITE_NATURAL);
}

void cb_fmt_value(struct cb_buf *b, mpq_srcptr q, const struct cb_munit *u, bool with_unit) {
  if (u && u->kind == CB_UNIT_PERCENT) {
    cb_fmt_pct_natural(b, q);
    return;
  }
  cb_num_fmt(b, q, 2, CB_WRITE_GROUP | CB_WRITE_NATURAL);
  if (!u)
    return;
  if (u->kind == CB_UNIT_EURO)
    cb_buf_puts(b, " €");
  else if (with_unit && u->word && u->kind != CB_UNIT_NONE)
    cb_buf_printf(b, " %s", u->word);
}

void cb_fmt_exact(struct cb_buf *b, mpq_srcptr q) { cb_num_fmt_fraction(b, q); }

static const char *take(struct cb_arena *a, struct cb_buf *b) {
  const char *s = cb_arena_strdup(a, cb_buf_str(b));
  cb_buf_free(b);
  return s;
}

const char *cb_fmt_pct_a(struct cb_arena *a, mpq_srcptr frac) {
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_pct(&b, frac);
  return take(a, &b);
}

const char *cb_fmt_eur_a(struct cb_arena *a, mpq_srcptr eur) {
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_eur(&b, eur);
  return take(a, &b);
}

const char *cb_fmt_value_a(struct cb_arena *a, mpq_srcptr q, const struct cb_munit *u,
                           bool with_unit) {
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_value(&b, q, u, with_unit);
  return take(a, &b);
}

const char *cb_loc_text(struct cb_arena *a, struct cb_loc loc) {
  if (!loc.src)
    return "";
  return cb_arena_printf(a, "%s:%d", loc.src->name, loc.line);
}

const char *cb_cmp_text(enum cb_cmp c) {
  switch (c) {
  case CB_CMP_GT:
    return ">";
  case CB_CMP_GE:
    return "≥";
  case CB_CMP_LT:
    return "<";
  case CB_CMP_LE:
    return "≤";
  case CB_CMP_EQ:
    return "=";
  case CB_CMP_NONE:
    break;
  }
  return "";
}
