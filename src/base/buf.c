/*
 * buf.c: growable byte strings and the checked allocation wrappers.
 *
 * Owns nothing beyond each cb_buf's own block. cb_xmalloc and friends print a
 * French message and exit with status 2 when the machine refuses memory, so no
 * caller has to handle NULL.
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

void *cb_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fputs("cible: erreur: mémoire épuisée\n", stderr);
    exit(2);
  }
  return p;
}

void *cb_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    fputs("cible: erreur: mémoire épuisée\n", stderr);
    exit(2);
  }
  return q;
}

char *cb_xstrndup(const char *s, size_t n) {
  char *p = cb_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

static void reserve(struct cb_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1)
    cap *= 2;
  b->data = cb_xrealloc(b->data, cap);
  b->cap = cap;
}

void cb_buf_add(struct cb_buf *b, const char *s, size_t n) {
  reserve(b, n);
  if (n)
    memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void cb_buf_puts(struct cb_buf *b, const char *s) { cb_buf_add(b, s, strlen(s)); }

void cb_buf_putc_slow(struct cb_buf *b, char c) { cb_buf_add(b, &c, 1); }

void cb_buf_vprintf(struct cb_buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return;
  reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void cb_buf_printf(struct cb_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cb_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void cb_buf_pad(struct cb_buf *b, size_t n) {
  reserve(b, n);
  memset(b->data + b->len, ' ', n);
  b->len += n;
  b->data[b->len] = '\0';
}

const char *cb_buf_str(const struct cb_buf *b) { return b->data ? b->data : ""; }

void cb_buf_clear(struct cb_buf *b) {
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

void cb_buf_free(struct cb_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *cb_buf_take(struct cb_buf *b) {
  char *p = b->data ? b->data : cb_xstrndup("", 0);
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

size_t cb_utf8_chars(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      w++;
  return w;
}

size_t cb_utf8_cp_width(int32_t cp) {
  if (cp < 0x20 || cp == 0x7F)
    return 1; /* shown as '?' (a tab is the caller's business) */
  int w = utf8proc_charwidth(cp);
  return w > 0 ? (size_t)w : 0;
}

size_t cb_utf8_width(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) { /* not UTF-8 (never for a loaded source): one column per byte */
      w++;
      i++;
      continue;
    }
    w += cb_utf8_cp_width(cp);
    i += (size_t)k;
  }
  return w;
}

size_t cb_utf8_display_col(const char *line, size_t n) {
  size_t col = 0;
  for (size_t i = 0; i < n;) {
    if (line[i] == '\t') {
      col = (col / 8 + 1) * 8;
      i++;
      continue;
    }
    size_t k = 1; /* one character: a lead byte and its continuation bytes */
    while (i + k < n && ((unsigned char)line[i + k] & 0xC0) == 0x80)
      k++;
    col += cb_utf8_width(line + i, k);
    i += k;
  }
  return col;
}
