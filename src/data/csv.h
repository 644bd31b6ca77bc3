/*
 * csv.h: the measures file reader (CSV as spreadsheets and warehouse
 * extracts write it).
 *
 * Splits a loaded source into records and fields: the separator is ';' or ','
 * (taken from the header line: the first of the two that appears outside
 * quotes), fields may be quoted with '"' and contain the separator, newlines
 * and doubled quotes, lines end with LF or CRLF, blank lines are skipped, the
 * BOM is already removed by the source loader. Lines that start with '#'
 * before the header are comments (measures.c reads conventions there): each
 * is handed over as a record marked comment, whose one field is the text
 * after '#' without the trailing blanks and separators a spreadsheet pads the
 * line with. Each record is handed to a
 * callback as it is read, so memory stays proportional to one record.
 * Malformed input (an unterminated quote, text after a closing quote) is a
 * located diagnostic; reading stops at the first such error.
 *
 * The reports that write CSV (echeancier, eval) quote their fields the same
 * way, with cb_csv_put_field.
 */
#ifndef CB_CSV_H
#define CB_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

struct cb_diags;
struct cb_buf;

/* Appends s as one field: as it is, or between '"' with its quotes doubled
   when it holds ';', '"' or a line break. NULL appends nothing. */
void cb_csv_put_field(struct cb_buf *b, const char *s);

struct cb_csv_field {
  const char *text;  /* unquoted contents; NOT NUL-terminated unless copied */
  size_t len;
  struct cb_loc loc; /* where the field starts (the opening quote if quoted) */
};

struct cb_csv_record {
  int line;                   /* 1-based line where the record starts */
  size_t nfields;
  struct cb_csv_field *fields; /* valid only during the callback */
  bool comment;                /* a '#' line before the header: one field */
};

/* Return 0 to go on, non-zero to stop reading (that value is returned). */
typedef int (*cb_csv_record_fn)(void *ctx, const struct cb_csv_record *rec);

/* Reads every record of src, the header line included (record 1). Returns 0
   when the whole file was read, -1 after a syntax error (reported to d), or
   the callback's non-zero value. */
int cb_csv_read(const struct cb_source *src, struct cb_diags *d, cb_csv_record_fn fn,
                void *ctx);

#endif
