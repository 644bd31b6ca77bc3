/*
 * xlsx_read.h: measures filled in a spreadsheet, read from the xlsx
 * workbook itself (`--mesures mesures.xlsx`). The workbook is opened with
 * libzip and its XML parts read with libxml2; the sheet « Mesures » (or the
 * first sheet) becomes a CSV text, one line per row of the sheet, which the
 * measures reader (measures.h) then reads like any measures file: line N of
 * a diagnostic is row N of the sheet. Cells are written as the spreadsheet
 * shows them at its full precision: a number as its stored decimal rounded
 * to 15 significant digits, as Excel keeps it (0.76180000000000003 is
 * 0.7618), with '.' and a trailing 0 when it would otherwise read as
 * thousands ("1.2340"), exactly, without a binary float; a cell
 * formatted as a percentage as that number times 100 followed by " %", a
 * boolean as oui/non, text as it is, a formula as its stored result, or as
 * "=FORMULA" when the workbook holds no result for it (the reader then
 * refuses it). Columns and the rules are in docs/formats.md.
 */
#ifndef CB_XLSX_READ_H
#define CB_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

/* Whether the bytes of a file start like a zip archive (an xlsx workbook,
   but also an OpenDocument file) or like an Excel 97-2003 workbook. */
bool cb_xlsx_is_zip(const unsigned char *head, size_t n);
bool cb_xlsx_is_xls(const unsigned char *head, size_t n);

/* The same for the sheet named sheet (any case) and no other: E0314 when
   the workbook has none (`cible verifie` reads the sheet « Provenance »).
   NULL: the sheet « Mesures », else the first. */
enum cb_load_status cb_xlsx_read_sheet(struct cb_sources *set, const char *path,
                                       const char *sheet, struct cb_diags *d,
                                       struct cb_source **out);

struct cb_buf;
/* The text a number cell stands for, from the decimal the workbook stores
   ("0.76180000000000003", "1.2E1"), appended to out: 15 significant
   digits, no exponent, '.' as the mark, a trailing 0 when it would read as
   thousands ("1.2340"), and ×100 followed by " %" when percent. Exact
   (string arithmetic, no binary float). False, out unchanged, when stored
   is no number. */
bool cb_xlsx_number_text(struct cb_buf *out, const char *stored, bool percent);

/* Reads the workbook at path into a new source of set, named path, whose
   text is the measures sheet as CSV and whose SHA-256 is that of the
   workbook's bytes; *out receives it. A file that is no readable xlsx
   workbook is E0314 (CB_LOAD_INVALID); a missing or unreadable file is
   E0000 (CB_LOAD_IO). */
enum cb_load_status cb_xlsx_read(struct cb_sources *set, const char *path, struct cb_diags *d,
                                 struct cb_source **out);

/* The same from parts given in memory rather than an archive (the fuzz
   harness tests/fuzz/fuzz_xlsx.c): name is the source's name, each part
   named as in the archive ("xl/workbook.xml"); the source has no digest. */
struct cb_xlsx_part {
  const char *name;
  const char *data;
  size_t len;
};
enum cb_load_status cb_xlsx_read_parts(struct cb_sources *set, const char *name,
                                       const struct cb_xlsx_part *parts, size_t nparts,
                                       struct cb_diags *d, struct cb_source **out);

#endif
