/*
 * source.h: input files and source locations.
 *
 * A cb_source owns the bytes of one input (a contract, a measures file, or a
 * string given by a test) and a table of line starts, so a location can be
 * turned back into the text of its line for a diagnostic. Loading validates the
 * encoding: the rest of Cible may assume well-formed UTF-8 in NFC, without
 * NUL bytes, with the byte order mark removed and no lone CR. A set may
 * instead read the user's files that are not UTF-8 as Windows-1252
 * (`--encodage latin1`): they are converted to UTF-8 on loading, one
 * character per byte of the file, so lines, columns and byte positions in
 * messages still point into the file as written; a file that is valid UTF-8
 * stays UTF-8.
 */
#ifndef CB_SOURCE_H
#define CB_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

struct cb_diags;

/* Largest input accepted, in bytes (64 MiB): far above any contract or a
   million-row measures file, low enough to refuse a wrong file quickly. */
#define CB_MAX_FILE_SIZE ((size_t)64 * 1024 * 1024)
/* Longest line accepted in a contract, in bytes. */
#define CB_MAX_LINE_LEN 10000

/* How the bytes of an input are read. */
enum cb_encoding {
  CB_ENC_UTF8,   /* UTF-8, optional BOM (the default) */
  CB_ENC_CP1252, /* Windows-1252, of which Latin-1 is a subset: converted to UTF-8 */
};

/* Reads an --encodage value: utf8, utf-8, latin1, latin-1, cp1252,
   windows-1252 (any case). False when unknown. */
bool cb_encoding_parse(const char *name, enum cb_encoding *out);

struct cb_source {
  char *name;       /* as given on the command line */
  char *text;       /* contents in UTF-8, BOM removed, NUL-terminated */
  size_t len;       /* bytes in text */
  size_t *lines;    /* byte offset of the start of each line */
  size_t nlines;
  bool had_bom;
  bool normalized;  /* text differs from the file beyond the BOM: converted from
                       Windows-1252, composed to NFC, or lone CRs made LFs */
  enum cb_encoding encoding; /* of the file; text is UTF-8 whatever it is */
  bool hashed;      /* read from a file: sha256 holds the digest of its bytes */
  unsigned char sha256[32]; /* SHA-256 of the file's bytes as read, before any
                               conversion (what `sha256sum` prints) */
  bool sheet;       /* a spreadsheet's sheet written as CSV (xlsx_read.h): read
                       without a decimal convention */
  const char *import; /* a standard library module: the name `importe` gave
                         it (set by the session), else NULL */
  struct cb_source *next; /* list owned by the cb_sources set */
};

/* A location: 1-based line and byte column of the first byte, and of the
   byte after the last one. A NULL src means "no place in a file". */
struct cb_loc {
  const struct cb_source *src;
  int line, col;
  int end_line, end_col;
};

/* The set of every source of a run; freeing it frees them all. The user's
   inputs are read in its encoding (zero, the default, is UTF-8). */
struct cb_sources {
  struct cb_source *head, *tail;
  enum cb_encoding encoding;
};

enum cb_load_status {
  CB_LOAD_OK,
  CB_LOAD_IO,      /* missing, unreadable, a directory: usage/I-O error (exit 2) */
  CB_LOAD_INVALID, /* read but rejected (encoding, NUL, size): diagnostic given */
};

/* Reads a user's file: UTF-8 when it is valid UTF-8, else in the set's
   encoding; on failure reports a located diagnostic into d. */
enum cb_load_status cb_source_load(struct cb_sources *set, const char *path,
                                   struct cb_diags *d, struct cb_source **out);
/* The same with encoding enc, and no hint naming --encodage (the standard
   library is UTF-8 whatever the user's files are). */
enum cb_load_status cb_source_load_as(struct cb_sources *set, const char *path,
                                      enum cb_encoding enc, struct cb_diags *d,
                                      struct cb_source **out);
/* Wraps a string (copied); validates it like a file. */
enum cb_load_status cb_source_from_string(struct cb_sources *set, const char *name,
                                          const char *text, size_t len,
                                          struct cb_diags *d, struct cb_source **out);
void cb_sources_free(struct cb_sources *set);

struct cb_buf;
/* The bytes of the file at path appended to out, at most CB_MAX_FILE_SIZE
   (*too_big set when there were more); false after reporting E0000 (a
   missing or unreadable file, a directory: exit 2). */
bool cb_file_read(const char *path, struct cb_buf *out, bool *too_big, struct cb_diags *d);
/* The SHA-256 of n bytes at p (nettle). */
void cb_sha256(const void *p, size_t n, unsigned char digest[32]);

/* Text of line n (1-based) without its line terminator. */
const char *cb_source_line(const struct cb_source *s, int n, size_t *len);
struct cb_arena;
/* The text loc spans, as written (to the end of its first line when it
   goes on), copied into a. */
const char *cb_loc_written(struct cb_arena *a, struct cb_loc loc);
/* Location of byte offset off (line, column), zero-width. */
struct cb_loc cb_source_loc_at(const struct cb_source *s, size_t off);

/* A location spanning from a to b. */
struct cb_loc cb_loc_span(struct cb_loc a, struct cb_loc b);

#endif
