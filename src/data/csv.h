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

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "source.h"

struct cb_diags;
struct cb_buf;

/* Appends s as one field: as it is, or between '"' with its quotes doubled
   when it holds ';', '"' or a line break. NULL appends nothing. */
void cb_csv_put_field(struct cb_buf *b, const char *s);

/* A CSV report being written: fields separated by ';', quoted by
   cb_csv_put_field. Plain (`--format csv`): decimals with '.', lines ended
   by '\n', for programs. Excel (`--csv-excel`): decimals with ',', lines
   ended by "\r\n" and a UTF-8 byte order mark first, as a French Excel
   writes and reads its own CSV files. */
struct cb_csv_out {
  struct cb_buf *b;
  bool excel;
  bool in_row; /* a field was written on the current line */
};
/* Starts a report into b (the byte order mark when excel). */
void cb_csv_start(struct cb_csv_out *w, struct cb_buf *b, bool excel);
/* One text field (empty when s is NULL). */
void cb_csv_text(struct cb_csv_out *w, const char *s);
/* One number: q to `decimals` places (at most, and exact when it has no
   more, with natural), half away from zero; empty when q is NULL. */
void cb_csv_num(struct cb_csv_out *w, mpq_srcptr q, unsigned decimals, bool natural);
/* One rate as a number of percent: 100 × q to six places at most. */
void cb_csv_pct(struct cb_csv_out *w, mpq_srcptr q);
/* Ends the current line. */
void cb_csv_end_row(struct cb_csv_out *w);
/* A line of comment: "# " then text (the provenance of a report). */
void cb_csv_comment(struct cb_csv_out *w, const char *text);

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
