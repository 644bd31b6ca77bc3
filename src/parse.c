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

struct cb_file *cb_parse_source(struct cb_arena *a, struct cb_diags *d,
                                const struct cb_source *src) {
  struct cb_parse p;
  memset(&p, 0, sizeof p);
  p.arena = a;
  p.diags = d;
  p.src = src;
  mpq_init(p.num);
  p.file = cb_arena_alloc(a, sizeof *p.file);
  p.file->src = src;
  yyscan_t scanner;
  if (yylex_init_extra(&p, &scanner) != 0) {
    mpq_clear(p.num);
    return p.file;
  }
  YY_BUFFER_STATE buf = yy_scan_bytes(src->text, (int)src->len, scanner);
  yyparse(scanner, &p);
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  mpq_clear(p.num);
  return p.file;
}

bool cb_parse_tokens(struct cb_arena *a, struct cb_diags *d, const struct cb_source *src,
                     cb_token_fn fn, void *ctx) {
  struct cb_parse p;
  memset(&p, 0, sizeof p);
  p.arena = a;
  p.diags = d;
  p.src = src;
  p.comments = true;
  mpq_init(p.num);
  p.file = cb_arena_alloc(a, sizeof *p.file);
  p.file->src = src;
  yyscan_t scanner;
  if (yylex_init_extra(&p, &scanner) != 0) {
    mpq_clear(p.num);
    return false;
  }
  YY_BUFFER_STATE buf = yy_scan_bytes(src->text, (int)src->len, scanner);
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
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  mpq_clear(p.num);
  return ok;
}
