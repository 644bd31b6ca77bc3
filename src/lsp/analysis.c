/*
 * analysis.c: one document of the editor (analysis.h): its session (the
 * text parsed and checked with the standard library and the workspace's
 * measures files that name its contracts), its diagnostics, its layout as
 * `cible fmt` gives it, the scanner's tokens and the index of the names it
 * declares, which hover, navigation and completion read. Every answer
 * lives in the document's arena and goes with it.
 */
#define _GNU_SOURCE /* memmem */
#include "lsp_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "layout.h"
#include "parse.h"
#include "parser.h"
#include "session.h"
#include "source.h"
#include "xlsx_read.h"

struct cb_lsp_range lsp_range(struct cb_loc loc) {
  struct cb_lsp_range r = {loc.line - 1, loc.col - 1, loc.end_line - 1, loc.end_col - 1};
  if (r.line < 0)
    r.line = 0;
  if (r.col < 0)
    r.col = 0;
  if (r.end_line < r.line || (r.end_line == r.line && r.end_col < r.col)) {
    r.end_line = r.line;
    r.end_col = r.col;
  }
  return r;
}

/* ---- tokens ---- */

struct tok_scan {
  struct cb_lsp_doc *doc;
  size_t cap;
  size_t line;  /* 0-based line of the last token */
};

static void on_token(void *ctx, int tok, size_t start, size_t end) {
  struct tok_scan *ts = ctx;
  struct cb_lsp_doc *doc = ts->doc;
  const struct cb_source *src = doc->src;
  while (ts->line + 1 < src->nlines && src->lines[ts->line + 1] <= start)
    ts->line++;
  doc->toks = cb_arena_grow(doc->a, doc->toks, doc->ntoks, &ts->cap, sizeof *doc->toks);
  doc->toks[doc->ntoks++] = (struct lsp_tok){tok, start, end, (int)ts->line,
                                             (int)(start - src->lines[ts->line])};
}

static void scan_tokens(struct cb_lsp_doc *doc) {
  struct tok_scan ts = {doc, 0, 0};
  struct cb_diags d = {0}; /* the parse reported the scanner's errors already */
  struct cb_arena *a = cb_arena_new();
  cb_parse_tokens(a, &d, doc->src, on_token, &ts);
  cb_arena_free(a);
  cb_diags_free(&d);
}

long lsp_tok_at(const struct cb_lsp_doc *doc, int line, int col) {
  size_t lo = 0, hi = doc->ntoks;
  while (lo < hi) { /* first token whose line/col is after (line, col) */
    size_t mid = lo + (hi - lo) / 2;
    const struct lsp_tok *t = &doc->toks[mid];
    if (t->line < line || (t->line == line && t->col <= col))
      lo = mid + 1;
    else
      hi = mid;
  }
  /* the token starting at or before the position, else the one ending there */
  if (lo == 0)
    return -1;
  const struct lsp_tok *t = &doc->toks[lo - 1];
  int end_col = t->col + (int)(t->end - t->start);
  if (t->line != line || col < t->col || col > end_col)
    return -1;
  /* `quarts}`, `i:` with the cursor between: the name, not the punctuation */
  if (col == t->col && lo >= 2 && t->tok < CB_TOK_YYerror) { /* punctuation */
    const struct lsp_tok *p = &doc->toks[lo - 2];
    if (p->line == line && p->col + (int)(p->end - p->start) == col && p->tok == CB_TOK_IDENT)
      return (long)(lo - 2);
  }
  return (long)(lo - 1);
}

const char *lsp_tok_text(struct cb_lsp_doc *doc, const struct lsp_tok *t) {
  return cb_arena_strndup(doc->a, doc->src->text + t->start, t->end - t->start);
}

bool lsp_tok_is_keyword(int t) {
  switch (t) {
  case CB_TOK_NUMBER:
  case CB_TOK_STRING:
  case CB_TOK_IDENT:
  case CB_TOK_UNIT:
  case CB_TOK_DATE:
  case CB_TOK_COMMENT:
  case CB_TOK_STMT_END:
  case CB_TOK_EURO:
  case CB_TOK_GE:
  case CB_TOK_LE:
    return false;
  default:
    return t > CB_TOK_YYUNDEF;
  }
}

/* ---- declarations ---- */

static bool decl_same(const void *entry, const void *key) {
  return strcmp(((const struct lsp_decl *)entry)->name, key) == 0;
}

struct decl_walk {
  struct cb_lsp_doc *doc;
  size_t cap;
};

static void add_decl(struct decl_walk *w, const char *name, enum lsp_decl_kind k,
                     const struct cb_top *top, const struct cb_stmt *st, struct cb_loc loc,
                     struct cb_loc id_loc) {
  if (!name)
    return;
  struct cb_lsp_doc *doc = w->doc;
  doc->decls = cb_arena_grow(doc->a, doc->decls, doc->ndecls, &w->cap, sizeof *doc->decls);
  doc->decls[doc->ndecls++] = (struct lsp_decl){name, k, top, st, loc, id_loc};
}

/* The declarations of a body, in order; `indicateur X { … }` without a
   label changes X (an avenant's), it declares nothing. */
static void walk_body(struct decl_walk *w, const struct cb_top *top, const struct cb_stmt *st,
                      int depth) {
  if (depth > CB_MAX_DEPTH)
    return;
  for (; st; st = st->next) {
    switch (st->kind) {
    case CB_ST_GROUP:
      if (!st->modify)
        add_decl(w, st->id, LSP_GROUP, top, st, st->loc, st->id_loc);
      break;
    case CB_ST_INDICATEUR:
      if (!st->modify)
        add_decl(w, st->id, LSP_INDICATOR, top, st, st->loc, st->id_loc);
      break;
    case CB_ST_DONNEE:
      add_decl(w, st->id, LSP_DONNEE, top, st, st->loc, st->id_loc);
      break;
    case CB_ST_CONSTANTE:
      add_decl(w, st->id, LSP_CONSTANT, top, st, st->loc, st->id_loc);
      break;
    case CB_ST_BAREME:
      if (st->bareme_def)
        add_decl(w, st->id, LSP_BAREME, top, st, st->loc, st->id_loc);
      break;
    default:
      break;
    }
    walk_body(w, top, st->body, depth + 1);
  }
}

static void index_decls(struct cb_lsp_doc *doc) {
  struct decl_walk w = {doc, 0};
  for (const struct cb_top *t = doc->file->tops; t; t = t->next) {
    if (t->kind == CB_TOP_CONTRAT)
      add_decl(&w, t->id, LSP_CONTRACT, t, NULL, t->loc, t->id_loc);
    else if (t->kind == CB_TOP_ACCORD)
      add_decl(&w, t->id, LSP_ACCORD, t, NULL, t->loc, t->id_loc);
    if (t->kind == CB_TOP_CONTRAT || t->kind == CB_TOP_ACCORD || t->kind == CB_TOP_AVENANT)
      walk_body(&w, t, t->body, 0);
  }
  cb_hashtab_init(&doc->by_name, doc->a);
  for (size_t i = 0; i < doc->ndecls; i++)
    if (!cb_hashtab_find(&doc->by_name, cb_hash_str(doc->decls[i].name), decl_same,
                         doc->decls[i].name))
      cb_hashtab_add(&doc->by_name, cb_hash_str(doc->decls[i].name), &doc->decls[i]);
}

const struct lsp_decl *lsp_decl_find(const struct cb_lsp_doc *doc, const char *name) {
  if (!doc->file || !name)
    return NULL;
  return cb_hashtab_find(&doc->by_name, cb_hash_str(name), decl_same, name);
}

/* ---- the session ---- */

/* The bytes of the file at path (malloc'd, *len of them), or NULL when it
   cannot be read or is larger than any input Cible accepts. */
static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  struct cb_buf b = CB_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= CB_MAX_FILE_SIZE)
    cb_buf_add(&b, chunk, n);
  bool bad = ferror(f) || b.len > CB_MAX_FILE_SIZE;
  fclose(f);
  if (bad) {
    cb_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return cb_buf_take(&b);
}

/* Whether the measures file at path (CSV, or an xlsx workbook read as its
   CSV text) names one of the document's contracts: a field (between
   separators) equal to its id. The file is read once here; the session
   reads it again. */
static bool csv_names(const struct cb_lsp_doc *doc, const char *path) {
  size_t len = 0;
  char *text = read_all(path, &len);
  if (!text)
    return false;
  if (cb_xlsx_is_zip((const unsigned char *)text, len)) {
    /* a workbook: its sheet as the CSV text the session will read */
    free(text);
    text = NULL;
    struct cb_sources set = {0};
    struct cb_diags d = {0};
    struct cb_source *src = NULL;
    if (cb_xlsx_read(&set, path, &d, &src) == CB_LOAD_OK) {
      len = src->len;
      text = cb_xstrndup(src->text, len);
    }
    cb_diags_free(&d);
    cb_sources_free(&set);
    if (!text)
      return true; /* unreadable: the session says why, in the document */
  }
  bool found = false;
  for (const struct cb_top *t = doc->file->tops; t && !found; t = t->next) {
    if ((t->kind != CB_TOP_CONTRAT && t->kind != CB_TOP_AVENANT) || !t->id)
      continue;
    size_t n = strlen(t->id);
    for (const char *p = text; !found && (p = memmem(p, (size_t)(text + len - p), t->id, n));
         p += n) {
      char before = p == text ? '\n' : p[-1], after = p + n < text + len ? p[n] : '\n';
      found = strchr(";,\t\n\"", before) && strchr(";,\t\r\n\"", after);
    }
  }
  free(text);
  return found;
}

/* The session's diagnostics, less those of a measures file about the
   contracts it names that are not this document's (E0303): the file
   serves every document of the workspace. */
static void copy_diags(struct cb_lsp_doc *doc) {
  const struct cb_diags *d = cb_session_diags(doc->s);
  bool dropped = false;
  for (const struct cb_diag *g = d->head; g; g = g->next) {
    if (g->sev == CB_SEV_NOTE) {
      if (!dropped)
        cb_diag_note(&doc->diags, g->loc, "%s", g->msg);
      continue;
    }
    dropped = g->code && strcmp(g->code, "E0303") == 0 && g->loc.src != doc->src;
    if (dropped)
      continue;
    if (g->sev == CB_SEV_ERROR)
      cb_diag_error(&doc->diags, g->loc, g->code, "%s", g->msg);
    else
      cb_diag_warning(&doc->diags, g->loc, g->code, "%s", g->msg);
  }
}

struct cb_lsp_doc *cb_lsp_analyse(const char *path, const char *text, size_t len,
                                  const struct cb_lsp_workspace *ws) {
  struct cb_lsp_doc *doc = cb_xmalloc(sizeof *doc);
  memset(doc, 0, sizeof *doc);
  doc->path = cb_xstrndup(path, strlen(path));
  doc->a = cb_arena_new();
  doc->s = cb_session_new();
  if (ws && ws->stdlib_dir) {
    cb_session_set_stdlib(doc->s, ws->stdlib_dir);
    doc->stdlib_dir = cb_arena_strdup(doc->a, ws->stdlib_dir);
  }
  if (cb_session_add_contract_text(doc->s, doc->path, text, len) == CB_LOAD_OK) {
    size_t n;
    struct cb_file **files = cb_session_files(doc->s, &n);
    if (n) {
      doc->file = files[n - 1];
      doc->src = doc->file->src;
    }
  }
  if (doc->file) {
    index_decls(doc);
    for (size_t i = 0; ws && i < ws->nmeasures; i++)
      if (csv_names(doc, ws->measures[i]))
        cb_session_add_measures(doc->s, ws->measures[i]);
    scan_tokens(doc);
  }
  cb_session_check(doc->s);
  copy_diags(doc);
  /* checked when no error is left: those dropped (E0303 of a measures file
     about other contracts) leave its rows of this document's read */
  doc->checked = doc->diags.nerrors == 0;
  return doc;
}

void cb_lsp_doc_free(struct cb_lsp_doc *doc) {
  if (!doc)
    return;
  cb_diags_free(&doc->diags);
  cb_session_free(doc->s);
  cb_arena_free(doc->a);
  free(doc->path);
  free(doc);
}

const struct cb_diags *cb_lsp_diagnostics(const struct cb_lsp_doc *doc) {
  return &doc->diags;
}

char *cb_lsp_format(const struct cb_lsp_doc *doc) {
  if (!doc->src)
    return NULL;
  struct cb_buf out = CB_BUF_INIT;
  struct cb_diags d = {0};
  bool ok = cb_layout_source(&out, doc->src, &d);
  cb_diags_free(&d);
  if (!ok) {
    cb_buf_free(&out);
    return NULL;
  }
  return cb_buf_take(&out);
}
