/*
 * parse.c: glue between a source, the flex scanner and the bison parser.
 *
 * Sets up the per-parse state, runs yyparse over the source's bytes and
 * collects the top-level items into a cb_file. Locations are kept as byte
 * offsets by the scanner and turned into line and column here.
 */
#include "parse.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "parser.h"
#include "lexer.h"

/* The index of the line holding byte off. Tokens come in order, so this
   walks forward from the line found last: linear in the text over a whole
   parse. A token given back to the input (yyless) may step back: that line
   is found by binary search. */
static size_t line_of(struct cb_parse *p, size_t off) {
  const struct cb_source *s = p->src;
  size_t i = p->line_idx;
  if (i >= s->nlines || s->lines[i] > off)
    i = (size_t)cb_source_loc_at(s, off).line - 1;
  while (i + 1 < s->nlines && s->lines[i + 1] <= off)
    i++;
  p->line_idx = i;
  return i;
}

struct cb_loc cb_parse_loc(struct cb_parse *p, size_t start, size_t end) {
  const struct cb_source *s = p->src;
  size_t a = line_of(p, start), b = line_of(p, end);
  struct cb_loc loc = {s, (int)a + 1, (int)(start - s->lines[a]) + 1, (int)b + 1,
                       (int)(end - s->lines[b]) + 1};
  return loc;
}

struct word_key {
  const char *text;
  size_t n;
};

static bool word_same(const void *entry, const void *key) {
  const struct word_key *k = key;
  return strncmp(entry, k->text, k->n) == 0 && ((const char *)entry)[k->n] == '\0';
}

const char *cb_parse_word(struct cb_parse *p, const char *text, size_t n) {
  size_t h = 1469598103934665603u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)text[i]) * 1099511628211u;
  struct word_key k = {text, n};
  char *w = cb_hashtab_find(&p->words, h, word_same, &k);
  if (!w) {
    w = cb_arena_strndup(p->arena, text, n);
    cb_hashtab_add(&p->words, h, w);
  }
  return w;
}

struct numeral {
  const char *text; /* as written, in the arena */
  size_t n;
  mpq_ptr q;
};

static bool numeral_same(const void *entry, const void *key) {
  const struct numeral *e = entry;
  const struct word_key *k = key;
  return e->n == k->n && memcmp(e->text, k->text, k->n) == 0;
}

mpq_ptr cb_parse_number(struct cb_parse *p, const char *text, size_t n) {
  size_t h = 1469598103934665603u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)text[i]) * 1099511628211u;
  struct word_key k = {text, n};
  struct numeral *e = cb_hashtab_find(&p->numbers, h, numeral_same, &k);
  if (!e) {
    e = cb_arena_alloc(p->arena, sizeof *e);
    e->text = cb_arena_strndup(p->arena, text, n);
    e->n = n;
    e->q = cb_arena_mpq_copy(p->arena, p->num);
    cb_hashtab_add(&p->numbers, h, e);
  }
  return e->q;
}

void cb_parse_add_top(struct cb_parse *p, struct cb_top *t) {
  if (p->last_top)
    p->last_top->next = t;
  else
    p->file->tops = t;
  p->last_top = t;
}

/* Sets up p and a scanner over src; false when flex cannot allocate. */
static bool open_scanner(struct cb_parse *p, struct cb_arena *a, struct cb_diags *d,
                         const struct cb_source *src, yyscan_t *scanner, YY_BUFFER_STATE *buf) {
  memset(p, 0, sizeof *p);
  p->arena = a;
  p->diags = d;
  p->src = src;
  mpq_init(p->num);
  cb_hashtab_init(&p->words, NULL);
  cb_hashtab_init(&p->numbers, NULL);
  p->file = cb_arena_alloc(a, sizeof *p->file);
  p->file->src = src;
  if (yylex_init_extra(p, scanner) != 0) {
    mpq_clear(p->num);
    cb_hashtab_free(&p->words);
    cb_hashtab_free(&p->numbers);
    return false;
  }
  *buf = yy_scan_bytes(src->text, (int)src->len, *scanner);
  return true;
}

static void close_scanner(struct cb_parse *p, yyscan_t scanner, YY_BUFFER_STATE buf) {
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  mpq_clear(p->num);
  cb_hashtab_free(&p->words);
  cb_hashtab_free(&p->numbers);
}

struct cb_file *cb_parse_source(struct cb_arena *a, struct cb_diags *d,
                                const struct cb_source *src) {
  struct cb_parse p;
  yyscan_t scanner;
  YY_BUFFER_STATE buf;
  if (!open_scanner(&p, a, d, src, &scanner, &buf))
    return p.file;
  yyparse(scanner, &p);
  close_scanner(&p, scanner, buf);
  return p.file;
}

void cb_parse_expected(struct cb_arena *a, struct cb_diags *d, const struct cb_source *src,
                       cb_expect_fn fn, void *ctx) {
  struct cb_parse p;
  yyscan_t scanner;
  YY_BUFFER_STATE buf;
  if (!open_scanner(&p, a, d, src, &scanner, &buf))
    return;
  p.expect_fn = fn;
  p.expect_ctx = ctx;
  yyparse(scanner, &p);
  close_scanner(&p, scanner, buf);
}

bool cb_parse_tokens(struct cb_arena *a, struct cb_diags *d, const struct cb_source *src,
                     cb_token_fn fn, void *ctx) {
  struct cb_parse p;
  yyscan_t scanner;
  YY_BUFFER_STATE buf;
  if (!open_scanner(&p, a, d, src, &scanner, &buf))
    return false;
  p.comments = true;
  bool ok = true;
  YYSTYPE lval;
  YYLTYPE lloc;
  for (;;) {
    int t = yylex(&lval, &lloc, scanner);
    if (t == CB_TOK_YYEOF)
      break;
    if (t == CB_TOK_YYerror) {
      ok = false;
      continue;
    }
    fn(ctx, t, p.tok_start, p.off);
  }
  ok = ok && !p.fatal;
  close_scanner(&p, scanner, buf);
  return ok;
}
