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
struct stat;

/* Writes the canonical layout of src to out. Returns false (out undefined)
   after reporting to d when src does not scan. */
bool cb_fmt_source(struct cb_buf *out, const struct cb_source *src, struct cb_diags *d);

/* Refusals of cb_fmt_write_atomic (negative, unlike errno values). */
enum {
  CB_FMT_READONLY = -1,    /* no write bit, or not writable by this user */
  CB_FMT_CHANGED = -2,     /* changed since it was read (or during the rewrite) */
  CB_FMT_LINKS = -3,       /* several hard links: a rename would split them */
  CB_FMT_NOT_REGULAR = -4, /* not a regular file */
  CB_FMT_OWNER = -5        /* owner or group cannot be kept */
};

/* Replaces the file at path by text atomically. Symbolic links are
   followed: the file they lead to is rewritten, the links stay. A temporary
   file with a short name (.cible-fmt-XXXXXX) in that file's directory is
   written, given the owner, group and mode of the original, fsynced, then
   renamed over it, unless the original changed meanwhile (device, inode,
   size, modification and change times compared with `before`, the stat
   taken before the file was read, when not NULL, and again just before the
   rename). Read-only files, files with several hard links and non-regular
   files are refused. On failure, and on SIGINT, SIGTERM, SIGHUP, SIGQUIT or
   SIGPIPE, the temporary file is removed and path is untouched. Returns 0,
   an errno value or one of the CB_FMT_ refusals (cb_fmt_write_error says
   it in French). Test hooks: with CIBLE_FMT_TEST_KILL=1 in the
   environment the process kills itself (SIGKILL) halfway through writing
   the temporary file; with CIBLE_FMT_TEST_WAIT=FIFO it reads a byte from
   FIFO once the temporary file is written, before the final check. */
int cb_fmt_write_atomic(const char *path, const char *text, size_t len,
                        const struct stat *before);

/* The French reason for a cb_fmt_write_atomic failure. */
const char *cb_fmt_write_error(int err);

#endif
