/*
 * outline.c: the outline of a document (cb_lsp_symbols), read from its
 * syntax tree, so that a document with errors still has one: contracts,
 * accords and avenants at the top, their groups, indicators, données,
 * constants and barèmes as children in source order, and the `mesures`
 * blocks. The blocks `a partir de …` are not symbols: their declarations
 * go to the enclosing symbol.
 */
#include "lsp_internal.h"

#include "arena.h"
#include "parse.h"

/* LSP SymbolKind numbers. */
enum { SK_MODULE = 2, SK_NAMESPACE = 3, SK_CLASS = 5, SK_FIELD = 8, SK_VARIABLE = 13,
       SK_CONSTANT = 14, SK_STRUCT = 23, SK_EVENT = 24 };

struct sym_list {
  struct cb_lsp_symbol *v;
  size_t n, cap;
};

static struct cb_lsp_symbol *push(struct cb_lsp_doc *doc, struct sym_list *l) {
  l->v = cb_arena_grow(doc->a, l->v, l->n, &l->cap, sizeof *l->v);
  struct cb_lsp_symbol *s = &l->v[l->n++];
  *s = (struct cb_lsp_symbol){0};
  return s;
}

static void body_symbols(struct cb_lsp_doc *doc, struct sym_list *l, const struct cb_stmt *st,
                         int depth);

static void stmt_symbol(struct cb_lsp_doc *doc, struct sym_list *l, const struct cb_stmt *st,
                        int kind, int depth) {
  if (!st->id)
    return;
  struct cb_lsp_symbol *s = push(doc, l);
  s->name = st->id;
  s->detail = st->label;
  s->kind = kind;
  s->range = lsp_range(st->loc);
  s->selection = lsp_range(st->id_loc);
  if (st->body) {
    struct sym_list kids = {0};
    body_symbols(doc, &kids, st->body, depth + 1);
    /* kids is a list of its own: l, and s in it, did not move */
    s->children = kids.v;
    s->nchildren = kids.n;
  }
}

static void body_symbols(struct cb_lsp_doc *doc, struct sym_list *l, const struct cb_stmt *st,
                         int depth) {
  if (depth > CB_MAX_DEPTH)
    return;
  for (; st; st = st->next) {
    switch (st->kind) {
    case CB_ST_GROUP:
      stmt_symbol(doc, l, st, SK_CLASS, depth);
      break;
    case CB_ST_INDICATEUR:
      stmt_symbol(doc, l, st, SK_FIELD, depth);
      break;
    case CB_ST_DONNEE:
      stmt_symbol(doc, l, st, SK_VARIABLE, depth);
      break;
    case CB_ST_CONSTANTE:
      stmt_symbol(doc, l, st, SK_CONSTANT, depth);
      break;
    case CB_ST_BAREME:
      if (st->bareme_def)
        stmt_symbol(doc, l, st, SK_STRUCT, depth);
      break;
    case CB_ST_EXEMPLE: {
      struct cb_lsp_symbol *s = push(doc, l);
      s->name = st->label ? st->label : "exemple";
      s->detail = "exemple";
      s->kind = SK_EVENT;
      s->range = lsp_range(st->loc);
      s->selection = lsp_range(st->kw_loc);
      break;
    }
    case CB_ST_A_PARTIR:
      body_symbols(doc, l, st->body, depth + 1);
      break;
    default:
      break;
    }
  }
}

static void top_symbol(struct cb_lsp_doc *doc, struct sym_list *l, const struct cb_top *t) {
  struct cb_lsp_symbol *s;
  switch (t->kind) {
  case CB_TOP_CONTRAT:
  case CB_TOP_ACCORD:
    if (!t->id)
      return;
    s = push(doc, l);
    s->name = t->id;
    s->detail = t->label;
    s->kind = t->kind == CB_TOP_CONTRAT ? SK_MODULE : SK_NAMESPACE;
    break;
  case CB_TOP_AVENANT:
    s = push(doc, l);
    s->name = cb_arena_printf(doc->a, "avenant %ld", t->number);
    s->detail = t->id ? cb_arena_printf(doc->a, "modifie le contrat « %s »", t->id) : NULL;
    s->kind = SK_MODULE;
    break;
  case CB_TOP_MESURES:
    s = push(doc, l);
    s->name = t->period.kind == CB_PERIOD_AN
                  ? cb_arena_printf(doc->a, "mesures %s an %ld", t->id ? t->id : "", t->period.n)
                  : cb_arena_printf(doc->a, "mesures %s %ld", t->id ? t->id : "", t->period.n);
    s->kind = SK_EVENT;
    s->range = lsp_range(t->loc);
    s->selection = lsp_range(t->id_loc);
    return;
  default:
    return;
  }
  s->range = lsp_range(t->loc);
  s->selection = lsp_range(t->id_loc.src ? t->id_loc : t->loc);
  struct sym_list kids = {0};
  body_symbols(doc, &kids, t->body, 0);
  s = &l->v[l->n - 1];
  s->children = kids.v;
  s->nchildren = kids.n;
}

const struct cb_lsp_symbol *cb_lsp_symbols(struct cb_lsp_doc *doc, size_t *n) {
  if (!doc->symbols_done) {
    doc->symbols_done = true;
    struct sym_list l = {0};
    for (const struct cb_top *t = doc->file ? doc->file->tops : NULL; t; t = t->next)
      top_symbol(doc, &l, t);
    doc->symbols = l.v;
    doc->nsymbols = l.n;
  }
  *n = doc->nsymbols;
  return doc->symbols;
}
