/*
 * num.c: parsing, rounding and display of exact rationals.
 *
 * Owns the French numeral grammar (digits grouped by three with an ASCII
 * space, U+00A0 or U+202F, then ',' or '.' and decimals; for measures files,
 * a declared decimal mark whose twin separates thousands, and the numerals
 * that could be read with either mark), the rounding of a
 * rational to a multiple of a step under each cb_round_mode, and the decimal
 * and fractional renderings. Everything is done on GMP integers and rationals:
 * a value is only ever rounded where a caller asks for it, and display never
 * goes through binary floating point. Temporaries are local and cleared before
 * returning; no state is kept between calls.
 */
#include "num.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Length of the thousands separator starting at text[i], or 0: a space
   (ASCII, U+00A0, U+202F), or the byte group when it is not 0. */
static size_t sep_len(const char *text, size_t len, size_t i, char group) {
  const unsigned char *s = (const unsigned char *)text;
  if (s[i] == ' ' || (group && text[i] == group))
    return 1;
  if (s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0xA0)
    return 2;
  if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0xAF)
    return 3;
  return 0;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/*
 * Copies the run of digits at text[*i] into digits[*nd..], advancing both.
 * Returns the length of the run, or -1 when the numeral would exceed
 * CB_MAX_DIGITS digits.
 */
static long digit_run(const char *text, size_t len, size_t *i, char *digits,
                      size_t *nd) {
  size_t start = *i;
  while (*i < len && is_digit(text[*i])) {
    if (*nd == CB_MAX_DIGITS)
      return -1;
    digits[(*nd)++] = text[*i];
    (*i)++;
  }
  return (long)(*i - start);
}

/* The numeral grammar of cb_num_parse with group (0: none) as one more
   thousands separator and marks (one or two bytes) as the decimal marks. */
static bool parse_numeral(mpq_t out, const char *text, size_t len, char group,
                          const char *marks) {
  char digits[CB_MAX_DIGITS + 1];
  size_t nd = 0, i = 0;

  long run = digit_run(text, len, &i, digits, &nd);
  if (run <= 0)
    return false;
  bool first = true;
  while (i < len) {
    size_t sl = sep_len(text, len, i, group);
    if (sl == 0)
      break;
    /* The group before a separator has 1-3 digits (only the first can be
       shorter than 3, and the later ones were checked below). */
    if (first && run > 3)
      return false;
    first = false;
    i += sl;
    run = digit_run(text, len, &i, digits, &nd);
    if (run != 3)
      return false;
  }

  size_t ndec = 0;
  if (i < len && text[i] && strchr(marks, text[i])) {
    i++;
    run = digit_run(text, len, &i, digits, &nd);
    if (run <= 0)
      return false;
    ndec = (size_t)run;
  }
  if (i != len)
    return false;

  digits[nd] = '\0';
  mpz_t n, d;
  mpz_init_set_str(n, digits, 10);
  mpz_init(d);
  mpz_ui_pow_ui(d, 10, ndec);
  mpq_set_num(out, n);
  mpq_set_den(out, d);
  mpq_canonicalize(out);
  mpz_clear(n);
  mpz_clear(d);
  return true;
}

bool cb_num_parse(mpq_t out, const char *text, size_t len) {
  return parse_numeral(out, text, len, 0, ",.");
}

/* Trims the blanks around a field and takes its sign: [*start, *end) is the
   unsigned numeral left. */
static bool field_sign(const char *text, size_t len, size_t *start, size_t *end) {
  size_t i = 0;
  while (i < len && (text[i] == ' ' || text[i] == '\t'))
    i++;
  while (len > i && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  bool neg = false;
  if (i < len && (text[i] == '+' || text[i] == '-')) {
    neg = text[i] == '-';
    i++;
  } else if (len - i >= 3 && (unsigned char)text[i] == 0xE2 &&
             (unsigned char)text[i + 1] == 0x88 && (unsigned char)text[i + 2] == 0x92) {
    neg = true;
    i += 3;
  }
  *start = i;
  *end = len;
  return neg;
}

bool cb_num_parse_field(mpq_t out, const char *text, size_t len) {
  return cb_num_parse_field_as(out, NULL, text, len, CB_DECIMAL_EITHER) != CB_NUM_BAD;
}

/* True for a numeral a spreadsheet may have written with either decimal mark:
   1-3 digits not starting with 0, one '.' or ',', exactly three digits. */
static bool either_mark(const char *t, size_t n) {
  if (n < 5 || n > 7 || t[0] == '0' || (t[n - 4] != ',' && t[n - 4] != '.'))
    return false;
  for (size_t k = 0; k < n; k++)
    if (k != n - 4 && !is_digit(t[k]))
      return false;
  return true;
}

enum cb_num_reading cb_num_parse_field_as(mpq_t out, mpq_t alt, const char *text, size_t len,
                                          enum cb_decimal dec) {
  size_t i, end;
  bool neg = field_sign(text, len, &i, &end);
  const char *t = text + i;
  size_t n = end - i;
  mpq_t v;
  mpq_init(v);
  enum cb_num_reading r = CB_NUM_BAD;
  switch (dec) {
  case CB_DECIMAL_EITHER:
    if (parse_numeral(v, t, n, 0, ",."))
      r = either_mark(t, n) ? CB_NUM_AMBIGUOUS : CB_NUM_OK;
    break;
  case CB_DECIMAL_COMMA:
    r = parse_numeral(v, t, n, '.', ",") ? CB_NUM_OK : CB_NUM_BAD;
    break;
  case CB_DECIMAL_POINT:
    r = parse_numeral(v, t, n, ',', ".") ? CB_NUM_OK : CB_NUM_BAD;
    break;
  }
  if (r != CB_NUM_BAD) {
    if (neg)
      mpq_neg(v, v);
    mpq_set(out, v);
  }
  if (r == CB_NUM_AMBIGUOUS && alt) {
    /* the same digits without the mark: the thousands reading */
    mpq_set_ui(v, 1000, 1);
    mpq_mul(alt, out, v);
  }
  mpq_clear(v);
  return r;
}

bool cb_round_magnitude_up(enum cb_round_mode mode, int half, bool odd) {
  switch (mode) {
  case CB_ROUND_HALF_AWAY:
    return half >= 0;
  case CB_ROUND_HALF_EVEN:
    return half > 0 || (half == 0 && odd);
  case CB_ROUND_DOWN:
    return false;
  case CB_ROUND_UP:
    return true;
  }
  return false;
}

/* r = x rounded to an integer with mode. */
static void round_to_int(mpz_t r, const mpq_t x, enum cb_round_mode mode) {
  int sign = mpq_sgn(x);
  mpz_t n, rem, twice;
  mpz_init(n);
  mpz_init(rem);
  mpz_init(twice);
  mpz_abs(n, mpq_numref(x));
  /* |x| = r + rem/den with 0 <= rem < den (den > 0 in canonical form). */
  mpz_tdiv_qr(r, rem, n, mpq_denref(x));
  bool up = false;
  if (mpz_sgn(rem) != 0) {
    mpz_mul_2exp(twice, rem, 1);
    up = cb_round_magnitude_up(mode, mpz_cmp(twice, mpq_denref(x)), mpz_odd_p(r));
  }
  if (up)
    mpz_add_ui(r, r, 1);
  if (sign < 0)
    mpz_neg(r, r);
  mpz_clear(n);
  mpz_clear(rem);
  mpz_clear(twice);
}

void cb_num_round_step(mpq_t out, const mpq_t q, const mpq_t step, enum cb_round_mode mode) {
  assert(mpq_sgn(step) > 0);
  mpq_t x;
  mpz_t r;
  mpq_init(x);
  mpz_init(r);
  mpq_div(x, q, step);
  round_to_int(r, x, mode);
  mpq_set_z(x, r);
  mpq_mul(out, x, step);
  mpq_clear(x);
  mpz_clear(r);
}

void cb_num_round_dec(mpq_t out, const mpq_t q, unsigned decimals, enum cb_round_mode mode) {
  mpq_t step;
  mpq_init(step);
  mpz_ui_pow_ui(mpq_denref(step), 10, decimals);
  mpz_set_ui(mpq_numref(step), 1);
  cb_num_round_step(out, q, step, mode);
  mpq_clear(step);
}

/*
 * Appends the magnitude written in the n digits s, read as s / 10^places,
 * with a '-' first when neg: the integer part (grouped by three if asked),
 * then the separator and exactly `places` decimals when places > 0.
 */
static void put_digits(struct cb_buf *b, bool neg, const char *s, size_t n, unsigned long places,
                       unsigned flags) {
  if (neg)
    cb_buf_putc(b, '-');
  /* Integer part: the digits before the last `places`, or "0". */
  size_t ilen = n > places ? n - places : 0;
  if (ilen == 0) {
    cb_buf_putc(b, '0');
  } else if (flags & CB_WRITE_GROUP) {
    for (size_t k = 0; k < ilen; k++) {
      if (k > 0 && (ilen - k) % 3 == 0)
        cb_buf_putc(b, ' ');
      cb_buf_putc(b, s[k]);
    }
  } else {
    cb_buf_add(b, s, ilen);
  }

  if (places > 0) {
    cb_buf_putc(b, (flags & CB_WRITE_DOT) ? '.' : ',');
    /* Leading zeros of the fraction when v has fewer digits than places. */
    for (size_t k = n; k < places; k++)
      cb_buf_putc(b, '0');
    cb_buf_add(b, s + ilen, n - ilen);
  }
}

/*
 * Appends sign and digits of the integer v read as v / 10^places (see
 * put_digits). A zero value gets no sign.
 */
static void put_scaled(struct cb_buf *b, const mpz_t v, unsigned long places,
                       unsigned flags) {
  mpz_t a;
  mpz_init(a);
  mpz_abs(a, v);
  size_t cap = mpz_sizeinbase(a, 10) + 2;
  char *s = cb_xmalloc(cap);
  mpz_get_str(s, 10, a);
  mpz_clear(a);
  put_digits(b, mpz_sgn(v) < 0, s, strlen(s), places, flags);
  free(s);
}

/* ---- the int64 path of the printers -------------------------------------
   Most figures are small fractions: when the numerator and denominator of
   q fit in 64 bits, they are printed with machine integers (128-bit
   products), without GMP strings or allocation. The text is the same as
   the GMP path's (tests/unit/test_num.c compares them on random values). */

/* |numerator| and denominator of q, and its sign, when both fit. */
static bool small_q(const mpq_t q, bool *neg, uint64_t *n, uint64_t *d) {
#if GMP_LIMB_BITS == 64
  if (mpz_size(mpq_numref(q)) > 1 || mpz_size(mpq_denref(q)) > 1)
    return false;
  *n = mpz_size(mpq_numref(q)) ? (uint64_t)mpz_getlimbn(mpq_numref(q), 0) : 0;
  *d = (uint64_t)mpz_getlimbn(mpq_denref(q), 0);
  *neg = mpq_sgn(q) < 0;
  return true;
#else
  (void)q, (void)neg, (void)n, (void)d;
  return false;
#endif
}

/* The decimal digits of v into buf (at least 40 bytes), not terminated;
   returns their count ("0" for zero). */
static size_t u128_digits(char *buf, unsigned __int128 v) {
  char tmp[40];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + (unsigned)(v % 10));
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  return n;
}

/* 10^k for k = 0..19, the powers a 64-bit integer holds. */
static uint64_t pow10_u64(unsigned k) {
  static const uint64_t p[20] = {UINT64_C(1),
                                 UINT64_C(10),
                                 UINT64_C(100),
                                 UINT64_C(1000),
                                 UINT64_C(10000),
                                 UINT64_C(100000),
                                 UINT64_C(1000000),
                                 UINT64_C(10000000),
                                 UINT64_C(100000000),
                                 UINT64_C(1000000000),
                                 UINT64_C(10000000000),
                                 UINT64_C(100000000000),
                                 UINT64_C(1000000000000),
                                 UINT64_C(10000000000000),
                                 UINT64_C(100000000000000),
                                 UINT64_C(1000000000000000),
                                 UINT64_C(10000000000000000),
                                 UINT64_C(100000000000000000),
                                 UINT64_C(1000000000000000000),
                                 UINT64_C(10000000000000000000)};
  return p[k];
}

/* cb_num_decimals for a denominator d of 64 bits. */
static int small_decimals(uint64_t d, unsigned max_decimals) {
  unsigned twos = 0, fives = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    twos++;
  }
  while (d % 5 == 0) {
    d /= 5;
    fives++;
  }
  if (d != 1)
    return -1;
  unsigned places = twos > fives ? twos : fives;
  return places > max_decimals ? -1 : (int)places;
}

/* cb_num_fmt by the int64 path; false when q or places do not fit it. */
static bool small_fmt(struct cb_buf *b, const mpq_t q, unsigned long places, unsigned flags) {
  bool neg;
  uint64_t n, d;
  if (places > 19 || !small_q(q, &neg, &n, &d))
    return false;
  unsigned __int128 x = (unsigned __int128)n * pow10_u64((unsigned)places);
  unsigned __int128 r = x / d, rem = x % d;
  if (rem && 2 * rem >= d) /* half away from zero, on the magnitude */
    r++;
  char s[40];
  size_t len = u128_digits(s, r);
  put_digits(b, neg && r != 0, s, len, places, flags);
  return true;
}

int cb_num_decimals(const mpq_t q, unsigned max_decimals) {
  bool neg;
  uint64_t sn, sd;
  if (small_q(q, &neg, &sn, &sd))
    return small_decimals(sd, max_decimals);
  mpz_t d;
  mpz_init_set(d, mpq_denref(q));
  mp_bitcnt_t twos = mpz_scan1(d, 0);
  mpz_tdiv_q_2exp(d, d, twos);
  mpz_t five;
  mpz_init_set_ui(five, 5);
  mp_bitcnt_t fives = mpz_remove(d, d, five);
  bool terminating = mpz_cmp_ui(d, 1) == 0;
  mpz_clear(d);
  mpz_clear(five);
  if (!terminating)
    return -1;
  mp_bitcnt_t places = twos > fives ? twos : fives;
  if (places > max_decimals)
    return -1;
  return (int)places;
}

void cb_num_fmt(struct cb_buf *b, const mpq_t q, unsigned decimals, unsigned flags) {
  unsigned long places = decimals;
  if (flags & CB_WRITE_NATURAL) {
    int need = cb_num_decimals(q, decimals > 6 ? decimals : 6);
    if (need >= 0)
      places = (unsigned long)need;
  }
  if (small_fmt(b, q, places, flags))
    return;
  mpq_t x;
  mpz_t v, p;
  mpq_init(x);
  mpz_init(v);
  mpz_init(p);
  mpz_ui_pow_ui(p, 10, places);
  mpq_set_z(x, p);
  mpq_mul(x, x, q);
  /* Exact when NATURAL found a terminating expansion of `places` digits. */
  round_to_int(v, x, CB_ROUND_HALF_AWAY);
  put_scaled(b, v, places, flags);
  mpq_clear(x);
  mpz_clear(v);
  mpz_clear(p);
}

void cb_num_fmt_fraction(struct cb_buf *b, const mpq_t q) {
  bool neg;
  uint64_t n, d;
  if (small_q(q, &neg, &n, &d)) {
    char s[84];
    size_t len = 0;
    if (neg)
      s[len++] = '-';
    len += u128_digits(s + len, n);
    if (d != 1) {
      s[len++] = '/';
      len += u128_digits(s + len, d);
    }
    cb_buf_add(b, s, len);
    return;
  }
  size_t cap = mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3;
  char *s = cb_xmalloc(cap);
  mpq_get_str(s, 10, q);
  cb_buf_puts(b, s);
  free(s);
}

void cb_num_set_frac(mpq_t out, long n, unsigned long d) {
  assert(d > 0);
  mpq_set_si(out, n, d);
  mpq_canonicalize(out);
}

void cb_num_from_percent(mpq_t q) {
  mpz_mul_ui(mpq_denref(q), mpq_denref(q), 100);
  mpq_canonicalize(q);
}

void cb_num_to_percent(mpq_t q) {
  mpz_mul_ui(mpq_numref(q), mpq_numref(q), 100);
  mpq_canonicalize(q);
}
