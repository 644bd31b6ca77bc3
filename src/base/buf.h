/*
 * buf.h: growable byte strings.
 *
 * A cb_buf owns a heap block that grows by doubling; every printer, the
 * diagnostic renderer and the number formatter append into one. The bytes are
 * always NUL-terminated. Allocation failure aborts the process (see
 * cb_xmalloc): Cible has no partial-output mode for an exhausted machine.
 */
#ifndef CB_BUF_H
#define CB_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct cb_buf {
  char *data; /* NUL-terminated, NULL until the first append */
  size_t len; /* bytes used, terminator excluded */
  size_t cap; /* bytes allocated */
};

#define CB_BUF_INIT {NULL, 0, 0}

void *cb_xmalloc(size_t n);
void *cb_xrealloc(void *p, size_t n);
char *cb_xstrndup(const char *s, size_t n);

void cb_buf_add(struct cb_buf *b, const char *s, size_t n);
void cb_buf_puts(struct cb_buf *b, const char *s);
void cb_buf_putc_slow(struct cb_buf *b, char c);
/* Appends one byte: in place while the block has room (printers write
   most of their output a byte at a time). */
static inline void cb_buf_putc(struct cb_buf *b, char c) {
  if (b->len + 2 <= b->cap) {
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
  } else {
    cb_buf_putc_slow(b, c);
  }
}
void cb_buf_printf(struct cb_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cb_buf_vprintf(struct cb_buf *b, const char *fmt, va_list ap);
/* Appends n spaces. */
void cb_buf_pad(struct cb_buf *b, size_t n);
/* Returns the contents ("" when empty); valid until the next append. */
const char *cb_buf_str(const struct cb_buf *b);
void cb_buf_clear(struct cb_buf *b);
void cb_buf_free(struct cb_buf *b);
/* Hands the block to the caller (malloc'ed, NUL-terminated) and resets b. */
char *cb_buf_take(struct cb_buf *b);

/* Number of UTF-8 code points in s[0..n). */
size_t cb_utf8_chars(const char *s, size_t n);
/* Columns that s[0..n) takes on a terminal: combining marks none, wide
   (East Asian, emoji) characters two, control characters one (shown as '?'). */
size_t cb_utf8_width(const char *s, size_t n);
/* The same for one code point. */
size_t cb_utf8_cp_width(int32_t cp);
/* The display column (from 0) reached after the first n bytes of a line:
   cb_utf8_width of each character, a tab going to the next multiple of 8
   (the GNU rule for the column of a diagnostic). */
size_t cb_utf8_display_col(const char *line, size_t n);

#endif
