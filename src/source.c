/*
 * source.c: loading inputs, validating their encoding, and mapping byte
 * offsets to lines.
 *
 * Owns every cb_source of a run through the cb_sources set. Validation happens
 * once here so that the scanner and the CSV reader see only well-formed UTF-8:
 * invalid bytes, NUL bytes, oversized files and overlong lines are located
 * diagnostics (E0001 to E0004). A file that is not valid UTF-8 but reads as
 * Windows-1252 gets a hint that says how to convert it.
 */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"

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

/* True when every byte >= 0x80 of the text reads as a printable
   Windows-1252 character: the file was most likely saved in that encoding. */
static bool looks_cp1252(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned c = p[i];
    if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
      return false;
  }
  return true;
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

static bool validate(struct cb_source *s, struct cb_diags *d) {
  const unsigned char *p = (const unsigned char *)s->text;
  for (size_t i = 0; i < s->len;) {
    if (p[i] == 0) {
      cb_diag_error(d, cb_source_loc_at(s, i), "E0002",
                    "octet nul à la position %zu : ce fichier n'est pas un texte",
                    i + (s->had_bom ? 3 : 0));
      return false;
    }
    size_t k = utf8_seq(p + i, s->len - i);
    if (!k) {
      struct cb_loc loc = cb_source_loc_at(s, i);
      cb_diag_error(d, loc, "E0001",
                    "octet 0x%02X invalide en UTF-8 à la position %zu", p[i],
                    i + (s->had_bom ? 3 : 0));
      if (looks_cp1252(p, s->len))
        cb_diag_note(d, loc,
                     "le fichier semble encodé en Windows-1252 (Latin-1) ; "
                     "convertissez-le en UTF-8, par exemple : "
                     "iconv -f WINDOWS-1252 -t UTF-8 « %s » > fichier-utf8",
                     s->name);
      return false;
    }
    i += k;
  }
  for (size_t l = 0; l < s->nlines; l++) {
    size_t start = s->lines[l];
    size_t end = l + 1 < s->nlines ? s->lines[l + 1] - 1 : s->len;
    if (end - start > CB_MAX_LINE_LEN) {
      struct cb_loc loc = cb_source_loc_at(s, start);
      cb_diag_error(d, loc, "E0004",
                    "ligne de %zu octets : la limite est de %d octets par ligne",
                    end - start, CB_MAX_LINE_LEN);
      return false;
    }
  }
  return true;
}

static struct cb_source *adopt(struct cb_sources *set, const char *name, char *text,
                               size_t len) {
  struct cb_source *s = cb_xmalloc(sizeof *s);
  memset(s, 0, sizeof *s);
  s->name = cb_xstrndup(name, strlen(name));
  if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
      (unsigned char)text[2] == 0xBF) {
    memmove(text, text + 3, len - 3);
    len -= 3;
    text[len] = '\0';
    s->had_bom = true;
  }
  s->text = text;
  s->len = len;
  build_lines(s);
  if (set->tail)
    set->tail->next = s;
  else
    set->head = s;
  set->tail = s;
  return s;
}

enum cb_load_status cb_source_from_string(struct cb_sources *set, const char *name,
                                          const char *text, size_t len,
                                          struct cb_diags *d, struct cb_source **out) {
  struct cb_source *s = adopt(set, name, cb_xstrndup(text, len), len);
  *out = s;
  return validate(s, d) ? CB_LOAD_OK : CB_LOAD_INVALID;
}

/* I/O failures have no place in a file: "cible: erreur[E0000]: …". */
static void io_error(struct cb_diags *d, const char *path, const char *why) {
  struct cb_loc none = {0};
  cb_diag_error(d, none, "E0000", "impossible de lire « %s » : %s", path, why);
}

enum cb_load_status cb_source_load(struct cb_sources *set, const char *path,
                                   struct cb_diags *d, struct cb_source **out) {
  *out = NULL;
  struct stat st;
  if (stat(path, &st) != 0) {
    io_error(d, path,
             errno == ENOENT ? "fichier introuvable" : strerror(errno));
    return CB_LOAD_IO;
  }
  if (S_ISDIR(st.st_mode)) {
    io_error(d, path, "c'est un répertoire, pas un fichier");
    return CB_LOAD_IO;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    io_error(d, path,
             errno == EACCES ? "permission refusée" : strerror(errno));
    return CB_LOAD_IO;
  }
  struct cb_buf b = CB_BUF_INIT;
  char chunk[65536];
  size_t n;
  bool too_big = false;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (b.len + n > CB_MAX_FILE_SIZE) {
      too_big = true;
      break;
    }
    cb_buf_add(&b, chunk, n);
  }
  bool failed = ferror(f) != 0;
  fclose(f);
  if (failed && !too_big) {
    cb_buf_free(&b);
    io_error(d, path, "erreur de lecture");
    return CB_LOAD_IO;
  }
  size_t len = b.len;
  char *text = b.data ? cb_buf_take(&b) : cb_xstrndup("", 0);
  struct cb_source *s = adopt(set, path, text, len);
  *out = s;
  if (too_big) {
    cb_diag_error(d, cb_source_loc_at(s, 0), "E0003",
                  "fichier trop grand : la limite est de %zu Mio",
                  CB_MAX_FILE_SIZE / (1024 * 1024));
    return CB_LOAD_INVALID;
  }
  return validate(s, d) ? CB_LOAD_OK : CB_LOAD_INVALID;
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
