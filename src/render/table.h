/*
 * table.h: aligned text tables of the printers (evaluation, schedule, diff).
 *
 * table.c lays out rows of cells under a title row: each column as wide as
 * its widest cell (in display columns, cb_utf8_width), numbers right-aligned,
 * two spaces between columns, no trailing spaces. A missing cell prints as
 * "—" except in the blank column (a verdict that may be empty). Titles are
 * left-aligned, or aligned as their column (cb_table_print_aligned).
 * Columns optionally drop out when no row fills them.
 */
#ifndef CB_TABLE_H
#define CB_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct cb_buf;

struct cb_table_spec {
  const char *const *titles; /* ncols titles */
  const bool *right;         /* right-aligned columns */
  int ncols;
  int keep;                  /* this column shows even when empty */
  bool drop_empty;           /* drop the other columns no row fills */
  int blank;                 /* column whose missing cells stay blank (-1: none) */
};

/* cells: nrows × ncols strings, NULL when missing. Titles left-aligned. */
void cb_table_print(struct cb_buf *out, const struct cb_table_spec *spec, char *const *cells,
                    size_t nrows);
/* Same, each title aligned as its column (diff's money table). */
void cb_table_print_aligned(struct cb_buf *out, const struct cb_table_spec *spec,
                            char *const *cells, size_t nrows);

#endif
