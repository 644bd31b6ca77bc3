/*
 * consolide.c: printing a contract consolidated with its avenants (see
 * consolide.h).
 *
 * Owns the text of the consolidated contract. It is printed from the
 * consolidated syntax tree (avenant.h) with the words and numbers of each
 * statement copied from the file that wrote it, so nothing is re-spelled:
 * blocks are re-indented by two spaces per level, a statement taken from an
 * avenant ends with `# avenant n° N`, and the `a partir de P` blocks left by
 * consolidation are written out. `exemple` blocks are left out (those of a
 * contract pin the contract without its avenants); comments of the sources
 * are not carried over.
 */
#include "consolide.h"

#include <string.h>

#include "ast.h"
#include "buf.h"
#include "source.h"

static void indent(struct cb_buf *out, int depth) {
  for (int i = 0; i < depth; i++)
    cb_buf_puts(out, "  ");
}

static void note(struct cb_buf *out, long avenant) {
  if (avenant)
    cb_buf_printf(out, "  # avenant n° %ld", avenant);
  cb_buf_putc(out, '\n');
}

/* Line n of src without its leading and trailing blanks. */
static const char *trimmed(const struct cb_source *src, int n, size_t *len) {
  const char *t = cb_source_line(src, n, len);
  while (*len && (*t == ' ' || *t == '\t')) {
    t++;
    (*len)--;
  }
  while (*len && (t[*len - 1] == ' ' || t[*len - 1] == '\t' || t[*len - 1] == '\r'))
    (*len)--;
  return t;
}

/* The source text from (line, col) to (end_line, end_col): the first line
   at depth, the next ones one level deeper, a closing brace back at depth. */
static void copy_span(struct cb_buf *out, const struct cb_source *src, int line, int col,
                      int end_line, int end_col, int depth, long avenant) {
  for (int l = line; l <= end_line; l++) {
    size_t len;
    const char *t = cb_source_line(src, l, &len);
    size_t from = l == line ? (size_t)(col - 1) : 0, to = l == end_line ? (size_t)(end_col - 1) : len;
    if (to > len)
      to = len;
    if (from > to)
      from = to;
    const char *p = t + from;
    size_t n = to - from;
    while (n && (*p == ' ' || *p == '\t')) {
      p++;
      n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
      n--;
    if (l > line && !n)
      continue;
    indent(out, l == line || (n && *p == '}') ? depth : depth + 1);
    cb_buf_printf(out, "%.*s", (int)n, p);
    if (l == line)
      note(out, avenant);
    else
      cb_buf_putc(out, '\n');
  }
}

static void print_body(struct cb_buf *out, const struct cb_stmt *body, int depth);

static void print_stmt(struct cb_buf *out, const struct cb_stmt *st, int depth) {
  if (st->kind == CB_ST_EXEMPLE)
    return;
  if (st->kind == CB_ST_A_PARTIR && st->has_body) {
    indent(out, depth);
    if (st->period.kind == CB_PERIOD_AN)
      cb_buf_printf(out, "a partir de an %ld {", st->period.n);
    else
      cb_buf_printf(out, "a partir de %ld {", st->period.n);
    note(out, st->avenant);
    print_body(out, st->body, depth + 1);
    indent(out, depth);
    cb_buf_puts(out, "}\n");
    return;
  }
  const struct cb_source *src = st->kw_loc.src;
  if (!src)
    return;
  if (st->body) {
    /* the header as written, up to its brace */
    size_t len;
    const char *t = cb_source_line(src, st->kw_loc.line, &len);
    size_t from = (size_t)(st->kw_loc.col - 1), to = from;
    while (to < len && t[to] != '{')
      to++;
    while (to > from && (t[to - 1] == ' ' || t[to - 1] == '\t'))
      to--;
    indent(out, depth);
    cb_buf_printf(out, "%.*s {", (int)(to - from), t + from);
    note(out, st->avenant);
    print_body(out, st->body, depth + 1);
    indent(out, depth);
    cb_buf_puts(out, "}\n");
    return;
  }
  copy_span(out, src, st->kw_loc.line, st->kw_loc.col, st->loc.end_line, st->loc.end_col, depth,
            st->avenant);
}

static void print_body(struct cb_buf *out, const struct cb_stmt *body, int depth) {
  for (const struct cb_stmt *st = body; st; st = st->next)
    print_stmt(out, st, depth);
}

static void print_top(struct cb_buf *out, const struct cb_top *t) {
  copy_span(out, t->loc.src, t->loc.line, t->loc.col, t->loc.end_line, t->loc.end_col, 0, 0);
}

void cb_consolide_print(struct cb_buf *out, struct cb_file **files, size_t nf,
                        const struct cb_top *t, const struct cb_top *c) {
  cb_buf_printf(out, "# Contrat %s consolidé par cible consolide : %s", t->id, t->loc.src->name);
  size_t f = 0;
  for (size_t g = 0; g < nf; g++)
    for (const struct cb_top *a = files[g]->tops; a; a = a->next) {
      if (a == t)
        f = g;
      if (a->kind == CB_TOP_AVENANT && strcmp(a->id, t->id) == 0)
        cb_buf_printf(out, ", avenant n° %ld (%s:%d)", a->number, a->loc.src->name,
                      a->loc.line);
    }
  cb_buf_puts(out, ".\n\n");
  for (const struct cb_top *i = files[f]->tops; i; i = i->next)
    if (i->kind == CB_TOP_IMPORTE)
      print_top(out, i);
  /* header as written, body from the consolidated tree */
  size_t len;
  const char *h = trimmed(t->loc.src, t->loc.line, &len);
  const char *brace = memchr(h, '{', len);
  size_t hl = brace ? (size_t)(brace - h) : len;
  while (hl && h[hl - 1] == ' ')
    hl--;
  cb_buf_printf(out, "%.*s {\n", (int)hl, h);
  print_body(out, c->body, 1);
  cb_buf_puts(out, "}\n");
  for (size_t g = 0; g < nf; g++)
    for (const struct cb_top *m = files[g]->tops; m; m = m->next)
      if (m->kind == CB_TOP_MESURES && strcmp(m->id, t->id) == 0) {
        cb_buf_putc(out, '\n');
        print_top(out, m);
      }
}
