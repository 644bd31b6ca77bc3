/*
 * source.c: loading inputs, validating their encoding, and mapping byte
 * offsets to lines.
 *
 * Owns every cb_source of a run through the cb_sources set. Validation happens
 * once here so that the scanner and the CSV reader see only well-formed UTF-8
 * in Unicode NFC (a decomposed é is composed on reading), with every line
 * ending in LF or CR LF (a lone CR, old Mac OS, becomes LF): invalid bytes,
 * NUL bytes, oversized files and overlong lines are located diagnostics
 * (E0001 to E0005), a UTF-16 file is named as such (E0006). A file that is not
 * valid UTF-8 but reads as Windows-1252 (and has no valid UTF-8 sequence
 * before its first bad byte) gets a hint that says how to read or convert it.
 * A set whose encoding is Windows-1252 (--encodage latin1) converts to UTF-8
 * the user's files that are not valid UTF-8 (E0005 for the five bytes that
 * code has no character for; E0007 for a file that mixes both); a valid
 * UTF-8 file is never reinterpreted. Positions in messages about a converted
 * file are counted in bytes of the file, which are characters of the text.
  */
#include "source.h"

#include <nettle/sha2.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <utf8proc.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "sysio.h"

/* Length of the UTF-8 sequence starting at p (at most n bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  size_t len;
  unsigned min;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  unsigned cp = c & (0xFFu >> (len + 1));
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (p[i] & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

/* Code points of the Windows-1252 bytes 0x80 to 0x9F (0 where the code has
   no character: 0x81, 0x8D, 0x8F, 0x90, 0x9D); the other bytes are the code
   point of the same value, as in Latin-1. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static unsigned cp1252_char(unsigned char c) {
  return c >= 0x80 && c <= 0x9F ? cp1252_c1[c - 0x80] : c;
}

/* True when every byte >= 0x80 of the text reads as a printable
   Windows-1252 character: the file was most likely saved in that encoding. */
static bool looks_cp1252(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] >= 0x80 && !cp1252_char(p[i]))
      return false;
  return true;
}

/* Offset of the first byte of p[0..n) that is not UTF-8 (n when there is
   none); *multibyte receives the offset of the first valid multibyte
   sequence before it (SIZE_MAX: none). */
static size_t first_non_utf8(const unsigned char *p, size_t n, size_t *multibyte) {
  *multibyte = SIZE_MAX;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq(p + i, n - i);
    if (!k)
      return i;
    if (k > 1 && *multibyte == SIZE_MAX)
      *multibyte = i;
    i += k;
  }
  return n;
}

/* 'L' or 'B' when the bytes are UTF-16 (little or big endian), else 0: a
   byte order mark (FF FE, FE FF: never UTF-8), or text whose odd (or even)
   bytes are nearly all zero, as ASCII is in UTF-16. *bom says there is a
   mark. */
static char utf16_kind(const unsigned char *p, size_t n, bool *bom) {
  *bom = n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF));
  if (*bom)
    return p[0] == 0xFF ? 'L' : 'B';
  size_t pairs = (n < 4096 ? n : 4096) / 2, zeven = 0, zodd = 0;
  for (size_t i = 0; i < pairs; i++) {
    zeven += p[2 * i] == 0;
    zodd += p[2 * i + 1] == 0;
  }
  if (pairs < 2)
    return 0;
  if (4 * zodd >= 3 * pairs && 4 * zeven < pairs)
    return 'L';
  if (4 * zeven >= 3 * pairs && 4 * zodd < pairs)
    return 'B';
  return 0;
}

static void put_utf8(struct cb_buf *b, unsigned cp) {
  char u[4];
  if (cp < 0x80) {
    cb_buf_putc(b, (char)cp);
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    cb_buf_add(b, u, 2);
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    cb_buf_add(b, u, 3);
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    cb_buf_add(b, u, 4);
  }
}

/* UTF-16 text (kind 'L' or 'B', its mark skipped) in UTF-8, only to quote
   its first line in the diagnostic that refuses it: a lone surrogate
   becomes U+FFFD. */
static char *utf16_to_utf8(const unsigned char *p, size_t n, char kind, bool bom,
                           size_t *outlen) {
  struct cb_buf b = CB_BUF_INIT;
  cb_buf_add(&b, "", 0);
  for (size_t i = bom ? 2 : 0; i + 1 < n; i += 2) {
    unsigned u = kind == 'L' ? p[i] | (unsigned)p[i + 1] << 8 : (unsigned)p[i] << 8 | p[i + 1];
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
      unsigned v = kind == 'L' ? p[i + 2] | (unsigned)p[i + 3] << 8
                               : (unsigned)p[i + 2] << 8 | p[i + 3];
      if (v >= 0xDC00 && v <= 0xDFFF) {
        put_utf8(&b, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
        i += 2;
        continue;
      }
    }
    put_utf8(&b, u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u);
  }
  *outlen = b.len;
  return cb_buf_take(&b);
}

bool cb_encoding_parse(const char *name, enum cb_encoding *out) {
  static const struct {
    const char *name;
    enum cb_encoding enc;
  } names[] = {
      {"utf8", CB_ENC_UTF8},       {"utf-8", CB_ENC_UTF8},          {"latin1", CB_ENC_CP1252},
      {"latin-1", CB_ENC_CP1252},  {"cp1252", CB_ENC_CP1252},
      {"windows-1252", CB_ENC_CP1252},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strcasecmp(name, names[i].name) == 0) {
      *out = names[i].enc;
      return true;
    }
  }
  return false;
}

/* Converts n bytes of Windows-1252 to UTF-8 (malloc'ed, NUL-terminated, its
   length in *outlen). An undefined byte becomes U+FFFD, one character like
   the byte it replaces; the offset in the result of the first one is stored
   in *bad (SIZE_MAX when there is none). */
static char *cp1252_to_utf8(const unsigned char *p, size_t n, size_t *outlen, size_t *bad) {
  struct cb_buf b = CB_BUF_INIT;
  *bad = SIZE_MAX;
  cb_buf_add(&b, "", 0);
  for (size_t i = 0; i < n; i++) {
    unsigned cp = cp1252_char(p[i]);
    if (p[i] >= 0x80 && !cp) {
      if (*bad == SIZE_MAX)
        *bad = b.len;
      cp = 0xFFFD;
    }
    char u[3];
    if (cp < 0x80) {
      cb_buf_putc(&b, (char)cp);
    } else if (cp < 0x800) {
      u[0] = (char)(0xC0 | (cp >> 6));
      u[1] = (char)(0x80 | (cp & 0x3F));
      cb_buf_add(&b, u, 2);
    } else {
      u[0] = (char)(0xE0 | (cp >> 12));
      u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
      u[2] = (char)(0x80 | (cp & 0x3F));
      cb_buf_add(&b, u, 3);
    }
  }
  *outlen = b.len;
  return cb_buf_take(&b);
}

/* Position in the file as written of byte off of the text: the UTF-8 BOM
   counts, and a converted file has one byte per character of the text. */
static size_t file_offset(const struct cb_source *s, size_t off) {
  if (s->encoding == CB_ENC_CP1252)
    return cb_utf8_chars(s->text, off);
  return off + (s->had_bom ? 3 : 0);
}

static void build_lines(struct cb_source *s);

/* A lone CR (old Mac OS) ends a line as LF does: it becomes one, byte for
   byte, so positions do not move; CR LF stays as it is. */
static void lone_cr_to_lf(struct cb_source *s) {
  for (size_t i = 0; i < s->len; i++)
    if (s->text[i] == '\r' && (i + 1 == s->len || s->text[i + 1] != '\n')) {
      s->text[i] = '\n';
      s->normalized = true;
    }
}

/* True when every run of non-ASCII bytes of text, from the first at
   offset i, is already NFC with the ASCII byte before it. An ASCII
   character never composes with a following ASCII one and blocks
   composition across it, so these runs are all that normalization can
   change: a French text, ASCII but for its accents, is checked in time
   proportional to its accents, not mapped whole. */
static bool runs_are_nfc(const char *text, size_t len, size_t i) {
  while (i < len) {
    size_t from = i ? i - 1 : 0, to = i;
    while (to < len && (unsigned char)text[to] >= 0x80)
      to++;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text + from,
                                      (utf8proc_ssize_t)(to - from), &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    bool same = n >= 0 && (size_t)n == to - from && memcmp(nfc, text + from, to - from) == 0;
    free(nfc);
    if (!same)
      return false;
    i = to;
    while (i < len && (unsigned char)text[i] < 0x80)
      i++;
  }
  return true;
}

/* Composes the text to Unicode NFC: a file saved decomposed (é as e and
   U+0301, as macOS and some copies write it) reads as the composed one. The
   lines are counted again; columns then count the characters of the text. */
static void compose_nfc(struct cb_source *s) {
  size_t i = 0;
  while (i < s->len && (unsigned char)s->text[i] < 0x80)
    i++;
  if (i == s->len)
    return; /* ASCII: already NFC */
  if (runs_are_nfc(s->text, s->len, i))
    return;
  utf8proc_uint8_t *nfc = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s->text, (utf8proc_ssize_t)s->len,
                                    &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (n < 0)
    return; /* validated before: cannot happen */
  if ((size_t)n == s->len && memcmp(nfc, s->text, s->len) == 0) {
    free(nfc);
    return;
  }
  free(s->text);
  s->text = (char *)nfc;
  s->len = (size_t)n;
  s->normalized = true;
  free(s->lines);
  build_lines(s);
}

static void build_lines(struct cb_source *s) {
  size_t n = 1;
  for (size_t i = 0; i < s->len; i++)
    if (s->text[i] == '\n')
      n++;
  s->lines = cb_xmalloc(n * sizeof *s->lines);
  s->nlines = 0;
  s->lines[s->nlines++] = 0;
  for (size_t i = 0; i < s->len; i++)
    if (s->text[i] == '\n')
      s->lines[s->nlines++] = i + 1;
}

/* user: a file of the user, which --encodage may read otherwise (the
   standard library is UTF-8, full stop). */
static bool validate(struct cb_source *s, bool user, struct cb_diags *d) {
  const unsigned char *p = (const unsigned char *)s->text;
  /* a valid multibyte sequence (the BOM is one): UTF-8, damaged further on */
  bool saw_utf8 = s->had_bom;
  for (size_t i = 0; i < s->len;) {
    if (p[i] == 0) {
      cb_diag_error(d, cb_source_loc_at(s, i), "E0002",
                    "octet nul à la position %zu : ce fichier n'est pas un texte",
                    file_offset(s, i));
      return false;
    }
    size_t k = utf8_seq(p + i, s->len - i);
    if (!k) {
      struct cb_loc loc = cb_source_loc_at(s, i);
      cb_diag_error(d, loc, "E0001",
                    "octet 0x%02X invalide en UTF-8 à la position %zu", p[i],
                    file_offset(s, i));
      if (!saw_utf8 && looks_cp1252(p, s->len) && user)
        cb_diag_note(d, loc,
                     "le fichier semble encodé en Windows-1252 (Latin-1) : relancez avec "
                     "--encodage latin1 (qui ne change pas la lecture des fichiers en UTF-8), "
                     "ou convertissez-le en UTF-8 : "
                     "iconv -f WINDOWS-1252 -t UTF-8 « %s » > fichier-utf8",
                     s->name);
      else if (!saw_utf8 && looks_cp1252(p, s->len))
        cb_diag_note(d, loc,
                     "le fichier semble encodé en Windows-1252 (Latin-1) : convertissez-le en "
                     "UTF-8 : iconv -f WINDOWS-1252 -t UTF-8 « %s » > fichier-utf8",
                     s->name);
      return false;
    }
    saw_utf8 = saw_utf8 || k > 1;
    i += k;
  }
  for (size_t l = 0; l < s->nlines; l++) {
    size_t start = s->lines[l];
    size_t end = l + 1 < s->nlines ? s->lines[l + 1] - 1 : s->len;
    /* in the file's bytes: a converted é is one byte of the file (counted on
       the line alone, file_offset would rescan the text from its start) */
    size_t bytes = s->encoding == CB_ENC_CP1252 ? cb_utf8_chars(s->text + start, end - start)
                                                : end - start;
    if (bytes > CB_MAX_LINE_LEN) {
      struct cb_loc loc = cb_source_loc_at(s, start);
      cb_diag_error(d, loc, "E0004",
                    "ligne de %zu octets : la limite est de %d octets par ligne",
                    bytes, CB_MAX_LINE_LEN);
      return false;
    }
  }
  return true;
}

/* Makes a source of text (malloc'ed, len bytes, NUL-terminated; taken) in
   encoding enc: converted from Windows-1252, or its UTF-8 BOM removed.
   *bad receives the offset of an undefined Windows-1252 byte (SIZE_MAX: none)
   and *byte its value. */
static struct cb_source *adopt(struct cb_sources *set, const char *name, char *text,
                               size_t len, enum cb_encoding enc, size_t *bad,
                               unsigned char *byte) {
  struct cb_source *s = cb_xmalloc(sizeof *s);
  memset(s, 0, sizeof *s);
  s->name = cb_xstrndup(name, strlen(name));
  s->encoding = enc;
  *bad = SIZE_MAX;
  if (s->encoding == CB_ENC_CP1252) {
    size_t n;
    char *utf8 = cp1252_to_utf8((const unsigned char *)text, len, &n, bad);
    if (*bad != SIZE_MAX)
      *byte = (unsigned char)text[cb_utf8_chars(utf8, *bad)];
    free(text);
    s->normalized = n != len; /* some byte was not ASCII */
    text = utf8;
    len = n;
  } else if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
             (unsigned char)text[2] == 0xBF) {
    memmove(text, text + 3, len - 3);
    len -= 3;
    text[len] = '\0';
    s->had_bom = true;
  }
  s->text = text;
  s->len = len;
  lone_cr_to_lf(s);
  build_lines(s);
  if (set->tail)
    set->tail->next = s;
  else
    set->head = s;
  set->tail = s;
  return s;
}

/* A UTF-16 text (kind 'L' or 'B', with a byte order mark when bom16),
   adopted as its UTF-8 conversion so that the error has a line to show,
   and refused (E0006) with the command that converts it. */
static enum cb_load_status refuse_utf16(struct cb_sources *set, const char *name, char *text,
                                        size_t len, char kind, bool bom16, struct cb_diags *d,
                                        struct cb_source **out) {
  size_t n, bad;
  unsigned char byte = 0;
  char *u = utf16_to_utf8((const unsigned char *)text, len, kind, bom16, &n);
  free(text);
  struct cb_source *s = adopt(set, name, u, n, CB_ENC_UTF8, &bad, &byte);
  *out = s;
  struct cb_loc loc = cb_source_loc_at(s, 0);
  cb_diag_error(d, loc, "E0006", "fichier encodé en UTF-16 (%s%s) : Cible lit l'UTF-8",
                kind == 'L' ? "UTF-16LE" : "UTF-16BE",
                bom16 ? ", avec marque d'ordre des octets" : "");
  cb_diag_note(d, loc,
               "convertissez-le en UTF-8 : iconv -f %s -t UTF-8 « %s » > fichier-utf8",
               bom16 ? "UTF-16" : kind == 'L' ? "UTF-16LE" : "UTF-16BE", name);
  return CB_LOAD_INVALID;
}

/* A text given as Windows-1252 whose byte at is not UTF-8 but which has
   UTF-8 before it (at first_mb): adopted as it is and refused (E0007),
   with a note at its first UTF-8 character (or its BOM). */
static enum cb_load_status refuse_mixed(struct cb_sources *set, const char *name, char *text,
                                        size_t len, size_t at, size_t first_mb,
                                        struct cb_diags *d, struct cb_source **out) {
  size_t bad;
  unsigned char byte = (unsigned char)text[at]; /* before adopt removes a BOM */
  struct cb_source *s = adopt(set, name, text, len, CB_ENC_UTF8, &bad, &byte);
  *out = s;
  size_t shift = s->had_bom ? 3 : 0; /* offsets in the text, BOM removed */
  struct cb_loc loc = cb_source_loc_at(s, at - shift);
  cb_diag_error(d, loc, "E0007",
                "octet 0x%02X invalide en UTF-8 à la position %zu, dans un fichier qui "
                "contient aussi de l'UTF-8 : --encodage %s ne le convertit pas",
                byte, at, "latin1");
  if (first_mb < shift)
    cb_diag_note(d, cb_source_loc_at(s, 0),
                 "le fichier commence par la marque d'ordre des octets de l'UTF-8 (BOM) ; "
                 "corrigez les caractères mal encodés, puis enregistrez le fichier en UTF-8");
  else
    cb_diag_note(d, cb_source_loc_at(s, first_mb - shift),
                 "premier caractère en UTF-8 du fichier ; corrigez les caractères mal "
                 "encodés, puis enregistrez le fichier en UTF-8");
  return CB_LOAD_INVALID;
}

/* Adopts text as a source of the set and validates it; *out receives it.
   A UTF-16 file is refused (E0006). For a user's file (user) read in
   Windows-1252, a text that is valid UTF-8 is read as UTF-8 all the same,
   and one that has UTF-8 before its first invalid byte is refused (E0007):
   converting it would damage what is already UTF-8. */
static enum cb_load_status finish(struct cb_sources *set, const char *name, char *text,
                                  size_t len, enum cb_encoding enc, bool user,
                                  struct cb_diags *d, struct cb_source **out) {
  const unsigned char *raw = (const unsigned char *)text;
  size_t bad;
  unsigned char byte = 0;
  bool bom16;
  char kind = utf16_kind(raw, len, &bom16);
  if (kind)
    return refuse_utf16(set, name, text, len, kind, bom16, d, out);
  if (enc == CB_ENC_CP1252) {
    size_t first_mb;
    size_t at = first_non_utf8(raw, len, &first_mb);
    if (at == len)
      enc = CB_ENC_UTF8; /* valid UTF-8 is never reinterpreted */
    else if (first_mb != SIZE_MAX)
      return refuse_mixed(set, name, text, len, at, first_mb, d, out);
  }
  struct cb_source *s = adopt(set, name, text, len, enc, &bad, &byte);
  *out = s;
  if (bad != SIZE_MAX) {
    cb_diag_error(d, cb_source_loc_at(s, bad), "E0005",
                  "octet 0x%02X sans caractère en Windows-1252 à la position %zu", byte,
                  file_offset(s, bad));
    return CB_LOAD_INVALID;
  }
  if (!validate(s, user, d))
    return CB_LOAD_INVALID;
  compose_nfc(s);
  return CB_LOAD_OK;
}

enum cb_load_status cb_source_from_string(struct cb_sources *set, const char *name,
                                          const char *text, size_t len,
                                          struct cb_diags *d, struct cb_source **out) {
  return finish(set, name, cb_xstrndup(text, len), len, set->encoding, true, d, out);
}

/* I/O failures have no place in a file: "cible: erreur[E0000]: …". */
static void io_error(struct cb_diags *d, const char *path, const char *why) {
  struct cb_loc none = {0};
  cb_diag_error(d, none, "E0000", "impossible de lire « %s » : %s", path, why);
}

static enum cb_load_status load(struct cb_sources *set, const char *path, enum cb_encoding enc,
                               bool user, struct cb_diags *d, struct cb_source **out);

enum cb_load_status cb_source_load(struct cb_sources *set, const char *path,
                                   struct cb_diags *d, struct cb_source **out) {
  return load(set, path, set->encoding, true, d, out);
}

enum cb_load_status cb_source_load_as(struct cb_sources *set, const char *path,
                                      enum cb_encoding enc, struct cb_diags *d,
                                      struct cb_source **out) {
  return load(set, path, enc, false, d, out);
}

bool cb_file_read(const char *path, struct cb_buf *out, bool *too_big, struct cb_diags *d) {
  *too_big = false;
  struct stat st;
  if (stat(path, &st) != 0) {
    io_error(d, path, cb_errno_text(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    io_error(d, path, "c'est un répertoire, pas un fichier");
    return false;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    io_error(d, path, cb_errno_text(errno));
    return false;
  }
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (out->len + n > CB_MAX_FILE_SIZE) {
      *too_big = true;
      break;
    }
    cb_buf_add(out, chunk, n);
  }
  bool failed = ferror(f) != 0;
  fclose(f);
  if (failed && !*too_big) {
    cb_buf_free(out);
    io_error(d, path, "erreur de lecture");
    return false;
  }
  return true;
}

void cb_sha256(const void *p, size_t n, unsigned char digest[32]) {
  struct sha256_ctx h;
  sha256_init(&h);
  sha256_update(&h, n, (const uint8_t *)(n ? p : ""));
  sha256_digest(&h, SHA256_DIGEST_SIZE, digest);
}

static enum cb_load_status load(struct cb_sources *set, const char *path, enum cb_encoding enc,
                               bool user, struct cb_diags *d, struct cb_source **out) {
  *out = NULL;
  struct cb_buf b = CB_BUF_INIT;
  bool too_big;
  if (!cb_file_read(path, &b, &too_big, d))
    return CB_LOAD_IO;
  size_t len = b.len;
  char *text = b.data ? cb_buf_take(&b) : cb_xstrndup("", 0);
  unsigned char digest[SHA256_DIGEST_SIZE];
  cb_sha256(text, len, digest);
  if (too_big) {
    /* not validated: only its first line is quoted */
    size_t bad;
    unsigned char byte;
    struct cb_source *s = adopt(set, path, text, len, enc, &bad, &byte);
    *out = s;
    cb_diag_error(d, cb_source_loc_at(s, 0), "E0003",
                  "fichier trop grand : la limite est de %zu Mio",
                  CB_MAX_FILE_SIZE / (1024 * 1024));
    return CB_LOAD_INVALID;
  }
  enum cb_load_status status = finish(set, path, text, len, enc, user, d, out);
  if (*out) {
    (*out)->hashed = true;
    memcpy((*out)->sha256, digest, sizeof digest);
  }
  return status;
}

void cb_sources_free(struct cb_sources *set) {
  for (struct cb_source *s = set->head, *n; s; s = n) {
    n = s->next;
    free(s->name);
    free(s->text);
    free(s->lines);
    free(s);
  }
  set->head = set->tail = NULL;
}

const char *cb_source_line(const struct cb_source *s, int n, size_t *len) {
  if (n < 1 || (size_t)n > s->nlines) {
    *len = 0;
    return "";
  }
  size_t start = s->lines[n - 1];
  size_t end = (size_t)n < s->nlines ? s->lines[n] - 1 : s->len;
  if (end > start && s->text[end - 1] == '\r')
    end--;
  *len = end - start;
  return s->text + start;
}

struct cb_loc cb_source_loc_at(const struct cb_source *s, size_t off) {
  /* binary search for the last line start <= off */
  size_t lo = 0, hi = s->nlines;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->lines[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  struct cb_loc loc = {s, (int)lo + 1, (int)(off - s->lines[lo]) + 1, (int)lo + 1,
                       (int)(off - s->lines[lo]) + 1};
  return loc;
}

struct cb_loc cb_loc_span(struct cb_loc a, struct cb_loc b) {
  struct cb_loc r = a;
  r.end_line = b.end_line;
  r.end_col = b.end_col;
  return r;
}

const char *cb_loc_written(struct cb_arena *a, struct cb_loc loc) {
  size_t len;
  const char *line = cb_source_line(loc.src, loc.line, &len);
  size_t from = (size_t)(loc.col - 1);
  size_t to = loc.end_line == loc.line ? (size_t)(loc.end_col - 1) : len;
  if (from > len)
    from = len;
  if (to > len || to < from)
    to = len;
  return cb_arena_strndup(a, line + from, to - from);
}
