/*
 * navigate.c: go to definition and find references (cb_lsp_definition,
 * cb_lsp_references) within the document. A name is resolved in the
 * contract the place belongs to: the contract itself, an avenant of it, a
 * `mesures` block of it (its lines name indicators), an `exemple` in it
 * (`attendu` names an indicator, a group or the contract); a name is first
 * looked up among that contract's declarations, then among all of the
 * document's. The references of a name are the identifiers written the
 * same way in the places of the same contract. `importe "…"` leads to the
 * standard library module's file, `accord ID` to that accord's block in
 * the module imported. An avenant of a contract declared in
 * another file does not lead there: the document alone is analysed.
 */
#include "lsp_internal.h"

#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "parse.h"
#include "parser.h"
#include "session.h"

/* The contract id of the top-level block that holds token t (the contract,
   the one an avenant or a mesures block names), or NULL. *from: the top to
   start the search at (tokens are looked up in order), updated. */
static const char *contract_of(const struct cb_lsp_doc *doc, const struct lsp_tok *t,
                               const struct cb_top **from) {
  const struct cb_top *top = *from ? *from : doc->file->tops;
  for (; top; top = top->next) {
    struct cb_lsp_range r = lsp_range(top->loc);
    bool after_start = t->line > r.line || (t->line == r.line && t->col >= r.col);
    bool before_end = t->line < r.end_line || (t->line == r.end_line && t->col < r.end_col);
    if (!after_start)
      break;
    if (before_end) {
      *from = top;
      return top->kind == CB_TOP_IMPORTE ? NULL : top->id;
    }
  }
  return NULL;
}

static bool same_str(const char *a, const char *b) {
  return a && b && strcmp(a, b) == 0;
}

/* The contract a declaration belongs to (the contract itself for one). */
static const char *decl_contract_id(const struct lsp_decl *d) {
  return d->top ? d->top->id : NULL;
}

const struct lsp_decl *lsp_resolve(struct cb_lsp_doc *doc, long i) {
  const struct lsp_tok *t = &doc->toks[i];
  if (t->tok != CB_TOK_IDENT)
    return NULL;
  const char *name = lsp_tok_text(doc, t);
  const struct cb_top *from = NULL;
  const char *cid = contract_of(doc, t, &from);
  const struct lsp_decl *any = NULL;
  for (size_t k = 0; k < doc->ndecls; k++) {
    const struct lsp_decl *d = &doc->decls[k];
    if (strcmp(d->name, name) != 0)
      continue;
    if (d->kind == LSP_CONTRACT || same_str(decl_contract_id(d), cid))
      return d;
    if (!any)
      any = d;
  }
  return any;
}

static struct cb_lsp_range tok_range(const struct lsp_tok *t) {
  return (struct cb_lsp_range){t->line, t->col, t->line, t->col + (int)(t->end - t->start)};
}

/* The file of the module `importe "name"` reads: the one the session
   loaded, else where it would be. */
static const char *module_path(struct cb_lsp_doc *doc, const char *name) {
  const struct cb_sources *set = cb_session_sources(doc->s);
  for (const struct cb_source *s = set->head; s; s = s->next)
    if (s->import && strcmp(s->import, name) == 0)
      return s->name;
  if (!doc->stdlib_dir)
    return NULL;
  const char *path = cb_arena_printf(doc->a, "%s/%s.cible", doc->stdlib_dir, name);
  return access(path, R_OK) == 0 ? path : NULL;
}

bool lsp_module_accord(struct cb_lsp_doc *doc, const char *name, struct cb_lsp_location *out,
                       const char **label) {
  const struct cb_sources *set = cb_session_sources(doc->s);
  bool found = false;
  for (const struct cb_source *s = set->head; s && !found; s = s->next) {
    if (!s->import)
      continue;
    struct cb_arena *a = cb_arena_new();
    struct cb_diags d = {0}; /* the session reported them */
    struct cb_file *f = cb_parse_source(a, &d, s);
    for (const struct cb_top *t = f ? f->tops : NULL; t && !found; t = t->next)
      if (t->kind == CB_TOP_ACCORD && t->id && strcmp(t->id, name) == 0) {
        found = true;
        *out = (struct cb_lsp_location){s->name, lsp_range(t->id_loc)};
        if (label)
          *label = t->label ? cb_arena_strdup(doc->a, t->label) : NULL;
      }
    cb_diags_free(&d);
    cb_arena_free(a);
  }
  return found;
}

bool cb_lsp_definition(struct cb_lsp_doc *doc, int line, int col, struct cb_lsp_location *out) {
  if (!doc->src)
    return false;
  long i = lsp_tok_at(doc, line, col);
  if (i < 0)
    return false;
  const struct lsp_tok *t = &doc->toks[i];
  if (t->tok == CB_TOK_STRING && i > 0 && doc->toks[i - 1].tok == CB_TOK_IMPORTE) {
    const char *text = lsp_tok_text(doc, t);
    const char *path = module_path(doc, cb_arena_strndup(doc->a, text + 1, strlen(text) - 2));
    if (!path)
      return false;
    *out = (struct cb_lsp_location){path, {0, 0, 0, 0}};
    return true;
  }
  const struct lsp_decl *d = lsp_resolve(doc, i);
  if (d) {
    *out = (struct cb_lsp_location){doc->path, lsp_range(d->id_loc)};
    return true;
  }
  /* `accord aci_cpts`: the accord of an imported module */
  return t->tok == CB_TOK_IDENT && i > 0 && doc->toks[i - 1].tok == CB_TOK_ACCORD &&
         lsp_module_accord(doc, lsp_tok_text(doc, t), out, NULL);
}

size_t cb_lsp_references(struct cb_lsp_doc *doc, int line, int col, bool with_decl,
                         const struct cb_lsp_location **out) {
  *out = NULL;
  if (!doc->src)
    return 0;
  long i = lsp_tok_at(doc, line, col);
  if (i < 0)
    return 0;
  const struct lsp_decl *d = lsp_resolve(doc, i);
  if (!d)
    return 0;
  const char *cid = d->kind == LSP_CONTRACT ? NULL : decl_contract_id(d);
  struct cb_lsp_range decl = lsp_range(d->id_loc);
  struct cb_lsp_location *v = NULL;
  size_t n = 0, cap = 0;
  const struct cb_top *from = NULL;
  size_t len = strlen(d->name);
  for (size_t k = 0; k < doc->ntoks; k++) {
    const struct lsp_tok *t = &doc->toks[k];
    if (t->tok != CB_TOK_IDENT || t->end - t->start != len ||
        memcmp(doc->src->text + t->start, d->name, len) != 0)
      continue;
    const char *tcid = contract_of(doc, t, &from);
    if (cid && !same_str(tcid, cid))
      continue;
    bool is_decl = t->line == decl.line && t->col == decl.col;
    if (is_decl && !with_decl)
      continue;
    v = cb_arena_grow(doc->a, v, n, &cap, sizeof *v);
    v[n++] = (struct cb_lsp_location){doc->path, tok_range(t)};
  }
  *out = v;
  return n;
}
