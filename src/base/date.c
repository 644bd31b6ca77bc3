/*
 * date.c: proleptic Gregorian calendar dates and contract years.
 *
 * Owns the two accepted spellings of a date (ISO "2023-03-15" and French
 * "15/03/2023"), the leap-year and month-length rules, and the conversion to
 * and from a day count since 1970-01-01 (Howard Hinnant's days_from_civil and
 * civil_from_days, on 64-bit integers). Anniversaries and contract years are
 * built on top: a 29 February anniversary falls on 28 February in a common
 * year. Only years 1..9999 exist; arithmetic that would leave that range
 * saturates at 0001-01-01 or 9999-12-31 so that a cb_date always holds a
 * valid date.
 */
#include "date.h"

#include <assert.h>

#include "buf.h"

#define MIN_YEAR 1
#define MAX_YEAR 9999
/* cb_date_to_days of 0001-01-01 and of 9999-12-31. */
#define MIN_DAYS ((int64_t)-719162)
#define MAX_DAYS ((int64_t)2932896)

static const struct cb_date first_date = {MIN_YEAR, 1, 1};
static const struct cb_date last_date = {MAX_YEAR, 12, 31};

bool cb_date_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int cb_date_days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12)
    return 0;
  if (m == 2 && cb_date_is_leap(y))
    return 29;
  return days[m - 1];
}

bool cb_date_valid(int y, int m, int d) {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12)
    return false;
  return d >= 1 && d <= cb_date_days_in_month(y, m);
}

/* Value of the n ASCII digits at s, or -1 if one is not a digit. */
static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

bool cb_date_parse(struct cb_date *out, const char *text, size_t len) {
  if (len != 10)
    return false;
  int y, m, d;
  if (text[4] == '-' && text[7] == '-') {
    y = digits(text, 4);
    m = digits(text + 5, 2);
    d = digits(text + 8, 2);
  } else if (text[2] == '/' && text[5] == '/') {
    d = digits(text, 2);
    m = digits(text + 3, 2);
    y = digits(text + 6, 4);
  } else {
    return false;
  }
  if (y < 0 || m < 0 || d < 0 || !cb_date_valid(y, m, d))
    return false;
  out->y = y;
  out->m = m;
  out->d = d;
  return true;
}

int64_t cb_date_to_days(struct cb_date dt) {
  int64_t y = dt.y, m = dt.m, d = dt.d;
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;                                  /* [0, 399] */
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

struct cb_date cb_date_from_days(int64_t days) {
  if (days < MIN_DAYS)
    return first_date;
  if (days > MAX_DAYS)
    return last_date;
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;                                       /* [0, 146096] */
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
  int64_t mp = (5 * doy + 2) / 153;                                     /* [0, 11] */
  int64_t d = doy - (153 * mp + 2) / 5 + 1;                             /* [1, 31] */
  int64_t m = mp < 10 ? mp + 3 : mp - 9;                                /* [1, 12] */
  int64_t y = yoe + era * 400 + (m <= 2);
  struct cb_date dt = {(int)y, (int)m, (int)d};
  return dt;
}

int cb_date_cmp(struct cb_date a, struct cb_date b) {
  if (a.y != b.y)
    return a.y < b.y ? -1 : 1;
  if (a.m != b.m)
    return a.m < b.m ? -1 : 1;
  if (a.d != b.d)
    return a.d < b.d ? -1 : 1;
  return 0;
}

struct cb_date cb_date_add_years(struct cb_date dt, int years) {
  int64_t y = (int64_t)dt.y + years;
  if (y < MIN_YEAR)
    return first_date;
  if (y > MAX_YEAR)
    return last_date;
  struct cb_date r = {(int)y, dt.m, dt.d};
  if (r.m == 2 && r.d == 29 && !cb_date_is_leap(r.y))
    r.d = 28;
  return r;
}

struct cb_date cb_date_add_months(struct cb_date dt, int months) {
  int64_t m0 = (int64_t)dt.y * 12 + (dt.m - 1) + months;
  int64_t y = m0 >= 0 ? m0 / 12 : -((-m0 + 11) / 12);
  if (y < MIN_YEAR)
    return first_date;
  if (y > MAX_YEAR)
    return last_date;
  struct cb_date r = {(int)y, (int)(m0 - y * 12) + 1, dt.d};
  int last = cb_date_days_in_month(r.y, r.m);
  if (r.d > last)
    r.d = last;
  return r;
}

struct cb_date cb_date_add_days(struct cb_date dt, int64_t days) {
  int64_t base = cb_date_to_days(dt);
  /* base is within [MIN_DAYS, MAX_DAYS], so neither difference overflows. */
  if (days > MAX_DAYS - base)
    return last_date;
  if (days < MIN_DAYS - base)
    return first_date;
  return cb_date_from_days(base + days);
}

void cb_date_contract_year(struct cb_date sig, int k, struct cb_date *start,
                           struct cb_date *end) {
  assert(k >= 1);
  *start = cb_date_add_years(sig, k - 1);
  *end = cb_date_add_days(cb_date_add_years(sig, k), -1);
}

void cb_date_fmt(struct cb_buf *b, struct cb_date dt) {
  cb_buf_printf(b, "%02d/%02d/%04d", dt.d, dt.m, dt.y);
}

void cb_date_fmt_iso(struct cb_buf *b, struct cb_date dt) {
  cb_buf_printf(b, "%04d-%02d-%02d", dt.y, dt.m, dt.d);
}
