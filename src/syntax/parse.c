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

struct cb_loc cb_parse_loc(const struct cb_parse *p, size_t start, size_t end) {
  struct cb_loc a = cb_source_loc_at(p->src, start);
  struct cb_loc b = cb_source_loc_at(p->src, end);
  a.end_line = b.line;
  a.end_col = b.col;
  return a;
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
  p->file = cb_arena_alloc(a, sizeof *p->file);
  p->file->src = src;
  if (yylex_init_extra(p, scanner) != 0) {
    mpq_clear(p->num);
    return false;
  }
  *buf = yy_scan_bytes(src->text, (int)src->len, *scanner);
  return true;
}

static void close_scanner(struct cb_parse *p, yyscan_t scanner, YY_BUFFER_STATE buf) {
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  mpq_clear(p->num);
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
