/*
 * test_num.c: unit tests of num.c.
 *
 * Covers the French numeral grammar (grouping separators, decimal comma or
 * point, every rejection), exactness of parsed values, rounding at and around
 * each half for every mode and sign at the euro and the centime, decimal
 * detection, and the display formats (fixed, grouped, JSON dot, natural,
 * fraction). Every parse goes through an exact-size heap copy of the text so
 * that AddressSanitizer catches any read past len.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "num.h"

/* Results are returned in a small ring of static buffers so that two of them
   can be compared in one assertion. */
#define RING 4
#define SLOT 256
static char ring[RING][SLOT];
static int ring_next;

static char *slot(void) {
  char *s = ring[ring_next];
  ring_next = (ring_next + 1) % RING;
  return s;
}

static const char *keep(struct cb_buf *b) {
  char *s = slot();
  snprintf(s, SLOT, "%s", cb_buf_str(b));
  cb_buf_free(b);
  return s;
}

static const char *frac(const mpq_t q) {
  struct cb_buf b = CB_BUF_INIT;
  cb_num_fmt_fraction(&b, q);
  return keep(&b);
}

/* Parses text (NUL not included, exact-size heap copy) with cb_num_parse or
   cb_num_parse_field; returns the exact fraction or "REJECT". */
static const char *parse_with(bool field, const char *text, size_t len) {
  char *copy = cb_xmalloc(len);
  memcpy(copy, text, len);
  mpq_t q;
  mpq_init(q);
  mpq_set_si(q, 4242, 1);
  bool ok = field ? cb_num_parse_field(q, copy, len) : cb_num_parse(q, copy, len);
  free(copy);
  const char *r;
  if (ok) {
    r = frac(q);
  } else {
    /* A rejected parse leaves out untouched. */
    assert_int_equal(mpq_cmp_si(q, 4242, 1), 0);
    r = "REJECT";
  }
  mpq_clear(q);
  return r;
}

static const char *parse(const char *text) { return parse_with(false, text, strlen(text)); }
static const char *field(const char *text) { return parse_with(true, text, strlen(text)); }

/* Sets q from "n/d" or from a signed French numeral. */
static void val(mpq_t q, const char *s) {
  if (strchr(s, '/')) {
    assert_int_equal(mpq_set_str(q, s, 10), 0);
    mpq_canonicalize(q);
  } else {
    assert_true(cb_num_parse_field(q, s, strlen(s)));
  }
}

/* The exact fraction of a signed French numeral. */
static const char *exact(const char *s) {
  mpq_t q;
  mpq_init(q);
  val(q, s);
  const char *r = frac(q);
  mpq_clear(q);
  return r;
}

static const char *round_step(const char *v, const char *step, enum cb_round_mode mode) {
  mpq_t q, st;
  mpq_init(q);
  mpq_init(st);
  val(q, v);
  val(st, step);
  cb_num_round_step(q, q, st, mode); /* aliasing out and q is allowed */
  const char *r = frac(q);
  mpq_clear(q);
  mpq_clear(st);
  return r;
}

static const char *round_dec(const char *v, unsigned decimals, enum cb_round_mode mode) {
  mpq_t q, out;
  mpq_init(q);
  mpq_init(out);
  val(q, v);
  cb_num_round_dec(out, q, decimals, mode);
  const char *r = frac(out);
  mpq_clear(q);
  mpq_clear(out);
  return r;
}

/* Rounding at the centime, through both entry points. */
#define ASSERT_CENTS(v, mode, want)                                              \
  do {                                                                           \
    assert_string_equal(round_dec(v, 2, mode), exact(want));                     \
    assert_string_equal(round_step(v, "0,01", mode), exact(want));               \
  } while (0)

/* Rounding at the euro, through both entry points. */
#define ASSERT_EUROS(v, mode, want)                                              \
  do {                                                                           \
    assert_string_equal(round_dec(v, 0, mode), exact(want));                     \
    assert_string_equal(round_step(v, "1", mode), exact(want));                  \
  } while (0)

static const char *fmt(const char *v, unsigned decimals, unsigned flags) {
  mpq_t q;
  mpq_init(q);
  val(q, v);
  struct cb_buf b = CB_BUF_INIT;
  cb_num_fmt(&b, q, decimals, flags);
  mpq_clear(q);
  return keep(&b);
}

static void test_parse_integers(void **state) {
  (void)state;
  assert_string_equal(parse("0"), "0");
  assert_string_equal(parse("7"), "7");
  assert_string_equal(parse("1000"), "1000");
  assert_string_equal(parse("007"), "7");
  assert_string_equal(parse("1 000"), "1000");
  assert_string_equal(parse("15 000"), "15000");
  assert_string_equal(parse("718 238"), "718238");
  assert_string_equal(parse("3 570 469"), "3570469");
  assert_string_equal(parse("1\xC2\xA0" "000"), "1000");
  assert_string_equal(parse("1\xE2\x80\xAF" "000\xE2\x80\xAF" "000"), "1000000");
  assert_string_equal(parse("12\xC2\xA0" "345 678"), "12345678");
}

static void test_parse_decimals(void **state) {
  (void)state;
  assert_string_equal(parse("91,5"), "183/2");
  assert_string_equal(parse("0,75"), "3/4");
  assert_string_equal(parse("1.5"), "3/2");
  assert_string_equal(parse("0,1"), "1/10");
  assert_string_equal(parse("0,10"), "1/10");
  assert_string_equal(parse("2,675"), "107/40");
  assert_string_equal(parse("0,000001"), "1/1000000");
  assert_string_equal(parse("1 000,25"), "4001/4");
  assert_string_equal(parse("1\xC2\xA0" "000.5"), "2001/2");
  assert_string_equal(parse("5 583,33"), "558333/100");
  assert_string_equal(parse("12,0"), "12");
}

static void test_parse_rejects(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",          " ",         "-1",        "+1",         "1 00",     "10 00",
      "1 0000",    "1000 000",  "1234 567",  "1,",         ",5",       ".5",
      "1 000,5 00", "1,5,5",    "1,,5",      "1.5.5",      "1 000 ",   " 1",
      "1 ",        "1  000",    "1 ,5",      "1, 5",       "1€",       "1 €",
      "1e3",       "0x10",      "1_000",     "1'000",      "1\t000",   "1,5 ",
      "\xC2\xA0" "1", "1\xC2" "000", "1\xC2\xA1" "000", "1\xE2\x80\xAE" "000",
      "1,000\xC2\xA0" "5", "\xE2\x88\x92" "1", "1 000 00", "1 000 0000",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (strcmp(parse(bad[i]), "REJECT") != 0)
      fail_msg("accepted \"%s\"", bad[i]);
  }
}

static void test_parse_stops_at_len(void **state) {
  (void)state;
  /* Only the first len bytes count; the copies are exact-size, unterminated. */
  assert_string_equal(parse_with(false, "1234", 2), "12");
  assert_string_equal(parse_with(false, "1,5xyz", 3), "3/2");
  assert_string_equal(parse_with(false, "1 000", 1), "1");
  assert_string_equal(parse_with(false, "1 000", 0), "REJECT");
  /* Separators truncated by len. */
  assert_string_equal(parse_with(false, "1\xC2\xA0" "000", 2), "REJECT");
  assert_string_equal(parse_with(false, "1\xE2\x80\xAF" "000", 2), "REJECT");
  assert_string_equal(parse_with(false, "1\xE2\x80\xAF" "000", 3), "REJECT");
  assert_string_equal(parse_with(false, "1,", 2), "REJECT");
  assert_string_equal(parse_with(true, "-1", 1), "REJECT");
  assert_string_equal(parse_with(true, "\xE2\x88\x92" "1", 2), "REJECT");
  assert_string_equal(parse_with(true, " 5 ", 2), "5");
}

static void test_parse_max_digits(void **state) {
  (void)state;
  char s[128];
  /* 40 digits: 1 followed by 39 zeros. */
  memset(s, '0', 40);
  s[0] = '1';
  s[40] = '\0';
  assert_string_equal(parse(s), "1000000000000000000000000000000000000000");
  s[40] = '0';
  s[41] = '\0';
  assert_string_equal(parse(s), "REJECT");
  /* The limit counts integer and decimal digits together. */
  memset(s, '9', 20);
  s[20] = ',';
  memset(s + 21, '9', 20);
  s[41] = '\0';
  assert_string_equal(parse(s), "9999999999999999999999999999999999999999/"
                                "100000000000000000000");
  s[41] = '9';
  s[42] = '\0';
  assert_string_equal(parse(s), "REJECT");
  /* Separators are not digits: 13 groups of 3 plus one digit is 40 digits. */
  char *p = s;
  *p++ = '1';
  for (int g = 0; g < 13; g++) {
    *p++ = ' ';
    memcpy(p, "000", 3);
    p += 3;
  }
  *p = '\0';
  assert_string_equal(parse(s), "1000000000000000000000000000000000000000");
  memcpy(p, " 000", 5); /* one more group: 43 digits */
  assert_string_equal(parse(s), "REJECT");
  /* Leading zeros count too, as the scanner counts them. */
  memset(s, '0', 41);
  s[41] = '\0';
  assert_string_equal(parse(s), "REJECT");
}

static void test_parse_field(void **state) {
  (void)state;
  assert_string_equal(field("12,5"), "25/2");
  assert_string_equal(field("  -12,5\t"), "-25/2");
  assert_string_equal(field("+3"), "3");
  assert_string_equal(field("\t 7 \t"), "7");
  assert_string_equal(field("\xE2\x88\x92" "1 000"), "-1000");
  assert_string_equal(field(" \xE2\x88\x92" "0,25 "), "-1/4");
  assert_string_equal(field("-0"), "0");
  assert_string_equal(field("1\xE2\x80\xAF" "234,5"), "2469/2");
  static const char *const bad[] = {
      "",   "  \t ", "-",    "+",     "--1",     "+-1",  "- 1", "1-",
      "1 €", "€1",   "1 00", " ,5 ", "\xE2\x88\x92", "\xE2\x88" "1", "\xC2\xA0" "1",
      "1\xC2\xA0",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (strcmp(field(bad[i]), "REJECT") != 0)
      fail_msg("accepted field \"%s\"", bad[i]);
  }
}

/* cb_num_parse_field_as: "OK a", "AMBIGUOUS a|b" (decimal|thousands reading)
   or "BAD" (out and alt then untouched). */
static const char *field_as(const char *text, enum cb_decimal dec) {
  size_t len = strlen(text);
  char *copy = cb_xmalloc(len ? len : 1);
  memcpy(copy, text, len);
  mpq_t q, alt;
  mpq_init(q);
  mpq_init(alt);
  mpq_set_si(q, 4242, 1);
  mpq_set_si(alt, 4343, 1);
  enum cb_num_reading rd = cb_num_parse_field_as(q, alt, copy, len, dec);
  free(copy);
  struct cb_buf b = CB_BUF_INIT;
  if (rd == CB_NUM_BAD) {
    assert_int_equal(mpq_cmp_si(q, 4242, 1), 0);
    assert_int_equal(mpq_cmp_si(alt, 4343, 1), 0);
    cb_buf_puts(&b, "BAD");
  } else {
    cb_buf_puts(&b, rd == CB_NUM_OK ? "OK " : "AMBIGUOUS ");
    cb_num_fmt_fraction(&b, q);
    if (rd == CB_NUM_AMBIGUOUS) {
      cb_buf_putc(&b, '|');
      cb_num_fmt_fraction(&b, alt);
    } else {
      assert_int_equal(mpq_cmp_si(alt, 4343, 1), 0);
    }
  }
  mpq_clear(q);
  mpq_clear(alt);
  return keep(&b);
}

static void test_parse_field_ambiguous_mark(void **state) {
  (void)state;
  /* a spreadsheet's "1.000" or "1,000": 1 or 1000, never guessed */
  assert_string_equal(field_as("1.000", CB_DECIMAL_EITHER), "AMBIGUOUS 1|1000");
  assert_string_equal(field_as("1,000", CB_DECIMAL_EITHER), "AMBIGUOUS 1|1000");
  assert_string_equal(field_as("12,500", CB_DECIMAL_EITHER), "AMBIGUOUS 25/2|12500");
  assert_string_equal(field_as(" -999.999 ", CB_DECIMAL_EITHER), "AMBIGUOUS -999999/1000|-999999");
  assert_string_equal(field_as("\xE2\x88\x92" "1,250", CB_DECIMAL_EITHER),
                      "AMBIGUOUS -5/4|-1250");
  /* only a decimal reading: a leading 0, a longer integer part, other
     decimal counts, space-grouped thousands */
  assert_string_equal(field_as("0.500", CB_DECIMAL_EITHER), "OK 1/2");
  assert_string_equal(field_as("1000.500", CB_DECIMAL_EITHER), "OK 2001/2");
  assert_string_equal(field_as("1.0000", CB_DECIMAL_EITHER), "OK 1");
  assert_string_equal(field_as("1,00", CB_DECIMAL_EITHER), "OK 1");
  assert_string_equal(field_as("1 000,500", CB_DECIMAL_EITHER), "OK 2001/2");
  assert_string_equal(field_as("1000", CB_DECIMAL_EITHER), "OK 1000");
  assert_string_equal(field_as("1.000.000", CB_DECIMAL_EITHER), "BAD");
  assert_string_equal(field_as("1.234,5", CB_DECIMAL_EITHER), "BAD");
  /* cb_num_parse_field keeps the decimal reading (callers that cannot
     refuse); measures go through cb_num_parse_field_as */
  assert_string_equal(field("1.000"), "1");
}

static void test_parse_field_declared_mark(void **state) {
  (void)state;
  assert_string_equal(field_as("1.000", CB_DECIMAL_COMMA), "OK 1000");
  assert_string_equal(field_as("1,000", CB_DECIMAL_COMMA), "OK 1");
  assert_string_equal(field_as("1.234.567,5", CB_DECIMAL_COMMA), "OK 2469135/2");
  assert_string_equal(field_as("1 234.567,5", CB_DECIMAL_COMMA), "OK 2469135/2");
  assert_string_equal(field_as("-1.000", CB_DECIMAL_COMMA), "OK -1000");
  assert_string_equal(field_as("1.5", CB_DECIMAL_COMMA), "BAD");
  assert_string_equal(field_as("1.000.5", CB_DECIMAL_COMMA), "BAD");
  assert_string_equal(field_as("1,5.000", CB_DECIMAL_COMMA), "BAD");
  assert_string_equal(field_as("1,000", CB_DECIMAL_POINT), "OK 1000");
  assert_string_equal(field_as("1.000", CB_DECIMAL_POINT), "OK 1");
  assert_string_equal(field_as("1,234,567.5", CB_DECIMAL_POINT), "OK 2469135/2");
  assert_string_equal(field_as("1,5", CB_DECIMAL_POINT), "BAD");
  assert_string_equal(field_as("1234,567", CB_DECIMAL_POINT), "BAD");
  assert_string_equal(field_as("", CB_DECIMAL_POINT), "BAD");
}

static void test_exactness(void **state) {
  (void)state;
  mpq_t a, b, c;
  mpq_init(a);
  mpq_init(b);
  mpq_init(c);
  assert_true(cb_num_parse(a, "0,1", 3));
  assert_true(cb_num_parse(b, "0,2", 3));
  mpq_add(c, a, b);
  assert_true(cb_num_parse(a, "0,3", 3));
  assert_true(mpq_equal(c, a));
  assert_string_equal(frac(c), "3/10");
  /* 10/15 is exactly 2/3, and three thirds are one. */
  cb_num_set_frac(a, 10, 15);
  assert_string_equal(frac(a), "2/3");
  cb_num_set_frac(b, 1, 3);
  mpq_add(c, a, b);
  assert_int_equal(mpq_cmp_si(c, 1, 1), 0);
  mpq_clear(a);
  mpq_clear(b);
  mpq_clear(c);
}

static void test_set_frac(void **state) {
  (void)state;
  mpq_t q;
  mpq_init(q);
  cb_num_set_frac(q, -6, 4);
  assert_string_equal(frac(q), "-3/2");
  cb_num_set_frac(q, 0, 5);
  assert_string_equal(frac(q), "0");
  cb_num_set_frac(q, 67, 120);
  assert_string_equal(frac(q), "67/120");
  cb_num_set_frac(q, 240, 120);
  assert_string_equal(frac(q), "2");
  mpq_clear(q);
}

static void test_round_half_away(void **state) {
  (void)state;
  ASSERT_CENTS("0,005", CB_ROUND_HALF_AWAY, "0,01");
  ASSERT_CENTS("-0,005", CB_ROUND_HALF_AWAY, "-0,01");
  ASSERT_CENTS("2,675", CB_ROUND_HALF_AWAY, "2,68");
  ASSERT_CENTS("-2,675", CB_ROUND_HALF_AWAY, "-2,68");
  ASSERT_CENTS("2,665", CB_ROUND_HALF_AWAY, "2,67");
  ASSERT_CENTS("1,015", CB_ROUND_HALF_AWAY, "1,02");
  ASSERT_CENTS("0,0049999", CB_ROUND_HALF_AWAY, "0");
  ASSERT_CENTS("-0,0049999", CB_ROUND_HALF_AWAY, "0");
  ASSERT_CENTS("0,0050001", CB_ROUND_HALF_AWAY, "0,01");
  ASSERT_CENTS("2,674999", CB_ROUND_HALF_AWAY, "2,67");
  ASSERT_CENTS("2,67", CB_ROUND_HALF_AWAY, "2,67");
  ASSERT_CENTS("0", CB_ROUND_HALF_AWAY, "0");
  ASSERT_CENTS("2/3", CB_ROUND_HALF_AWAY, "0,67");
  ASSERT_CENTS("-2/3", CB_ROUND_HALF_AWAY, "-0,67");
  ASSERT_CENTS("16750/3", CB_ROUND_HALF_AWAY, "5583,33");
  ASSERT_EUROS("2,5", CB_ROUND_HALF_AWAY, "3");
  ASSERT_EUROS("-2,5", CB_ROUND_HALF_AWAY, "-3");
  ASSERT_EUROS("3,5", CB_ROUND_HALF_AWAY, "4");
  ASSERT_EUROS("2,4999", CB_ROUND_HALF_AWAY, "2");
  ASSERT_EUROS("-0,4", CB_ROUND_HALF_AWAY, "0");
  ASSERT_EUROS("1 234 567,5", CB_ROUND_HALF_AWAY, "1234568");
}

static void test_round_half_even(void **state) {
  (void)state;
  ASSERT_CENTS("0,125", CB_ROUND_HALF_EVEN, "0,12");
  ASSERT_CENTS("0,135", CB_ROUND_HALF_EVEN, "0,14");
  ASSERT_CENTS("-0,125", CB_ROUND_HALF_EVEN, "-0,12");
  ASSERT_CENTS("-0,135", CB_ROUND_HALF_EVEN, "-0,14");
  ASSERT_CENTS("0,005", CB_ROUND_HALF_EVEN, "0");
  ASSERT_CENTS("0,015", CB_ROUND_HALF_EVEN, "0,02");
  ASSERT_CENTS("0,1250001", CB_ROUND_HALF_EVEN, "0,13");
  ASSERT_CENTS("0,1249999", CB_ROUND_HALF_EVEN, "0,12");
  ASSERT_CENTS("-0,1250001", CB_ROUND_HALF_EVEN, "-0,13");
  ASSERT_CENTS("2,675", CB_ROUND_HALF_EVEN, "2,68");
  ASSERT_CENTS("2/3", CB_ROUND_HALF_EVEN, "0,67");
  ASSERT_EUROS("2,5", CB_ROUND_HALF_EVEN, "2");
  ASSERT_EUROS("3,5", CB_ROUND_HALF_EVEN, "4");
  ASSERT_EUROS("-2,5", CB_ROUND_HALF_EVEN, "-2");
  ASSERT_EUROS("-3,5", CB_ROUND_HALF_EVEN, "-4");
  ASSERT_EUROS("0,5", CB_ROUND_HALF_EVEN, "0");
  ASSERT_EUROS("2,5000001", CB_ROUND_HALF_EVEN, "3");
}

static void test_round_down(void **state) {
  (void)state;
  ASSERT_CENTS("1,999", CB_ROUND_DOWN, "1,99");
  ASSERT_CENTS("-1,999", CB_ROUND_DOWN, "-1,99");
  ASSERT_CENTS("0,005", CB_ROUND_DOWN, "0");
  ASSERT_CENTS("-0,005", CB_ROUND_DOWN, "0");
  ASSERT_CENTS("2,675", CB_ROUND_DOWN, "2,67");
  ASSERT_CENTS("2,67", CB_ROUND_DOWN, "2,67");
  ASSERT_CENTS("2/3", CB_ROUND_DOWN, "0,66");
  ASSERT_EUROS("2,5", CB_ROUND_DOWN, "2");
  ASSERT_EUROS("-2,5", CB_ROUND_DOWN, "-2");
  ASSERT_EUROS("2,9999", CB_ROUND_DOWN, "2");
  ASSERT_EUROS("-2,9999", CB_ROUND_DOWN, "-2");
  ASSERT_EUROS("7", CB_ROUND_DOWN, "7");
}

static void test_round_up(void **state) {
  (void)state;
  ASSERT_CENTS("1,001", CB_ROUND_UP, "1,01");
  ASSERT_CENTS("-1,001", CB_ROUND_UP, "-1,01");
  ASSERT_CENTS("0,0000001", CB_ROUND_UP, "0,01");
  ASSERT_CENTS("2,675", CB_ROUND_UP, "2,68");
  ASSERT_CENTS("2,67", CB_ROUND_UP, "2,67");
  ASSERT_CENTS("-2,67", CB_ROUND_UP, "-2,67");
  ASSERT_CENTS("1/3", CB_ROUND_UP, "0,34");
  ASSERT_EUROS("2,0001", CB_ROUND_UP, "3");
  ASSERT_EUROS("-2,0001", CB_ROUND_UP, "-3");
  ASSERT_EUROS("2", CB_ROUND_UP, "2");
  ASSERT_EUROS("0", CB_ROUND_UP, "0");
}

static void test_round_other_steps(void **state) {
  (void)state;
  /* To the nearest 5, quarter, 5 centimes and thousand. */
  assert_string_equal(round_step("12,5", "5", CB_ROUND_HALF_AWAY), "15");
  assert_string_equal(round_step("12,4", "5", CB_ROUND_HALF_AWAY), "10");
  assert_string_equal(round_step("12,5", "5", CB_ROUND_HALF_EVEN), "10");
  assert_string_equal(round_step("17,5", "5", CB_ROUND_HALF_EVEN), "20");
  assert_string_equal(round_step("-12,5", "5", CB_ROUND_HALF_AWAY), "-15");
  assert_string_equal(round_step("14,99", "5", CB_ROUND_DOWN), "10");
  assert_string_equal(round_step("10,01", "5", CB_ROUND_UP), "15");
  assert_string_equal(round_step("0,375", "1/4", CB_ROUND_HALF_AWAY), "1/2");
  assert_string_equal(round_step("0,375", "1/4", CB_ROUND_HALF_EVEN), "1/2");
  assert_string_equal(round_step("0,125", "1/4", CB_ROUND_HALF_EVEN), "0");
  assert_string_equal(round_step("1,025", "0,05", CB_ROUND_HALF_AWAY), exact("1,05"));
  assert_string_equal(round_step("1,024", "0,05", CB_ROUND_HALF_AWAY), "1");
  assert_string_equal(round_step("15 499", "1000", CB_ROUND_HALF_AWAY), "15000");
  assert_string_equal(round_step("15 500", "1000", CB_ROUND_HALF_AWAY), "16000");
  /* A step that is not a decimal: thirds. */
  assert_string_equal(round_step("0,5", "1/3", CB_ROUND_HALF_AWAY), "2/3");
  assert_string_equal(round_step("0,5", "1/3", CB_ROUND_DOWN), "1/3");
  /* Many decimals. */
  assert_string_equal(round_dec("1/3", 6, CB_ROUND_HALF_AWAY), "333333/1000000");
  assert_string_equal(round_dec("2/3", 6, CB_ROUND_HALF_AWAY), "666667/1000000");
}

static void test_round_separate_out(void **state) {
  (void)state;
  mpq_t q, step, out;
  mpq_init(q);
  mpq_init(step);
  mpq_init(out);
  cb_num_set_frac(q, 107, 40); /* 2,675 */
  cb_num_set_frac(step, 1, 100);
  cb_num_round_step(out, q, step, CB_ROUND_HALF_AWAY);
  assert_string_equal(frac(out), "67/25");
  assert_string_equal(frac(q), "107/40"); /* input untouched */
  cb_num_round_dec(q, q, 1, CB_ROUND_HALF_AWAY);
  assert_string_equal(frac(q), "27/10");
  /* out aliasing the step. */
  cb_num_set_frac(q, 7, 1);
  cb_num_set_frac(step, 2, 1);
  cb_num_round_step(step, q, step, CB_ROUND_HALF_EVEN);
  assert_string_equal(frac(step), "8");
  mpq_clear(q);
  mpq_clear(step);
  mpq_clear(out);
}

static void test_decimals(void **state) {
  (void)state;
  static const struct {
    const char *q;
    unsigned max;
    int want;
  } cases[] = {
      {"3/4", 6, 2},        {"183/2", 6, 1},    {"2/3", 6, -1},      {"12", 6, 0},
      {"0", 6, 0},          {"-3/4", 6, 2},     {"1/1024", 6, -1},   {"1/1024", 10, 10},
      {"1/3125", 6, 5},     {"1/1000000", 6, 6}, {"1/10000000", 6, -1}, {"1/10000000", 7, 7},
      {"269/1000", 6, 3},   {"1/8", 3, 3},      {"1/8", 2, -1},      {"1/6", 20, -1},
      {"3/4", 0, -1},       {"12", 0, 0},       {"1/20", 6, 2},      {"1/7", 6, -1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mpq_t q;
    mpq_init(q);
    val(q, cases[i].q);
    int got = cb_num_decimals(q, cases[i].max);
    mpq_clear(q);
    if (got != cases[i].want)
      fail_msg("decimals(%s, %u) = %d, want %d", cases[i].q, cases[i].max, got,
               cases[i].want);
  }
}

static void test_fmt_fixed(void **state) {
  (void)state;
  assert_string_equal(fmt("2/3", 2, 0), "0,67");
  assert_string_equal(fmt("200/3", 2, 0), "66,67");
  assert_string_equal(fmt("16750/3", 2, 0), "5583,33");
  assert_string_equal(fmt("0", 2, 0), "0,00");
  assert_string_equal(fmt("1/200", 2, 0), "0,01");
  assert_string_equal(fmt("2,675", 2, 0), "2,68");
  assert_string_equal(fmt("-2,675", 2, 0), "-2,68");
  assert_string_equal(fmt("0,5", 3, 0), "0,500");
  assert_string_equal(fmt("0,0005", 3, 0), "0,001");
  assert_string_equal(fmt("0,07", 2, 0), "0,07");
  assert_string_equal(fmt("1/3", 6, 0), "0,333333");
  assert_string_equal(fmt("1 000 000", 2, 0), "1000000,00");
  assert_string_equal(fmt("99,995", 2, 0), "100,00");
}

static void test_fmt_group(void **state) {
  (void)state;
  assert_string_equal(fmt("16750/3", 2, CB_WRITE_GROUP), "5 583,33");
  assert_string_equal(fmt("3570469", 2, CB_WRITE_GROUP), "3 570 469,00");
  assert_string_equal(fmt("-1234,5", 2, CB_WRITE_GROUP), "-1 234,50");
  assert_string_equal(fmt("1", 2, CB_WRITE_GROUP), "1,00");
  assert_string_equal(fmt("12", 0, CB_WRITE_GROUP), "12");
  assert_string_equal(fmt("123", 2, CB_WRITE_GROUP), "123,00");
  assert_string_equal(fmt("1234", 2, CB_WRITE_GROUP), "1 234,00");
  assert_string_equal(fmt("123456", 2, CB_WRITE_GROUP), "123 456,00");
  assert_string_equal(fmt("-123456", 0, CB_WRITE_GROUP), "-123 456");
  assert_string_equal(fmt("1234567,891", 2, CB_WRITE_GROUP), "1 234 567,89");
  assert_string_equal(fmt("999,999", 2, CB_WRITE_GROUP), "1 000,00");
  assert_string_equal(fmt("0,001234", 4, CB_WRITE_GROUP), "0,0012");
}

static void test_fmt_never_negative_zero(void **state) {
  (void)state;
  assert_string_equal(fmt("-0,001", 2, 0), "0,00");
  assert_string_equal(fmt("-0,004999", 2, CB_WRITE_GROUP), "0,00");
  assert_string_equal(fmt("-0,005", 2, 0), "-0,01");
  assert_string_equal(fmt("-0,4", 0, 0), "0");
  assert_string_equal(fmt("-0,5", 0, 0), "-1");
  assert_string_equal(fmt("-1/1000", 2, CB_WRITE_DOT), "0.00");
  assert_string_equal(fmt("-1/1000", 2, CB_WRITE_NATURAL), "-0,001");
  assert_string_equal(fmt("-1/3000", 2, CB_WRITE_NATURAL), "0,00");
  assert_string_equal(fmt("-1/10000000", 2, CB_WRITE_NATURAL), "0,00");
}

static void test_fmt_decimals_zero(void **state) {
  (void)state;
  assert_string_equal(fmt("12,5", 0, 0), "13");
  assert_string_equal(fmt("12,4", 0, 0), "12");
  assert_string_equal(fmt("718238", 0, CB_WRITE_GROUP), "718 238");
  assert_string_equal(fmt("0", 0, 0), "0");
  assert_string_equal(fmt("2/3", 0, CB_WRITE_DOT), "1");
}

static void test_fmt_dot(void **state) {
  (void)state;
  assert_string_equal(fmt("16750/3", 2, CB_WRITE_DOT), "5583.33");
  assert_string_equal(fmt("-0,5", 2, CB_WRITE_DOT), "-0.50");
  assert_string_equal(fmt("3570469", 2, CB_WRITE_DOT), "3570469.00");
  assert_string_equal(fmt("3/4", 2, CB_WRITE_DOT | CB_WRITE_NATURAL), "0.75");
  assert_string_equal(fmt("183/2", 2, CB_WRITE_DOT | CB_WRITE_NATURAL), "91.5");
  assert_string_equal(fmt("-1/8", 2, CB_WRITE_DOT | CB_WRITE_NATURAL), "-0.125");
}

static void test_fmt_natural(void **state) {
  (void)state;
  assert_string_equal(fmt("269/1000", 2, CB_WRITE_NATURAL), "0,269");
  assert_string_equal(fmt("164/5", 2, CB_WRITE_NATURAL), "32,8");
  assert_string_equal(fmt("718238", 2, CB_WRITE_NATURAL | CB_WRITE_GROUP), "718 238");
  assert_string_equal(fmt("1/8", 2, CB_WRITE_NATURAL), "0,125");
  assert_string_equal(fmt("1/8", 0, CB_WRITE_NATURAL), "0,125");
  assert_string_equal(fmt("12", 2, CB_WRITE_NATURAL), "12");
  assert_string_equal(fmt("0", 2, CB_WRITE_NATURAL), "0");
  assert_string_equal(fmt("1/1000000", 2, CB_WRITE_NATURAL), "0,000001");
  assert_string_equal(fmt("-2469/2", 2, CB_WRITE_NATURAL | CB_WRITE_GROUP), "-1 234,5");
  /* Not terminating, or more than 6 places: rounded to `decimals`. */
  assert_string_equal(fmt("2/3", 2, CB_WRITE_NATURAL), "0,67");
  assert_string_equal(fmt("2/3", 0, CB_WRITE_NATURAL), "1");
  assert_string_equal(fmt("1/128", 2, CB_WRITE_NATURAL), "0,01");
  assert_string_equal(fmt("1/1024", 2, CB_WRITE_NATURAL), "0,00");
  assert_string_equal(fmt("1/10000000", 3, CB_WRITE_NATURAL), "0,000");
  assert_string_equal(fmt("3/4", 0, CB_WRITE_NATURAL), "0,75");
  /* decimals above 6 widen the exact range. */
  assert_string_equal(fmt("1/128", 8, CB_WRITE_NATURAL), "0,0078125");
  assert_string_equal(fmt("1/1024", 8, CB_WRITE_NATURAL), "0,00097656");
  assert_string_equal(fmt("1/1024", 10, CB_WRITE_NATURAL), "0,0009765625");
}

static void test_fmt_appends(void **state) {
  (void)state;
  struct cb_buf b = CB_BUF_INIT;
  mpq_t q;
  mpq_init(q);
  cb_buf_puts(&b, "total : ");
  cb_num_set_frac(q, 2469, 2);
  cb_num_fmt(&b, q, 2, CB_WRITE_GROUP);
  cb_buf_puts(&b, " € = ");
  cb_num_fmt_fraction(&b, q);
  assert_string_equal(cb_buf_str(&b), "total : 1 234,50 € = 2469/2");
  mpq_clear(q);
  cb_buf_free(&b);
}

static void test_percent_conversion(void **state) {
  (void)state;
  mpq_t q, w;
  mpq_inits(q, w, NULL);
  mpq_set_str(q, "183/2", 10); /* 91,5 % as written */
  cb_num_from_percent(q);
  mpq_set_str(w, "183/200", 10);
  assert_true(mpq_equal(q, w));
  cb_num_to_percent(q);
  mpq_set_str(w, "183/2", 10);
  assert_true(mpq_equal(q, w));
  mpq_set_str(q, "-75", 10);
  cb_num_from_percent(q);
  mpq_set_str(w, "-3/4", 10);
  assert_true(mpq_equal(q, w)); /* canonical: gcd removed */
  mpq_clears(q, w, NULL);
}

static void test_fmt_fraction(void **state) {
  (void)state;
  mpq_t q;
  mpq_init(q);
  cb_num_set_frac(q, 67, 120);
  assert_string_equal(frac(q), "67/120");
  cb_num_set_frac(q, 12, 1);
  assert_string_equal(frac(q), "12");
  cb_num_set_frac(q, -3, 4);
  assert_string_equal(frac(q), "-3/4");
  cb_num_set_frac(q, 0, 1);
  assert_string_equal(frac(q), "0");
  cb_num_set_frac(q, -12, 1);
  assert_string_equal(frac(q), "-12");
  val(q, "123456789012345678901234567891/1024");
  assert_string_equal(frac(q), "123456789012345678901234567891/1024");
  mpq_clear(q);
}

/* The oracle of the printers' int64 path: q * 10^places rounded half away
   from zero, written with GMP strings, as the printers did before that path
   existed. */
static void oracle_fixed(char *out, size_t cap, const mpq_t q, unsigned places) {
  mpz_t p, n, r, rem;
  mpz_inits(p, n, r, rem, NULL);
  mpz_ui_pow_ui(p, 10, places);
  mpz_abs(n, mpq_numref(q));
  mpz_mul(n, n, p);
  mpz_tdiv_qr(r, rem, n, mpq_denref(q));
  mpz_mul_2exp(rem, rem, 1);
  if (mpz_sgn(rem) && mpz_cmp(rem, mpq_denref(q)) >= 0)
    mpz_add_ui(r, r, 1);
  char *digits = mpz_get_str(NULL, 10, r);
  size_t len = strlen(digits);
  char *o = out;
  if (mpq_sgn(q) < 0 && mpz_sgn(r))
    *o++ = '-';
  if (len <= places) {
    *o++ = '0';
    if (places) {
      *o++ = '.';
      for (size_t k = len; k < places; k++)
        *o++ = '0';
      memcpy(o, digits, len);
      o += len;
    }
  } else {
    memcpy(o, digits, len - places);
    o += len - places;
    if (places) {
      *o++ = '.';
      memcpy(o, digits + len - places, places);
      o += places;
    }
  }
  *o = '\0';
  assert_true((size_t)(o - out) < cap);
  free(digits);
  mpz_clears(p, n, r, rem, NULL);
}

/* A random 64-bit magnitude of random size: small, near 2^31, 2^53, 2^63,
   2^64, or any. */
static uint64_t rand_u64(void) {
  uint64_t v = ((uint64_t)rand() << 62) ^ ((uint64_t)rand() << 31) ^ (uint64_t)rand();
  switch (rand() % 6) {
  case 0:
    return v % 1000;
  case 1:
    return (UINT64_C(1) << 31) + v % 7 - 3;
  case 2:
    return (UINT64_C(1) << 53) + v % 7 - 3;
  case 3:
    return (UINT64_C(1) << 63) + v % 7 - 3;
  case 4:
    return UINT64_MAX - v % 5;
  default:
    return v;
  }
}

static void set_u64(mpz_t z, uint64_t v) {
  mpz_set_ui(z, (unsigned long)(v >> 32));
  mpz_mul_2exp(z, z, 32);
  mpz_add_ui(z, z, (unsigned long)(v & 0xffffffffu));
}

/* The int64 path of cb_num_fmt, cb_num_fmt_fraction and cb_num_decimals
   gives what GMP gives, on random fractions whose terms fit in 64 bits and
   on their neighbours just beyond (which take the GMP path). */
static void test_fmt_fast_path_matches_gmp(void **state) {
  (void)state;
  srand(12345);
  mpq_t q;
  mpq_init(q);
  mpz_t big;
  mpz_init(big);
  for (int i = 0; i < 20000; i++) {
    uint64_t n = rand_u64(), d = rand_u64();
    if (d == 0)
      d = 1;
    if (rand() % 4 == 0) /* a terminating decimal: d = 2^a 5^b */
      d = (UINT64_C(1) << (rand() % 20)) * (uint64_t)(rand() % 2 ? 1 : 3125);
    set_u64(mpq_numref(q), n);
    set_u64(mpq_denref(q), d);
    if (rand() % 2)
      mpz_neg(mpq_numref(q), mpq_numref(q));
    if (rand() % 8 == 0) { /* beyond 64 bits */
      mpz_mul_2exp(mpq_numref(q), mpq_numref(q), 3);
      mpz_add_ui(mpq_numref(q), mpq_numref(q), 1);
    }
    mpq_canonicalize(q);
    unsigned places = (unsigned)(rand() % 21);
    struct cb_buf b = CB_BUF_INIT;
    cb_num_fmt(&b, q, places, CB_WRITE_DOT);
    char want[256];
    oracle_fixed(want, sizeof want, q, places);
    assert_string_equal(cb_buf_str(&b), want);
    cb_buf_clear(&b);
    cb_num_fmt_fraction(&b, q);
    char *frac = mpq_get_str(NULL, 10, q);
    assert_string_equal(cb_buf_str(&b), frac);
    free(frac);
    cb_buf_free(&b);
    /* decimals: the least k with den | 10^k, if k <= 12 */
    int want_dec = -1;
    for (unsigned k = 0; k <= 12 && want_dec < 0; k++) {
      mpz_ui_pow_ui(big, 10, k);
      if (mpz_divisible_p(big, mpq_denref(q)))
        want_dec = (int)k;
    }
    assert_int_equal(cb_num_decimals(q, 12), want_dec);
  }
  mpz_clear(big);
  mpq_clear(q);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_integers),
      cmocka_unit_test(test_fmt_fast_path_matches_gmp),
      cmocka_unit_test(test_parse_decimals),
      cmocka_unit_test(test_parse_rejects),
      cmocka_unit_test(test_parse_stops_at_len),
      cmocka_unit_test(test_parse_max_digits),
      cmocka_unit_test(test_parse_field),
      cmocka_unit_test(test_parse_field_ambiguous_mark),
      cmocka_unit_test(test_parse_field_declared_mark),
      cmocka_unit_test(test_exactness),
      cmocka_unit_test(test_set_frac),
      cmocka_unit_test(test_round_half_away),
      cmocka_unit_test(test_round_half_even),
      cmocka_unit_test(test_round_down),
      cmocka_unit_test(test_round_up),
      cmocka_unit_test(test_round_other_steps),
      cmocka_unit_test(test_round_separate_out),
      cmocka_unit_test(test_decimals),
      cmocka_unit_test(test_fmt_fixed),
      cmocka_unit_test(test_fmt_group),
      cmocka_unit_test(test_fmt_never_negative_zero),
      cmocka_unit_test(test_fmt_decimals_zero),
      cmocka_unit_test(test_fmt_dot),
      cmocka_unit_test(test_fmt_natural),
      cmocka_unit_test(test_fmt_appends),
      cmocka_unit_test(test_fmt_fraction),
      cmocka_unit_test(test_percent_conversion),
  };
  return cmocka_run_group_tests_name("num", tests, NULL, NULL);
}
