/*
 * test_date.c: unit tests of date.c.
 *
 * Covers the leap-year rule, month lengths, both accepted spellings and every
 * rejection (widths, separators, impossible dates, trailing bytes), the day
 * count against known values and as a round trip over the whole range of
 * years 1..9999, anniversaries of 29 February, adding months (the last day
 * of a shorter month, year rollover both ways), contract years and their
 * contiguity, saturation at the ends of the range, and both formats.
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
#include "date.h"

#define ASSERT_DATE(dt, yy, mm, dd)                                              \
  do {                                                                           \
    struct cb_date got_ = (dt);                                                  \
    if (got_.y != (yy) || got_.m != (mm) || got_.d != (dd))                      \
      fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d", got_.y, got_.m,        \
               got_.d, (yy), (mm), (dd));                                        \
  } while (0)

static struct cb_date mk(int y, int m, int d) {
  struct cb_date dt = {y, m, d};
  return dt;
}

/* Parses an exact-size heap copy of text so that ASan sees any overread;
   returns whether it parsed. A failed parse must leave *out untouched. */
static bool parse_n(struct cb_date *out, const char *text, size_t len) {
  char *copy = cb_xmalloc(len);
  memcpy(copy, text, len);
  struct cb_date dt = {7, 7, 7};
  bool ok = cb_date_parse(&dt, copy, len);
  free(copy);
  if (!ok)
    ASSERT_DATE(dt, 7, 7, 7);
  *out = dt;
  return ok;
}

static bool parse(struct cb_date *out, const char *text) {
  return parse_n(out, text, strlen(text));
}

static void test_leap_years(void **state) {
  (void)state;
  assert_false(cb_date_is_leap(1900));
  assert_true(cb_date_is_leap(2000));
  assert_true(cb_date_is_leap(2024));
  assert_false(cb_date_is_leap(2023));
  assert_false(cb_date_is_leap(2100));
  assert_true(cb_date_is_leap(1600));
  assert_true(cb_date_is_leap(4));
  assert_false(cb_date_is_leap(1));
  assert_true(cb_date_is_leap(9996));
  assert_false(cb_date_is_leap(9999));
}

static void test_days_in_month(void **state) {
  (void)state;
  static const int common[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; m++) {
    assert_int_equal(cb_date_days_in_month(2023, m), common[m - 1]);
    assert_int_equal(cb_date_days_in_month(2024, m), m == 2 ? 29 : common[m - 1]);
  }
  assert_int_equal(cb_date_days_in_month(1900, 2), 28);
  assert_int_equal(cb_date_days_in_month(2000, 2), 29);
}

static void test_valid(void **state) {
  (void)state;
  assert_true(cb_date_valid(2024, 2, 29));
  assert_false(cb_date_valid(2023, 2, 29));
  assert_false(cb_date_valid(1900, 2, 29));
  assert_true(cb_date_valid(2000, 2, 29));
  assert_false(cb_date_valid(2024, 4, 31));
  assert_true(cb_date_valid(2024, 4, 30));
  assert_true(cb_date_valid(2024, 12, 31));
  assert_false(cb_date_valid(2024, 12, 32));
  assert_false(cb_date_valid(2024, 1, 0));
  assert_false(cb_date_valid(2024, 0, 1));
  assert_false(cb_date_valid(2024, 13, 1));
  assert_false(cb_date_valid(0, 1, 1));
  assert_false(cb_date_valid(-1, 1, 1));
  assert_false(cb_date_valid(10000, 1, 1));
  assert_true(cb_date_valid(1, 1, 1));
  assert_true(cb_date_valid(9999, 12, 31));
}

static void test_parse_ok(void **state) {
  (void)state;
  struct cb_date dt;
  assert_true(parse(&dt, "2023-03-15"));
  ASSERT_DATE(dt, 2023, 3, 15);
  assert_true(parse(&dt, "15/03/2023"));
  ASSERT_DATE(dt, 2023, 3, 15);
  assert_true(parse(&dt, "29/02/2024"));
  ASSERT_DATE(dt, 2024, 2, 29);
  assert_true(parse(&dt, "2000-02-29"));
  ASSERT_DATE(dt, 2000, 2, 29);
  assert_true(parse(&dt, "0001-01-01"));
  ASSERT_DATE(dt, 1, 1, 1);
  assert_true(parse(&dt, "31/12/9999"));
  ASSERT_DATE(dt, 9999, 12, 31);
  assert_true(parse(&dt, "20/01/2023"));
  ASSERT_DATE(dt, 2023, 1, 20);
  /* Only len bytes are read. */
  assert_true(parse_n(&dt, "2023-03-150", 10));
  ASSERT_DATE(dt, 2023, 3, 15);
}

static void test_parse_rejects(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",            "2023-3-15",   "2023-03-5",   "5/03/2023",   "05/3/2023",
      "15/03/23",    "23-03-15",    "2023-02-29",  "29/02/2023",  "31/04/2024",
      "29/02/1900",  "0000-01-01",  "00/01/0000",  "2023-13-01",  "2023-00-10",
      "2023-01-00",  "00/01/2023",  "32/01/2023",  "2023-03-15x", "2023-03-15 ",
      " 2023-03-15", "2023/03/15",  "15-03-2023",  "2023-03/15",  "15/03-2023",
      "2023-03-1a",  "+023-03-15",  "-023-03-15",  "2023-0315",   "15.03.2023",
      "2023-03-15T00:00", "15/03/20233", "1/1/2023", "2O23-03-15", "2023- 3-15",
  };
  struct cb_date dt;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (parse(&dt, bad[i]))
      fail_msg("accepted \"%s\"", bad[i]);
  }
  /* Truncated by len. */
  assert_false(parse_n(&dt, "2023-03-15", 9));
  assert_false(parse_n(&dt, "15/03/2023", 0));
}

static void test_to_days_known(void **state) {
  (void)state;
  assert_int_equal(cb_date_to_days(mk(1970, 1, 1)), 0);
  assert_int_equal(cb_date_to_days(mk(1970, 1, 2)), 1);
  assert_int_equal(cb_date_to_days(mk(1969, 12, 31)), -1);
  assert_int_equal(cb_date_to_days(mk(2000, 3, 1)), 11017);
  assert_int_equal(cb_date_to_days(mk(2023, 1, 20)), 19377);
  assert_int_equal(cb_date_to_days(mk(2024, 2, 29)), 19782);
  assert_int_equal(cb_date_to_days(mk(1900, 3, 1)), -25508);
  assert_int_equal(cb_date_to_days(mk(1600, 1, 1)), -135140);
  assert_int_equal(cb_date_to_days(mk(1, 1, 1)), -719162);
  assert_int_equal(cb_date_to_days(mk(9999, 12, 31)), 2932896);
  ASSERT_DATE(cb_date_from_days(0), 1970, 1, 1);
  ASSERT_DATE(cb_date_from_days(-1), 1969, 12, 31);
  ASSERT_DATE(cb_date_from_days(19782), 2024, 2, 29);
  ASSERT_DATE(cb_date_from_days(-25508), 1900, 3, 1);
  ASSERT_DATE(cb_date_from_days(-25509), 1900, 2, 28);
  ASSERT_DATE(cb_date_from_days(-719162), 1, 1, 1);
  ASSERT_DATE(cb_date_from_days(2932896), 9999, 12, 31);
}

static void test_days_round_trip(void **state) {
  (void)state;
  /* Walk every day of years 1..9999 by hand and check both directions. */
  struct cb_date dt = mk(1, 1, 1);
  int64_t n = cb_date_to_days(dt);
  for (;;) {
    struct cb_date back = cb_date_from_days(n);
    if (cb_date_to_days(dt) != n || cb_date_cmp(back, dt) != 0)
      fail_msg("day %lld: %04d-%02d-%02d vs %04d-%02d-%02d", (long long)n, dt.y,
               dt.m, dt.d, back.y, back.m, back.d);
    if (dt.y == 9999 && dt.m == 12 && dt.d == 31)
      break;
    if (dt.d < cb_date_days_in_month(dt.y, dt.m)) {
      dt.d++;
    } else if (dt.m < 12) {
      dt.m++;
      dt.d = 1;
    } else {
      dt.y++;
      dt.m = 1;
      dt.d = 1;
    }
    n++;
  }
  assert_int_equal(n, 2932896);
}

static void test_out_of_range_saturates(void **state) {
  (void)state;
  ASSERT_DATE(cb_date_from_days(-719163), 1, 1, 1);
  ASSERT_DATE(cb_date_from_days(INT64_MIN), 1, 1, 1);
  ASSERT_DATE(cb_date_from_days(2932897), 9999, 12, 31);
  ASSERT_DATE(cb_date_from_days(INT64_MAX), 9999, 12, 31);
  ASSERT_DATE(cb_date_add_days(mk(2023, 1, 1), INT64_MAX), 9999, 12, 31);
  ASSERT_DATE(cb_date_add_days(mk(2023, 1, 1), INT64_MIN), 1, 1, 1);
  ASSERT_DATE(cb_date_add_days(mk(9999, 12, 31), 1), 9999, 12, 31);
  ASSERT_DATE(cb_date_add_days(mk(1, 1, 1), -1), 1, 1, 1);
  ASSERT_DATE(cb_date_add_years(mk(9999, 6, 1), 1), 9999, 12, 31);
  ASSERT_DATE(cb_date_add_years(mk(2023, 6, 1), 2147483647), 9999, 12, 31);
  ASSERT_DATE(cb_date_add_years(mk(2023, 6, 1), -2147483647 - 1), 1, 1, 1);
  ASSERT_DATE(cb_date_add_years(mk(2023, 6, 1), -2023), 1, 1, 1);
  ASSERT_DATE(cb_date_add_years(mk(2023, 6, 1), -2022), 1, 6, 1);
}

static void test_cmp(void **state) {
  (void)state;
  assert_int_equal(cb_date_cmp(mk(2023, 3, 15), mk(2023, 3, 15)), 0);
  assert_true(cb_date_cmp(mk(2023, 3, 15), mk(2023, 3, 16)) < 0);
  assert_true(cb_date_cmp(mk(2023, 3, 16), mk(2023, 3, 15)) > 0);
  assert_true(cb_date_cmp(mk(2023, 2, 28), mk(2023, 3, 1)) < 0);
  assert_true(cb_date_cmp(mk(2024, 1, 1), mk(2023, 12, 31)) > 0);
  assert_true(cb_date_cmp(mk(1, 1, 1), mk(9999, 12, 31)) < 0);
}

static void test_add_years(void **state) {
  (void)state;
  ASSERT_DATE(cb_date_add_years(mk(2023, 1, 20), 1), 2024, 1, 20);
  ASSERT_DATE(cb_date_add_years(mk(2023, 1, 20), 0), 2023, 1, 20);
  ASSERT_DATE(cb_date_add_years(mk(2023, 1, 20), -3), 2020, 1, 20);
  ASSERT_DATE(cb_date_add_years(mk(2024, 2, 29), 1), 2025, 2, 28);
  ASSERT_DATE(cb_date_add_years(mk(2024, 2, 29), -1), 2023, 2, 28);
  ASSERT_DATE(cb_date_add_years(mk(2024, 2, 29), 4), 2028, 2, 29);
  ASSERT_DATE(cb_date_add_years(mk(2024, 2, 29), -4), 2020, 2, 29);
  ASSERT_DATE(cb_date_add_years(mk(2000, 2, 29), 100), 2100, 2, 28);
  ASSERT_DATE(cb_date_add_years(mk(2000, 2, 29), 400), 2400, 2, 29);
  ASSERT_DATE(cb_date_add_years(mk(2023, 2, 28), 1), 2024, 2, 28);
  ASSERT_DATE(cb_date_add_years(mk(2023, 12, 31), 1), 2024, 12, 31);
}

static void test_add_months(void **state) {
  (void)state;
  /* the day is kept when the target month has it */
  ASSERT_DATE(cb_date_add_months(mk(2023, 1, 20), 0), 2023, 1, 20);
  ASSERT_DATE(cb_date_add_months(mk(2023, 1, 20), 1), 2023, 2, 20);
  ASSERT_DATE(cb_date_add_months(mk(2023, 7, 1), 6), 2024, 1, 1);
  /* else the last day of the month: 31 August + 6 months */
  ASSERT_DATE(cb_date_add_months(mk(2023, 8, 31), 6), 2024, 2, 29);
  ASSERT_DATE(cb_date_add_months(mk(2022, 8, 31), 6), 2023, 2, 28);
  ASSERT_DATE(cb_date_add_months(mk(2099, 8, 31), 6), 2100, 2, 28);
  ASSERT_DATE(cb_date_add_months(mk(1999, 8, 31), 6), 2000, 2, 29);
  ASSERT_DATE(cb_date_add_months(mk(2023, 1, 31), 1), 2023, 2, 28);
  ASSERT_DATE(cb_date_add_months(mk(2023, 1, 31), 3), 2023, 4, 30);
  ASSERT_DATE(cb_date_add_months(mk(2024, 2, 29), 12), 2025, 2, 28);
  ASSERT_DATE(cb_date_add_months(mk(2024, 2, 29), 48), 2028, 2, 29);
  /* no drift: the day is taken from dt, not from an intermediate month */
  ASSERT_DATE(cb_date_add_months(mk(2023, 1, 31), 2), 2023, 3, 31);
  /* year rollover */
  ASSERT_DATE(cb_date_add_months(mk(2023, 12, 31), 1), 2024, 1, 31);
  ASSERT_DATE(cb_date_add_months(mk(2023, 11, 15), 2), 2024, 1, 15);
  ASSERT_DATE(cb_date_add_months(mk(2023, 12, 15), 12), 2024, 12, 15);
  ASSERT_DATE(cb_date_add_months(mk(2023, 1, 20), 25), 2025, 2, 20);
  ASSERT_DATE(cb_date_add_months(mk(2023, 6, 30), 120), 2033, 6, 30);
}

static void test_add_months_negative(void **state) {
  (void)state;
  ASSERT_DATE(cb_date_add_months(mk(2024, 3, 31), -1), 2024, 2, 29);
  ASSERT_DATE(cb_date_add_months(mk(2023, 3, 31), -1), 2023, 2, 28);
  ASSERT_DATE(cb_date_add_months(mk(2024, 2, 29), -6), 2023, 8, 29);
  ASSERT_DATE(cb_date_add_months(mk(2024, 8, 31), -6), 2024, 2, 29);
  ASSERT_DATE(cb_date_add_months(mk(2024, 1, 15), -1), 2023, 12, 15);
  ASSERT_DATE(cb_date_add_months(mk(2024, 1, 15), -12), 2023, 1, 15);
  ASSERT_DATE(cb_date_add_months(mk(2024, 1, 15), -13), 2022, 12, 15);
  ASSERT_DATE(cb_date_add_months(mk(2024, 12, 31), -11), 2024, 1, 31);
  ASSERT_DATE(cb_date_add_months(mk(2024, 2, 29), -24), 2022, 2, 28);
  ASSERT_DATE(cb_date_add_months(mk(2, 1, 10), -12), 1, 1, 10);
  ASSERT_DATE(cb_date_add_months(mk(2, 1, 10), -13), 1, 1, 1); /* before year 1 */
  /* back and forth is the identity when the day exists in both months */
  for (int k = -30; k <= 30; k++)
    ASSERT_DATE(cb_date_add_months(cb_date_add_months(mk(2023, 5, 28), k), -k), 2023, 5, 28);
}

static void test_add_months_saturates(void **state) {
  (void)state;
  ASSERT_DATE(cb_date_add_months(mk(9999, 12, 1), 1), 9999, 12, 31);
  ASSERT_DATE(cb_date_add_months(mk(9999, 1, 31), 11), 9999, 12, 31);
  ASSERT_DATE(cb_date_add_months(mk(1, 1, 15), -1), 1, 1, 1);
  ASSERT_DATE(cb_date_add_months(mk(2023, 6, 1), 2147483647), 9999, 12, 31);
  ASSERT_DATE(cb_date_add_months(mk(2023, 6, 1), -2147483647 - 1), 1, 1, 1);
}

static void test_add_days(void **state) {
  (void)state;
  ASSERT_DATE(cb_date_add_days(mk(2023, 12, 31), 1), 2024, 1, 1);
  ASSERT_DATE(cb_date_add_days(mk(2024, 1, 1), -1), 2023, 12, 31);
  ASSERT_DATE(cb_date_add_days(mk(2024, 2, 28), 1), 2024, 2, 29);
  ASSERT_DATE(cb_date_add_days(mk(2024, 3, 1), -1), 2024, 2, 29);
  ASSERT_DATE(cb_date_add_days(mk(2023, 3, 1), -1), 2023, 2, 28);
  ASSERT_DATE(cb_date_add_days(mk(2023, 1, 20), 365), 2024, 1, 20);
  ASSERT_DATE(cb_date_add_days(mk(2024, 1, 20), 365), 2025, 1, 19);
  ASSERT_DATE(cb_date_add_days(mk(2023, 1, 20), 0), 2023, 1, 20);
  ASSERT_DATE(cb_date_add_days(mk(1970, 1, 1), -719162), 1, 1, 1);
  ASSERT_DATE(cb_date_add_days(mk(2000, 1, 1), 146097), 2400, 1, 1);
}

static void test_contract_year(void **state) {
  (void)state;
  struct cb_date s, e;
  cb_date_contract_year(mk(2023, 1, 20), 1, &s, &e);
  ASSERT_DATE(s, 2023, 1, 20);
  ASSERT_DATE(e, 2024, 1, 19);
  cb_date_contract_year(mk(2023, 1, 20), 2, &s, &e);
  ASSERT_DATE(s, 2024, 1, 20);
  ASSERT_DATE(e, 2025, 1, 19);
  cb_date_contract_year(mk(2023, 1, 1), 1, &s, &e);
  ASSERT_DATE(s, 2023, 1, 1);
  ASSERT_DATE(e, 2023, 12, 31);
  cb_date_contract_year(mk(2023, 3, 1), 1, &s, &e);
  ASSERT_DATE(s, 2023, 3, 1);
  ASSERT_DATE(e, 2024, 2, 29);
  /* Signed on 29 February. */
  cb_date_contract_year(mk(2024, 2, 29), 1, &s, &e);
  ASSERT_DATE(s, 2024, 2, 29);
  ASSERT_DATE(e, 2025, 2, 27);
  cb_date_contract_year(mk(2024, 2, 29), 2, &s, &e);
  ASSERT_DATE(s, 2025, 2, 28);
  ASSERT_DATE(e, 2026, 2, 27);
  cb_date_contract_year(mk(2024, 2, 29), 4, &s, &e);
  ASSERT_DATE(s, 2027, 2, 28);
  ASSERT_DATE(e, 2028, 2, 28);
  cb_date_contract_year(mk(2024, 2, 29), 5, &s, &e);
  ASSERT_DATE(s, 2028, 2, 29);
  ASSERT_DATE(e, 2029, 2, 27);
}

static void test_contract_years_contiguous(void **state) {
  (void)state;
  /* Year k+1 starts the day after year k ends, for awkward signatures. */
  static const struct cb_date sigs[] = {
      {2024, 2, 29}, {2023, 2, 28}, {2023, 3, 1}, {2023, 12, 31}, {2023, 1, 1}, {1896, 2, 29},
  };
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct cb_date s, e, s2, e2;
    for (int k = 1; k <= 60; k++) {
      cb_date_contract_year(sigs[i], k, &s, &e);
      cb_date_contract_year(sigs[i], k + 1, &s2, &e2);
      assert_true(cb_date_cmp(s, e) < 0);
      assert_int_equal(cb_date_to_days(e) + 1, cb_date_to_days(s2));
      int64_t len = cb_date_to_days(e) - cb_date_to_days(s) + 1;
      assert_true(len >= 364 && len <= 367);
    }
  }
}

static void test_fmt(void **state) {
  (void)state;
  struct cb_buf b = CB_BUF_INIT;
  cb_date_fmt(&b, mk(2023, 1, 20));
  assert_string_equal(cb_buf_str(&b), "20/01/2023");
  cb_buf_clear(&b);
  cb_date_fmt_iso(&b, mk(2023, 1, 20));
  assert_string_equal(cb_buf_str(&b), "2023-01-20");
  cb_buf_clear(&b);
  cb_date_fmt(&b, mk(1, 2, 3));
  cb_buf_puts(&b, " ");
  cb_date_fmt_iso(&b, mk(1, 2, 3));
  assert_string_equal(cb_buf_str(&b), "03/02/0001 0001-02-03");
  cb_buf_clear(&b);
  /* Formatting then parsing gives the date back. */
  struct cb_date dt;
  cb_date_fmt(&b, mk(2024, 2, 29));
  assert_true(parse(&dt, cb_buf_str(&b)));
  ASSERT_DATE(dt, 2024, 2, 29);
  cb_buf_clear(&b);
  cb_date_fmt_iso(&b, mk(9999, 12, 31));
  assert_true(parse(&dt, cb_buf_str(&b)));
  ASSERT_DATE(dt, 9999, 12, 31);
  cb_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_leap_years),
      cmocka_unit_test(test_days_in_month),
      cmocka_unit_test(test_valid),
      cmocka_unit_test(test_parse_ok),
      cmocka_unit_test(test_parse_rejects),
      cmocka_unit_test(test_to_days_known),
      cmocka_unit_test(test_days_round_trip),
      cmocka_unit_test(test_out_of_range_saturates),
      cmocka_unit_test(test_cmp),
      cmocka_unit_test(test_add_years),
      cmocka_unit_test(test_add_months),
      cmocka_unit_test(test_add_months_negative),
      cmocka_unit_test(test_add_months_saturates),
      cmocka_unit_test(test_add_days),
      cmocka_unit_test(test_contract_year),
      cmocka_unit_test(test_contract_years_contiguous),
      cmocka_unit_test(test_fmt),
  };
  return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
