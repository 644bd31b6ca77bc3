/*
 * fmt.h: the canonical layout of contract files (`cible fmt`).
 *
 * A token-level formatter driven by the scanner: every token is kept as
 * written (numbers, words, strings, comments), only the blanks between
 * them change: two spaces of indentation per open brace, one space between
 * tokens (none inside brackets, parentheses and signs), a line break after
 * `{` and around `}`, trailing comments two spaces after their line, at
 * most one blank line in a row.
 */
#ifndef CB_FMT_H
#define CB_FMT_H

#include <stdbool.h>
#include <stddef.h>

struct cb_buf;
struct cb_diags;
struct cb_source;

/* Writes the canonical layout of src to out. Returns false (out undefined)
   after reporting to d when src does not scan. */
bool cb_fmt_source(struct cb_buf *out, const struct cb_source *src, struct cb_diags *d);

/* Replaces the file at path by text atomically: a temporary file in the same
   directory, written, fsynced, then renamed over path (keeping its mode);
   on failure the temporary file is removed and path is untouched. Returns 0
   or an errno value. Test hook: with CIBLE_FMT_TEST_KILL=1 in the
   environment the process kills itself (SIGKILL) halfway through writing
   the temporary file. */
int cb_fmt_write_atomic(const char *path, const char *text, size_t len);

#endif
