/*
 * complete.c: what can be written at the cursor (cb_lsp_completion). The
 * text before the word being typed is parsed again, and the grammar says
 * which tokens it accepts at its end (cb_parse_expected: LAC's expected
 * tokens, as E0100 lists them): its keywords are offered with their
 * definition (keywords.c). Where it accepts an identifier, the word the
 * statement takes after its keyword (the methods after `atteinte`, the
 * directions after `sens`...) or the names the document declares, chosen
 * by the keyword before (barèmes after `bareme`, contracts after `mesures`
 * or `au contrat`, données after `par` or `patientele`); where it accepts a
 * unit, the units; after `importe`, the modules of the standard library.
 */
#include "lsp_internal.h"

#include <string.h>

#include <dirent.h>

#include "arena.h"
#include "parse.h"
#include "parser.h"
#include "source.h"

/* LSP CompletionItemKind numbers. */
enum { CK_FIELD = 5, CK_VARIABLE = 6, CK_CLASS = 7, CK_MODULE = 9, CK_VALUE = 12,
       CK_KEYWORD = 14, CK_ENUM_MEMBER = 20, CK_CONSTANT = 21, CK_STRUCT = 22 };

struct comp {
  struct cb_lsp_doc *doc;
  struct cb_lsp_item *v;
  size_t n, cap;
  struct cb_hashtab seen; /* labels given, once each */
  bool ident, unit, string;
  bool after_number; /* the cursor follows a number on its line */
};

static bool label_same(const void *entry, const void *key) {
  return strcmp(entry, key) == 0;
}

static void add(struct comp *c, const char *label, const char *detail, int kind) {
  size_t h = cb_hash_str(label);
  if (cb_hashtab_find(&c->seen, h, label_same, label))
    return;
  cb_hashtab_add(&c->seen, h, (void *)label);
  c->v = cb_arena_grow(c->doc->a, c->v, c->n, &c->cap, sizeof *c->v);
  c->v[c->n++] = (struct cb_lsp_item){label, detail, kind};
}

/* The modules of the standard library, after `importe`: "dir/name" for
   each dir/name.cible of its folder, in the order the folder lists them. */
static void add_modules(struct comp *c) {
  const char *root = c->doc->stdlib_dir;
  DIR *top = root ? opendir(root) : NULL;
  if (!top)
    return;
  struct dirent *e;
  while ((e = readdir(top))) {
    if (e->d_name[0] == '.')
      continue;
    const char *dir = cb_arena_printf(c->doc->a, "%s/%s", root, e->d_name);
    DIR *sub = opendir(dir);
    if (!sub)
      continue;
    struct dirent *f;
    while ((f = readdir(sub))) {
      size_t n = strlen(f->d_name);
      if (n > 6 && f->d_name[0] != '.' && strcmp(f->d_name + n - 6, ".cible") == 0)
        add(c, cb_arena_printf(c->doc->a, "\"%s/%.*s\"", e->d_name, (int)(n - 6), f->d_name),
            "module de la bibliothèque standard", CK_MODULE);
    }
    closedir(sub);
  }
  closedir(top);
}

/* The words the scanner reads after a number as themselves, not as its
   unit (grammar/lexer.l, is_connector). */
static bool is_connector(const char *w) {
  static const char *const words[] = {"a", "au", "le", "en", "par", "de", "et", "ou", "alors",
                                      "sinon"};
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (strcmp(words[k], w) == 0)
      return true;
  return false;
}

static void on_expected(void *ctx, enum cb_expect_kind k, const char *word) {
  struct comp *c = ctx;
  switch (k) {
  case CB_EXPECT_KEYWORD:
    if (c->after_number && !is_connector(word))
      break;
    add(c, cb_arena_strdup(c->doc->a, word), lsp_keyword_doc(word), CK_KEYWORD);
    break;
  case CB_EXPECT_IDENT:
    c->ident = true;
    break;
  case CB_EXPECT_UNIT:
    c->unit = true;
    break;
  case CB_EXPECT_STRING:
    c->string = true;
    break;
  default:
    break;
  }
}

/* The words a statement takes after its keyword, which the grammar reads
   as identifiers. */
struct after_word {
  int tok;
  const char *words[7];
};
static const struct after_word after_words[] = {
    {CB_TOK_ATTEINTE, {"proportionnelle", "lineaire", "tout_ou_rien", "mesuree", "oui_non",
                       "etapes", NULL}},
    {CB_TOK_SENS, {"croissant", "decroissant", NULL}},
    {CB_TOK_NEUTRALISATION, {"redistribuer", "acquis", "exclu", NULL}},
    {CB_TOK_MESURE_MANQUANTE, {"erreur", "zero", "exclure", NULL}},
    {CB_TOK_AGREGATION, {"moyenne", "toutes", "somme", NULL}},
    {CB_TOK_TYPE, {"moyens", "suivi", "resultat", "prerequis", "optionnel", NULL}},
    {CB_TOK_SUR, {"taux", NULL}},
    {CB_TOK_PRORATA, {"jours", "mois", "aucun", NULL}},
    {CB_TOK_ASSIETTE, {"enveloppe", NULL}},
};

static int decl_item_kind(enum lsp_decl_kind k) {
  switch (k) {
  case LSP_CONTRACT:
  case LSP_ACCORD:
    return CK_MODULE;
  case LSP_GROUP:
    return CK_CLASS;
  case LSP_INDICATOR:
    return CK_FIELD;
  case LSP_DONNEE:
    return CK_VARIABLE;
  case LSP_BAREME:
    return CK_STRUCT;
  default:
    return CK_CONSTANT;
  }
}

/* The contract id of the top-level block at byte off, or NULL. */
static const char *contract_at(const struct cb_lsp_doc *doc, int line, int col) {
  for (const struct cb_top *t = doc->file->tops; t; t = t->next) {
    struct cb_lsp_range r = lsp_range(t->loc);
    bool after_start = line > r.line || (line == r.line && col >= r.col);
    bool before_end = line < r.end_line || (line == r.end_line && col < r.end_col);
    if (after_start && before_end)
      return t->kind == CB_TOP_IMPORTE ? NULL : t->id;
  }
  return NULL;
}

/* The names an identifier at the cursor may be, after token prev (and
   prev2 before it). */
static void add_names(struct comp *c, int prev, int prev2, int line, int col) {
  const struct cb_lsp_doc *doc = c->doc;
  unsigned want; /* bit per lsp_decl_kind */
  switch (prev) {
  case CB_TOK_BAREME:
    want = 1u << LSP_BAREME;
    break;
  case CB_TOK_MESURES:
    want = 1u << LSP_CONTRACT;
    break;
  case CB_TOK_CONTRAT:
    if (prev2 != CB_TOK_AU) /* `contrat NOUVEAU`: a new name */
      return;
    want = 1u << LSP_CONTRACT;
    break;
  case CB_TOK_PATIENTELE:
    want = 1u << LSP_DONNEE;
    break;
  case CB_TOK_PAR:
    want = 1u << LSP_DONNEE | 1u << LSP_INDICATOR;
    break;
  case CB_TOK_INDICATEUR:
    want = 1u << LSP_INDICATOR;
    break;
  case CB_TOK_GROUPKW:
    want = 1u << LSP_GROUP;
    break;
  case CB_TOK_DONNEE:
  case CB_TOK_CONSTANTE:
    return;
  case CB_TOK_ATTENDU:
    want = 1u << LSP_INDICATOR | 1u << LSP_DONNEE | 1u << LSP_GROUP | 1u << LSP_CONTRACT;
    break;
  default:
    want = 1u << LSP_INDICATOR | 1u << LSP_DONNEE | 1u << LSP_CONSTANT;
    break;
  }
  const char *cid = contract_at(doc, line, col);
  for (size_t k = 0; k < doc->ndecls; k++) {
    const struct lsp_decl *d = &doc->decls[k];
    if (!(want & 1u << d->kind))
      continue;
    if (d->kind != LSP_CONTRACT && cid && !(d->top->id && strcmp(d->top->id, cid) == 0))
      continue;
    const char *detail = d->stmt ? d->stmt->label : d->top->label;
    add(c, d->name, detail, decl_item_kind(d->kind));
  }
}

static void add_units(struct comp *c) {
  static const char *const units[] = {"%", "€", "points", "jours", "ans"};
  for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
    add(c, units[k], "unité", CK_VALUE);
  /* the count nouns the document writes */
  for (size_t k = 0; k < c->doc->ntoks; k++) {
    const struct lsp_tok *t = &c->doc->toks[k];
    if (t->tok == CB_TOK_UNIT)
      add(c, lsp_tok_text(c->doc, t), "unité", CK_VALUE);
  }
}

/* Byte offset of (line, col) in the document, clamped to it. */
static size_t offset_of(const struct cb_source *src, int line, int col) {
  if (line < 0 || src->nlines == 0)
    return 0;
  if ((size_t)line >= src->nlines)
    return src->len;
  size_t start = src->lines[line];
  size_t end = (size_t)line + 1 < src->nlines ? src->lines[line + 1] : src->len;
  size_t off = start + (size_t)(col < 0 ? 0 : col);
  return off > end ? end : off;
}

static bool word_byte(unsigned char ch) {
  return ch >= 0x80 || ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
         (ch >= 'A' && ch <= 'Z');
}

/* The kind of the last token ending at or before off (its index in *at),
   or 0. */
static int token_before(const struct cb_lsp_doc *doc, size_t off, size_t *at) {
  size_t lo = 0, hi = doc->ntoks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->toks[mid].end <= off)
      lo = mid + 1;
    else
      hi = mid;
  }
  /* skip comments */
  while (lo > 0 && doc->toks[lo - 1].tok == CB_TOK_COMMENT)
    lo--;
  *at = lo;
  return lo ? doc->toks[lo - 1].tok : 0;
}

size_t cb_lsp_completion(struct cb_lsp_doc *doc, int line, int col,
                         const struct cb_lsp_item **out) {
  *out = NULL;
  if (!doc->src)
    return 0;
  const struct cb_source *src = doc->src;
  size_t off = offset_of(src, line, col), wstart = off;
  while (wstart > 0 && word_byte((unsigned char)src->text[wstart - 1])) /* never a '\n' */
    wstart--;
  size_t at;
  int prev = token_before(doc, wstart, &at);
  int prev2 = at > 1 ? doc->toks[at - 2].tok : 0;
  struct comp c = {.doc = doc};
  /* a word after a number on its line is its unit (the scanner reads it
     so), unless it is a connector: only those and the units there */
  c.after_number = prev == CB_TOK_NUMBER && doc->toks[at - 1].line == line;
  cb_hashtab_init(&c.seen, doc->a);
  /* the grammar's expected tokens after the text before the word */
  struct cb_sources set = {0};
  struct cb_diags d = {0};
  struct cb_source *prefix;
  if (cb_source_from_string(&set, doc->path, src->text, wstart, &d, &prefix) == CB_LOAD_OK) {
    struct cb_arena *a = cb_arena_new();
    cb_parse_expected(a, &d, prefix, on_expected, &c);
    cb_arena_free(a);
  }
  cb_diags_free(&d);
  cb_sources_free(&set);
  if (c.ident) {
    bool words = false;
    for (size_t k = 0; k < sizeof after_words / sizeof after_words[0]; k++)
      if (after_words[k].tok == prev) {
        words = true;
        for (const char *const *w = after_words[k].words; *w; w++)
          add(&c, *w, lsp_keyword_doc(*w), CK_ENUM_MEMBER);
      }
    if (!words) {
      int l = line, cl = col;
      if (l < 0 || (size_t)l >= src->nlines)
        l = 0, cl = 0;
      add_names(&c, prev, prev2, l, cl);
    }
  }
  if (c.unit && c.after_number)
    add_units(&c);
  if (c.string && prev == CB_TOK_IMPORTE)
    add_modules(&c);
  *out = c.v;
  return c.n;
}
