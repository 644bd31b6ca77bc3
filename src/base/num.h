/*
 * num.h: exact numbers as French contracts write them.
 *
 * Every quantity Cible computes is a GMP rational (mpq_t): 10/15 is exactly
 * 2/3, and no binary floating point is used anywhere. This module parses the
 * numerals of contracts and measures files ("15 000", "3 570 469", "91,5",
 * "0,75", "1.5", with ordinary, U+00A0 or U+202F thousands separators), rounds
 * at a step with an explicit mode, and formats for display the French way
 * ("5 583,33") or for JSON ("5583.33", "67/120").
 */
#ifndef CB_NUM_H
#define CB_NUM_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>

struct cb_buf;

/* Most significant digits accepted in one numeral (integer + decimals);
   longer numerals are rejected (diagnostic E0012 in the scanner). */
#define CB_MAX_DIGITS 40

/*
 * Parses an unsigned numeral, exactly: digits, optionally grouped by three
 * with a separator (ASCII space, U+00A0 or U+202F) between groups, then
 * optionally ',' or '.' and at least one digit. "15 000" is 15000, "91,5" is
 * 183/2, "0,75" is 3/4, "1.5" is 3/2. Returns false (out untouched) on
 * anything else: empty text, a sign, a unit, "1 00", "1,", ",5", "1 000,5 00",
 * more than CB_MAX_DIGITS digits.
 */
bool cb_num_parse(mpq_t out, const char *text, size_t len);

/*
 * Same, for a field of a measures file: leading and trailing ASCII spaces
 * and tabs are ignored, and an optional sign ('+', '-', or U+2212) may come
 * first. Units are not handled here. An ambiguous numeral ("1.000", see
 * cb_num_parse_field_as) is accepted with its decimal reading: measures
 * files go through cb_num_parse_field_as, which refuses to guess.
 */
bool cb_num_parse_field(mpq_t out, const char *text, size_t len);

/* The decimal mark of a measures file. */
enum cb_decimal {
  CB_DECIMAL_EITHER, /* not declared: ',' or '.', thousands by spaces only */
  CB_DECIMAL_COMMA,  /* ',' is the mark, '.' also separates thousands */
  CB_DECIMAL_POINT,  /* '.' is the mark, ',' also separates thousands */
};

enum cb_num_reading { CB_NUM_BAD, CB_NUM_OK, CB_NUM_AMBIGUOUS };

/*
 * A measures field (as cb_num_parse_field) under a decimal mark.
 * CB_DECIMAL_EITHER reads what cb_num_parse_field reads, but a numeral that a
 * spreadsheet may have written with either mark -- 1 to 3 digits not starting
 * with 0, one '.' or ',', exactly three digits: "1.000", "12,500" -- is
 * CB_NUM_AMBIGUOUS: out gets the decimal reading (1) and alt, when not NULL,
 * the thousands reading (1000). CB_DECIMAL_COMMA reads "1.234.567,5" and
 * "1.000" (1000), refuses "1.5"; CB_DECIMAL_POINT reads "1,234,567.5" and
 * "1,000" (1000), refuses "1,5". On CB_NUM_BAD, out and alt are untouched.
 */
enum cb_num_reading cb_num_parse_field_as(mpq_t out, mpq_t alt, const char *text, size_t len,
                                          enum cb_decimal dec);

enum cb_round_mode {
  CB_ROUND_HALF_AWAY, /* default: 0,005 -> 0,01 and -0,005 -> -0,01 */
  CB_ROUND_HALF_EVEN, /* banker's rounding: 0,125 -> 0,12 at the centime */
  CB_ROUND_DOWN,      /* towards zero ("arrondi inférieur" of an amount) */
  CB_ROUND_UP,        /* away from zero */
};

/* Whether mode rounds a magnitude with a nonzero remainder up: half is the
   sign of (2 x remainder - divisor), odd says the truncated magnitude is
   odd. The one rule behind every rounding (num.c, qfast.c). */
bool cb_round_magnitude_up(enum cb_round_mode mode, int half, bool odd);

/* out = q rounded to a multiple of step (step > 0) with mode. out may alias q. */
void cb_num_round_step(mpq_t out, const mpq_t q, const mpq_t step, enum cb_round_mode mode);
/* out = q rounded to `decimals` decimal places with mode. out may alias q. */
void cb_num_round_dec(mpq_t out, const mpq_t q, unsigned decimals, enum cb_round_mode mode);

/* Number of decimals of q if it is a terminating decimal with at most
   max_decimals places, else -1. 3/4 -> 2, 183/2 -> 1, 2/3 -> -1, 12 -> 0. */
int cb_num_decimals(const mpq_t q, unsigned max_decimals);

/* Display flags for cb_num_fmt. */
enum {
  CB_WRITE_GROUP = 1 << 0,  /* thousands grouped with an ASCII space: 3 570 469 */
  CB_WRITE_DOT = 1 << 1,    /* '.' as decimal point (JSON); default ',' */
  CB_WRITE_NATURAL = 1 << 2 /* print q exactly if it has at most `decimals`
                             (or more, up to 6) terminating decimals, with only
                             the decimals it needs: 0,269 / 32,8 / 718 238;
                             otherwise round half away from zero to `decimals` */
};

/*
 * Appends q to b rounded half away from zero to `decimals` places, always
 * printing exactly that many decimals ("66,67", "5 583,33", "0,00"), unless
 * CB_WRITE_NATURAL says otherwise. Negative numbers get a leading '-'. A
 * rounded value that is zero is printed without a sign ("0,00", never
 * "-0,00").
 */
void cb_num_fmt(struct cb_buf *b, const mpq_t q, unsigned decimals, unsigned flags);

/* Appends q as an exact fraction "67/120", or "12" when it is an integer,
   "-3/4" when negative. */
void cb_num_fmt_fraction(struct cb_buf *b, const mpq_t q);

/* q = q / 100 and q = q × 100: a written percentage to the fraction held,
   and back for display ("75 %" is held as 3/4). */
void cb_num_from_percent(mpq_t q);
void cb_num_to_percent(mpq_t q);

/* Sets out = n/d from C integers (d > 0). */
void cb_num_set_frac(mpq_t out, long n, unsigned long d);

#endif
