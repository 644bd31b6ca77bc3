/*
 * json.c: the JSON writer of json.h.
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "format.h"
#include "num.h"

/* The bytes of s escaped for a JSON string, without the quotes: runs of
   bytes that need no escape are copied whole. */
static void put_escaped(struct cb_buf *b, const char *s) {
  const unsigned char *p = (const unsigned char *)s, *run = p;
  for (; p && *p; p++) {
    const char *esc;
    switch (*p) {
    case '"':
      esc = "\\\"";
      break;
    case '\\':
      esc = "\\\\";
      break;
    case '\n':
      esc = "\\n";
      break;
    case '\r':
      esc = "\\r";
      break;
    case '\t':
      esc = "\\t";
      break;
    default:
      if (*p >= 0x20)
        continue;
      esc = NULL;
    }
    cb_buf_add(b, (const char *)run, (size_t)(p - run));
    if (esc)
      cb_buf_puts(b, esc);
    else
      cb_buf_printf(b, "\\u%04x", *p);
    run = p + 1;
  }
  if (p)
    cb_buf_add(b, (const char *)run, (size_t)(p - run));
}

void cb_json_str(struct cb_buf *b, const char *s) {
  cb_buf_putc(b, '"');
  put_escaped(b, s);
  cb_buf_putc(b, '"');
}

void cb_jw_key(struct cb_jw *w, const char *k) {
  cb_buf_puts(w->b, w->first ? "\n" : ",\n");
  w->first = false;
  cb_buf_pad(w->b, (size_t)w->indent * 2);
  cb_json_str(w->b, k);
  cb_buf_puts(w->b, ": ");
}

void cb_jw_open(struct cb_jw *w, char c) {
  cb_buf_putc(w->b, c);
  w->indent++;
  w->first = true;
}

void cb_jw_close(struct cb_jw *w, char c) {
  w->indent--;
  if (!w->first) {
    cb_buf_putc(w->b, '\n');
    cb_buf_pad(w->b, (size_t)w->indent * 2);
  }
  cb_buf_putc(w->b, c);
  w->first = false;
}

void cb_jw_item(struct cb_jw *w) {
  cb_buf_puts(w->b, w->first ? "\n" : ",\n");
  w->first = false;
  cb_buf_pad(w->b, (size_t)w->indent * 2);
}


void cb_fmt_kind(struct cb_buf *b, mpq_srcptr q, enum cb_jkind k, const struct cb_munit *u) {
  switch (k) {
  case CB_J_PCT:
    cb_fmt_pct(b, q);
    break;
  case CB_J_EUR:
    cb_fmt_eur(b, q);
    break;
  case CB_J_PTS:
    cb_fmt_points(b, q);
    break;
  case CB_J_VAL:
    cb_fmt_value(b, q, u, true);
    break;
  }
}

/* Appends the text that put(b) writes as a JSON string. The figures are
   written straight into the output (digits, signs, separators, units);
   only a text that turns out to need escaping goes through a copy. */
static void put_str_of(struct cb_buf *b, void (*put)(struct cb_buf *, mpq_srcptr, const void *),
                       mpq_srcptr q, const void *arg) {
  cb_buf_putc(b, '"');
  size_t from = b->len;
  put(b, q, arg);
  bool plain = true;
  for (size_t i = from; i < b->len && plain; i++) {
    unsigned char c = (unsigned char)b->data[i];
    plain = c >= 0x20 && c != '"' && c != '\\';
  }
  if (!plain) {
    char *t = cb_xstrndup(b->data + from, b->len - from);
    b->len = from;
    put_escaped(b, t);
    free(t);
  }
  cb_buf_putc(b, '"');
}

static void put_fraction(struct cb_buf *b, mpq_srcptr q, const void *arg) {
  (void)arg;
  cb_num_fmt_fraction(b, q);
}

static void put_decimal(struct cb_buf *b, mpq_srcptr q, const void *arg) {
  cb_num_fmt(b, q, *(const unsigned *)arg, CB_WRITE_DOT);
}

struct kind_arg {
  enum cb_jkind k;
  const struct cb_munit *u;
};

static void put_kind(struct cb_buf *b, mpq_srcptr q, const void *arg) {
  const struct kind_arg *ka = arg;
  cb_fmt_kind(b, q, ka->k, ka->u);
}

void cb_jw_num(struct cb_jw *w, const char *key, mpq_srcptr q, enum cb_jkind k,
                 const struct cb_munit *u) {
  cb_jw_key(w, key);
  if (!q) {
    cb_buf_puts(w->b, "null");
    return;
  }
  cb_jw_open(w, '{');
  cb_jw_key(w, "exact");
  put_str_of(w->b, put_fraction, q, NULL);
  int dec = cb_num_decimals(q, 12);
  if (dec >= 0) {
    cb_jw_key(w, "decimal");
    unsigned places = (unsigned)dec;
    put_str_of(w->b, put_decimal, q, &places);
  }
  cb_jw_key(w, "affiche");
  struct kind_arg ka = {k, u};
  put_str_of(w->b, put_kind, q, &ka);
  cb_jw_close(w, '}');
}

void cb_jw_loc(struct cb_jw *w, const char *key, struct cb_loc loc) {
  cb_jw_key(w, key);
  if (!loc.src) {
    cb_buf_puts(w->b, "null");
    return;
  }
  cb_buf_putc(w->b, '"');
  put_escaped(w->b, loc.src->name);
  char digits[24];
  int n = snprintf(digits, sizeof digits, ":%d\"", loc.line);
  cb_buf_add(w->b, digits, (size_t)n);
}
