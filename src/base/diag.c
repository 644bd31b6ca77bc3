/*
 * diag.c: the diagnostic list and its GNU-form renderer.
 *
 * Owns the messages it stores. Rendering prints
 * "file:line:col: erreur[CODE]: message", then the source line behind a
 * gutter and a caret with tildes under the span. The column number is the
 * display column, as GNU style asks: 1 + the width of the text before
 * (cb_utf8_display_col: a wide character counts two, a combining mark none,
 * a tab goes to the next multiple of 8). The caret line repeats the tabs of
 * the source line and pads the rest by the same widths (the gutter is 8
 * wide, so the tab stops agree), and the tildes are as wide as the span:
 * caret and number always designate the same column.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

void cb_diag_add(struct cb_diags *d, enum cb_severity sev, struct cb_loc loc,
                 const char *code, const char *fmt, va_list ap) {
  struct cb_diag *g = cb_xmalloc(sizeof *g);
  struct cb_buf b = CB_BUF_INIT;
  cb_buf_vprintf(&b, fmt, ap);
  g->sev = sev;
  g->code = code;
  g->loc = loc;
  g->msg = cb_buf_take(&b);
  g->next = NULL;
  if (d->tail)
    d->tail->next = g;
  else
    d->head = g;
  d->tail = g;
  if (sev == CB_SEV_ERROR)
    d->nerrors++;
  else if (sev == CB_SEV_WARNING)
    d->nwarnings++;
}

void cb_diag_error(struct cb_diags *d, struct cb_loc loc, const char *code,
                   const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cb_diag_add(d, CB_SEV_ERROR, loc, code, fmt, ap);
  va_end(ap);
}

void cb_diag_warning(struct cb_diags *d, struct cb_loc loc, const char *code,
                     const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cb_diag_add(d, CB_SEV_WARNING, loc, code, fmt, ap);
  va_end(ap);
}

void cb_diag_note(struct cb_diags *d, struct cb_loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cb_diag_add(d, CB_SEV_NOTE, loc, NULL, fmt, ap);
  va_end(ap);
}

static const char *sev_name(enum cb_severity s) {
  switch (s) {
  case CB_SEV_ERROR:
    return "erreur";
  case CB_SEV_WARNING:
    return "attention";
  case CB_SEV_NOTE:
    return "note";
  }
  return "?";
}

static void render_one(struct cb_buf *b, const struct cb_diag *g) {
  const struct cb_source *s = g->loc.src;
  if (!s) {
    cb_buf_puts(b, "cible: ");
  } else {
    size_t len;
    const char *line = cb_source_line(s, g->loc.line, &len);
    size_t bcol = g->loc.col > 0 ? (size_t)g->loc.col - 1 : 0;
    if (bcol > len)
      bcol = len;
    size_t ccol = cb_utf8_display_col(line, bcol) + 1;
    cb_buf_printf(b, "%s:%d:%zu: ", s->name, g->loc.line, ccol);
  }
  cb_buf_puts(b, sev_name(g->sev));
  if (g->code)
    cb_buf_printf(b, "[%s]", g->code);
  cb_buf_printf(b, ": %s\n", g->msg);
  if (!s || g->loc.line < 1)
    return;
  size_t len;
  const char *line = cb_source_line(s, g->loc.line, &len);
  if (len == 0 && (size_t)g->loc.line > s->nlines)
    return;
  cb_buf_printf(b, "%5d | ", g->loc.line);
  for (size_t i = 0; i < len; i++) /* a NUL or control byte would cut or garble the line */
    cb_buf_putc(b, (unsigned char)line[i] < 0x20 && line[i] != '\t' ? '?' : line[i]);
  cb_buf_puts(b, "\n      | ");
  size_t bcol = g->loc.col > 0 ? (size_t)g->loc.col - 1 : 0;
  if (bcol > len)
    bcol = len;
  for (size_t i = 0; i < bcol; i++) { /* as wide as the text above, tabs kept */
    if (line[i] == '\t') {
      cb_buf_putc(b, '\t');
    } else {
      size_t k = 1;
      while (i + k < bcol && ((unsigned char)line[i + k] & 0xC0) == 0x80)
        k++;
      cb_buf_pad(b, cb_utf8_width(line + i, k));
      i += k - 1;
    }
  }
  size_t bend = len; /* a span over several lines: underline to the end */
  if (g->loc.end_line == g->loc.line)
    bend = g->loc.end_col > g->loc.col ? (size_t)g->loc.end_col - 1 : bcol + 1;
  if (bend > len)
    bend = len;
  size_t width = bend > bcol ? cb_utf8_display_col(line, bend) - cb_utf8_display_col(line, bcol) : 1;
  if (width == 0)
    width = 1;
  cb_buf_putc(b, '^');
  for (size_t i = 1; i < width; i++)
    cb_buf_putc(b, '~');
  cb_buf_putc(b, '\n');
}

char *cb_diag_render_string(const struct cb_diags *d, int max) {
  struct cb_buf b = CB_BUF_INIT;
  int shown = 0, hidden_err = 0, hidden_warn = 0;
  bool skipping = false;
  for (const struct cb_diag *g = d->head; g; g = g->next) {
    if (g->sev == CB_SEV_NOTE) {
      if (!skipping)
        render_one(&b, g);
      continue;
    }
    if (max > 0 && shown >= max) {
      skipping = true;
      if (g->sev == CB_SEV_ERROR)
        hidden_err++;
      else
        hidden_warn++;
      continue;
    }
    skipping = false;
    shown++;
    render_one(&b, g);
  }
  if (hidden_err || hidden_warn) {
    cb_buf_puts(&b, "cible: note: et");
    if (hidden_err)
      cb_buf_printf(&b, " %d autre%s erreur%s", hidden_err, hidden_err > 1 ? "s" : "",
                    hidden_err > 1 ? "s" : "");
    if (hidden_err && hidden_warn)
      cb_buf_puts(&b, " et");
    if (hidden_warn)
      cb_buf_printf(&b, " %d autre%s avertissement%s", hidden_warn,
                    hidden_warn > 1 ? "s" : "", hidden_warn > 1 ? "s" : "");
    /* feminine only when every hidden item is an error */
    cb_buf_puts(&b, hidden_warn ? " non affiché" : " non affichée");
    if (hidden_err + hidden_warn > 1)
      cb_buf_putc(&b, 's');
    cb_buf_putc(&b, '\n');
  }
  return cb_buf_take(&b);
}

void cb_diag_render(const struct cb_diags *d, FILE *out, int max) {
  char *s = cb_diag_render_string(d, max);
  fputs(s, out);
  free(s);
}

void cb_diags_free(struct cb_diags *d) {
  for (struct cb_diag *g = d->head, *n; g; g = n) {
    n = g->next;
    free(g->msg);
    free(g);
  }
  d->head = d->tail = NULL;
  d->nerrors = d->nwarnings = 0;
}
