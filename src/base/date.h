/*
 * date.h: calendar dates and contract years.
 *
 * Dates are proleptic Gregorian days, exact and time-zone free. A contract
 * year "an k" runs from the (k-1)-th anniversary of the signature to the day
 * before the k-th; an anniversary of a 29 February signature falls on
 * 28 February in common years.
 */
#ifndef CB_DATE_H
#define CB_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cb_buf;

struct cb_date {
  int y, m, d; /* year (1..9999), month 1..12, day 1..31 */
};

/* Parses "2023-03-15" (ISO) or "15/03/2023" (French); rejects anything else,
   including impossible dates ("2023-02-29", "31/04/2024") and years outside
   1..9999. */
bool cb_date_parse(struct cb_date *out, const char *text, size_t len);
bool cb_date_valid(int y, int m, int d);
bool cb_date_is_leap(int y);
int cb_date_days_in_month(int y, int m);
/* Days since 1970-01-01 (negative before), and back. */
int64_t cb_date_to_days(struct cb_date dt);
struct cb_date cb_date_from_days(int64_t days);
/* <0, 0, >0 like strcmp. */
int cb_date_cmp(struct cb_date a, struct cb_date b);
/* The same day and month `years` later (29/02 -> 28/02 in a common year). */
struct cb_date cb_date_add_years(struct cb_date dt, int years);
/* Same day n months later, the month's last day when it is shorter
   (31 August + 6 months = 28 or 29 February). */
struct cb_date cb_date_add_months(struct cb_date dt, int months);
/* dt plus `days` days (days may be negative). */
struct cb_date cb_date_add_days(struct cb_date dt, int64_t days);
/* Start (inclusive) and end (inclusive) of contract year k >= 1 of a contract
   signed on sig: [sig + (k-1) years, sig + k years - 1 day]. */
void cb_date_contract_year(struct cb_date sig, int k, struct cb_date *start,
                           struct cb_date *end);
/* Appends "20/01/2023". */
void cb_date_fmt(struct cb_buf *b, struct cb_date dt);
/* Appends "2023-01-20". */
void cb_date_fmt_iso(struct cb_buf *b, struct cb_date dt);

#endif
