/*
 * json.c: the JSON writer of json.h.
 */
#include "json.h"

#include "buf.h"
#include "format.h"
#include "num.h"

void cb_json_str(struct cb_buf *b, const char *s) {
  cb_buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    switch (*p) {
    case '"':
      cb_buf_puts(b, "\\\"");
      break;
    case '\\':
      cb_buf_puts(b, "\\\\");
      break;
    case '\n':
      cb_buf_puts(b, "\\n");
      break;
    case '\r':
      cb_buf_puts(b, "\\r");
      break;
    case '\t':
      cb_buf_puts(b, "\\t");
      break;
    default:
      if (*p < 0x20)
        cb_buf_printf(b, "\\u%04x", *p);
      else
        cb_buf_putc(b, (char)*p);
    }
  }
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

void cb_jw_num(struct cb_jw *w, const char *key, mpq_srcptr q, enum cb_jkind k,
                 const struct cb_munit *u) {
  cb_jw_key(w, key);
  if (!q) {
    cb_buf_puts(w->b, "null");
    return;
  }
  cb_jw_open(w, '{');
  cb_jw_key(w, "exact");
  struct cb_buf t = CB_BUF_INIT;
  cb_num_fmt_fraction(&t, q);
  cb_json_str(w->b, cb_buf_str(&t));
  cb_buf_clear(&t);
  int dec = cb_num_decimals(q, 12);
  if (dec >= 0) {
    cb_jw_key(w, "decimal");
    cb_num_fmt(&t, q, (unsigned)dec, CB_WRITE_DOT);
    cb_json_str(w->b, cb_buf_str(&t));
    cb_buf_clear(&t);
  }
  cb_jw_key(w, "affiche");
  cb_fmt_kind(&t, q, k, u);
  cb_json_str(w->b, cb_buf_str(&t));
  cb_buf_free(&t);
  cb_jw_close(w, '}');
}

void cb_jw_loc(struct cb_jw *w, const char *key, struct cb_loc loc) {
  cb_jw_key(w, key);
  if (!loc.src) {
    cb_buf_puts(w->b, "null");
    return;
  }
  struct cb_buf t = CB_BUF_INIT;
  cb_buf_printf(&t, "%s:%d", loc.src->name, loc.line);
  cb_json_str(w->b, cb_buf_str(&t));
  cb_buf_free(&t);
}

