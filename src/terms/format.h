/*
 * format.h: French display of the evaluator's figures.
 *
 * Percentages to two decimals ("66,67 %"), euros to the cent with grouped
 * thousands ("3 333,33 €"), measured values and objectives exactly as far as
 * they terminate ("0,269", "32,8 %", "718 238"). Display rounding is half away
 * from zero and never changes a held value.
 */
#ifndef CB_FORMAT_H
#define CB_FORMAT_H

#include <gmp.h>
#include <stdbool.h>

#include "model.h"

struct cb_buf;
struct cb_arena;

void cb_fmt_pct(struct cb_buf *b, mpq_srcptr frac);
/* "32,8 %": exact when the percentage terminates, else two decimals. */
void cb_fmt_pct_natural(struct cb_buf *b, mpq_srcptr frac);
void cb_fmt_eur(struct cb_buf *b, mpq_srcptr eur);
void cb_fmt_points(struct cb_buf *b, mpq_srcptr pts);
/* A value in an indicator's unit; with_unit adds the unit word for count
   nouns and days too (percent and euro signs are always written). */
void cb_fmt_value(struct cb_buf *b, mpq_srcptr q, const struct cb_munit *u, bool with_unit);
void cb_fmt_exact(struct cb_buf *b, mpq_srcptr q);

const char *cb_fmt_pct_a(struct cb_arena *a, mpq_srcptr frac);
const char *cb_fmt_eur_a(struct cb_arena *a, mpq_srcptr eur);
const char *cb_fmt_value_a(struct cb_arena *a, mpq_srcptr q, const struct cb_munit *u,
                           bool with_unit);
const char *cb_loc_text(struct cb_arena *a, struct cb_loc loc); /* "file:line" */
const char *cb_cmp_text(enum cb_cmp c);

#endif
