/*
 * layout.c: canonical layout of contract files, `cible fmt` (see layout.h).
 *
 * Owns the layout rules. The scanner
 * (cb_parse_tokens, with comments) gives every token and its bytes; the
 * output is rebuilt line by line from those bytes, so nothing but blanks
 * can change. The source's line breaks are kept (a line break separates
 * declarations, and a word after a number is its unit only on the same
 * line), and new ones are added only after `{` and around `}`: the tokens
 * of a line therefore never move to another line next to a number. As a
 * guard, the result is scanned again and must give the same tokens.
 * `fmt -w` writes the result with cb_write_atomic (atomic_write.h).
 */
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "parse.h"
#include "parser.h"

struct tok {
  int kind;
  size_t start, end;
  int line;
};

struct toks {
  const struct cb_source *src;
  struct tok *v;
  size_t n, cap;
  int line; /* line of the last token seen */
  size_t pos;
};

static void on_token(void *ctx, int kind, size_t start, size_t end) {
  struct toks *t = ctx;
  /* count the line breaks since the previous token */
  for (size_t i = t->pos; i < start; i++)
    t->line += t->src->text[i] == '\n';
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 256;
    t->v = cb_xrealloc(t->v, t->cap * sizeof *t->v);
  }
  t->v[t->n++] = (struct tok){kind, start, end, t->line};
  for (size_t i = start; i < end; i++)
    t->line += t->src->text[i] == '\n';
  t->pos = end;
}

static bool scan(const struct cb_source *src, struct cb_diags *d, struct toks *t) {
  memset(t, 0, sizeof *t);
  t->src = src;
  t->line = 1;
  struct cb_arena *a = cb_arena_new();
  bool ok = cb_parse_tokens(a, d, src, on_token, t);
  cb_arena_free(a);
  return ok;
}

/* Tokens after which a sign is binary (an operand ends there). */
static bool ends_operand(int k) {
  switch (k) {
  case CB_TOK_NUMBER: case CB_TOK_IDENT: case CB_TOK_UNIT: case '%': case CB_TOK_EURO:
  case ')': case CB_TOK_INITIAL: case CB_TOK_PRECEDENT: case CB_TOK_INF: case CB_TOK_STRING:
  case CB_TOK_POINTS:
    return true;
  default:
    return false;
  }
}

struct out {
  struct cb_buf *b;
  const struct cb_source *src;
  int depth;
  size_t first;     /* index of the first token of the current line, or SIZE_MAX */
  bool opened;      /* the last line written ends with `{` */
  bool any;         /* something written */
};

static void put_tok(struct out *o, const struct tok *t) {
  cb_buf_printf(o->b, "%.*s", (int)(t->end - t->start), o->src->text + t->start);
}

static void end_line(struct out *o, const struct toks *ts, size_t last) {
  if (o->first == (size_t)-1)
    return;
  cb_buf_putc(o->b, '\n');
  o->opened = ts->v[last].kind == '{';
  o->first = (size_t)-1;
  o->any = true;
}

static void start_line(struct out *o, const struct toks *ts, size_t i, bool blank) {
  if (blank && o->any && !o->opened && ts->v[i].kind != '}')
    cb_buf_putc(o->b, '\n');
  for (int k = 0; k < o->depth; k++)
    cb_buf_puts(o->b, "  ");
  o->first = i;
}

/* Whether a space goes between tokens i-1 and i of the same line. */
static bool spaced(const struct toks *ts, const struct out *o, size_t i) {
  int p = ts->v[i - 1].kind, c = ts->v[i].kind;
  int next = i + 1 < ts->n && ts->v[i + 1].line == ts->v[i].line ? ts->v[i + 1].kind : 0;
  if (c == ',' || c == ')' || p == '(')
    return false;
  if (c == '(' && p == CB_TOK_IDENT)
    return false;
  /* tranche brackets: the opening one starts the line, the closing one
     comes before the colon */
  if ((p == '[' || p == ']') && i - 1 == o->first)
    return false;
  if ((c == '[' || c == ']') && next == ':')
    return false;
  if (p == '+' || p == '-') {
    int pp = i >= 2 && i - 2 >= o->first && o->first != (size_t)-1 ? ts->v[i - 2].kind : 0;
    /* a unary sign sticks to its operand (`-1,5`, `-x`, `-(a)`), but not
       to a word that opens an expression (`- si …`, not `-si`) nor to
       another sign (`- -x`, not `--x`) */
    if (!pp || !ends_operand(pp))
      return c == CB_TOK_SI || c == '+' || c == '-';
  }
  return true;
}

static void layout(const struct toks *ts, struct cb_buf *b) {
  struct out o = {b, ts->src, 0, (size_t)-1, false, false};
  bool brk = false; /* a line break is due before the next token */
  for (size_t i = 0; i < ts->n; i++) {
    const struct tok *t = &ts->v[i];
    bool new_src_line = i == 0 || t->line > ts->v[i - 1].line;
    /* a blank source line before it (no token spans lines) */
    bool blank = i > 0 && t->line >= ts->v[i - 1].line + 2;
    if (t->kind == CB_TOK_COMMENT && !new_src_line && o.first != (size_t)-1) {
      cb_buf_puts(b, "  ");
      put_tok(&o, t);
      end_line(&o, ts, i);
      brk = false;
      continue;
    }
    if (t->kind == '}') {
      end_line(&o, ts, i ? i - 1 : 0);
      if (o.depth > 0)
        o.depth--;
      start_line(&o, ts, i, false);
      put_tok(&o, t);
      brk = true;
      continue;
    }
    if (new_src_line || brk)
      end_line(&o, ts, i ? i - 1 : 0);
    if (o.first == (size_t)-1) {
      start_line(&o, ts, i, blank);
    } else if (spaced(ts, &o, i)) {
      cb_buf_putc(b, ' ');
    }
    put_tok(&o, t);
    brk = false;
    if (t->kind == CB_TOK_COMMENT) {
      end_line(&o, ts, i);
    } else if (t->kind == '{') {
      o.depth++;
      brk = true;
    }
  }
  if (ts->n)
    end_line(&o, ts, ts->n - 1);
}

static bool same_tokens(const struct toks *a, const struct toks *b) {
  if (a->n != b->n)
    return false;
  for (size_t i = 0; i < a->n; i++) {
    size_t la = a->v[i].end - a->v[i].start, lb = b->v[i].end - b->v[i].start;
    if (a->v[i].kind != b->v[i].kind || la != lb ||
        memcmp(a->src->text + a->v[i].start, b->src->text + b->v[i].start, la) != 0)
      return false;
  }
  return true;
}

bool cb_layout_source(struct cb_buf *out, const struct cb_source *src, struct cb_diags *d) {
  struct toks ts;
  if (!scan(src, d, &ts)) {
    free(ts.v);
    return false;
  }
  layout(&ts, out);
  /* guard: the layout changed blanks only */
  struct cb_sources set = {0};
  struct cb_source *again = NULL;
  struct cb_diags scratch = {0};
  bool ok = cb_source_from_string(&set, src->name, cb_buf_str(out), out->len, &scratch,
                                  &again) == CB_LOAD_OK;
  struct toks t2 = {0};
  ok = ok && scan(again, &scratch, &t2) && same_tokens(&ts, &t2);
  if (!ok)
    cb_diag_error(d, cb_source_loc_at(src, 0), "E0420",
                  "cible fmt n'a pas pu mettre ce fichier en forme sans en changer le texte : "
                  "fichier laissé tel quel");
  free(t2.v);
  cb_diags_free(&scratch);
  cb_sources_free(&set);
  free(ts.v);
  return ok;
}
