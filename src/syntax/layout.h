/*
 * layout.h: the canonical layout of contract files (`cible fmt`).
 *
 * A token-level formatter driven by the scanner: every token is kept as
 * written (numbers, words, strings, comments), only the blanks between
 * them change: two spaces of indentation per open brace, one space between
 * tokens (none inside brackets, parentheses and signs), a line break after
 * `{` and around `}`, trailing comments two spaces after their line, at
 * most one blank line in a row.
 */
#ifndef CB_LAYOUT_H
#define CB_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

struct cb_buf;
struct cb_diags;
struct cb_source;

/* Writes the canonical layout of src to out. Returns false (out undefined)
   after reporting to d when src does not scan. */
bool cb_layout_source(struct cb_buf *out, const struct cb_source *src, struct cb_diags *d);

#endif
