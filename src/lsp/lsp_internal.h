/*
 * lsp_internal.h: what the files of src/lsp share behind analysis.h: the
 * document (its session, its source, its syntax tree, the arena of its
 * answers), its tokens as the scanner gives them, and the index of the
 * names it declares. Not for the server: it sees analysis.h only.
 */
#ifndef CB_LSP_INTERNAL_H
#define CB_LSP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "ast.h"
#include "diag.h"
#include "hashtab.h"

struct cb_session;
struct cb_arena;
struct cb_contract;
struct cb_evaluation;

/* One token of the document as the scanner gives it (comments included). */
struct lsp_tok {
  int tok;           /* CB_TOK_* or the character of a punctuation token */
  size_t start, end; /* bytes */
  int line, col;     /* 0-based; a token never spans lines */
};

/* What a declared name is. */
enum lsp_decl_kind { LSP_CONTRACT, LSP_GROUP, LSP_INDICATOR, LSP_DONNEE, LSP_BAREME,
                     LSP_CONSTANT, LSP_ACCORD };

/* One declaration of the document. */
struct lsp_decl {
  const char *name;
  enum lsp_decl_kind kind;
  const struct cb_top *top;   /* the contract (or accord, avenant) it is in */
  const struct cb_stmt *stmt; /* NULL for a contract */
  struct cb_loc loc, id_loc;
};

/* An evaluation of a contract of the document (hover.c). */
struct lsp_eval {
  const struct cb_contract *c;
  const struct cb_evaluation *ev;
};

struct cb_lsp_doc {
  char *path;
  struct cb_session *s;
  const struct cb_source *src; /* the document's text, NULL when refused */
  struct cb_file *file;        /* its syntax tree, NULL when refused */
  struct cb_arena *a;          /* the answers */
  const char *stdlib_dir;
  struct cb_diags diags;       /* what cb_lsp_diagnostics gives */
  bool checked;                /* cb_session_check passed */
  /* tokens (tokens.c) */
  struct lsp_tok *toks;
  size_t ntoks;
  struct cb_lsp_token *sem;
  size_t nsem;
  bool sem_done;
  /* declarations, in source order, and by name (the first one) */
  struct lsp_decl *decls;
  size_t ndecls;
  struct cb_hashtab by_name;
  /* outline */
  struct cb_lsp_symbol *symbols;
  size_t nsymbols;
  bool symbols_done;
  /* hover answers by token ("" for none), built once (hover.c) */
  const char **hovers;
    /* evaluations, once per contract (hover.c) */
  struct lsp_eval *evals;
  size_t nevals, capevals;
};

/* cb_loc (1-based) as a 0-based range. */
struct cb_lsp_range lsp_range(struct cb_loc loc);
/* The index of the token at (line, col) (a token that starts there or
   ends there is at it; between a name and a punctuation token written
   against it, the name), or -1. */
long lsp_tok_at(const struct cb_lsp_doc *doc, int line, int col);
/* The text of a token, in the document's arena. */
const char *lsp_tok_text(struct cb_lsp_doc *doc, const struct lsp_tok *t);
/* The first declaration of name, or NULL. */
const struct lsp_decl *lsp_decl_find(const struct cb_lsp_doc *doc, const char *name);
/* Whether token kind t is a keyword of the grammar (group words included). */
bool lsp_tok_is_keyword(int t);

/* navigate.c: the declaration the identifier token i names, looked up in
   the contract of its block first, then in the whole document; NULL when
   none (or token i is no identifier). */
const struct lsp_decl *lsp_resolve(struct cb_lsp_doc *doc, long i);
/* The accord block name of the standard library modules the
   document imports: where it is, and its label (in the document's arena,
   when label). False when none. */
bool lsp_module_accord(struct cb_lsp_doc *doc, const char *name, struct cb_lsp_location *out,
                       const char **label);

/* keywords.c: the one-line French definition of a keyword (folded ASCII
   spelling: "objectif", "a partir de"), or NULL. */
const char *lsp_keyword_doc(const char *folded);
/* The i-th keyword of the table (NULL past the end), for completion. */
const char *lsp_keyword_at(size_t i, const char **doc);

#endif
