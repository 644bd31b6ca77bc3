/*
 * tokens.c: the semantic tokens of a document (cb_lsp_tokens), from the
 * tokens Cible's own scanner gives (analysis.c): keywords, numbers and
 * dates, strings, comments, operators, units as types; identifiers as
 * variables when the document declares them, as functions before `(`
 * (min, max), and as enumeration members otherwise (the words a statement
 * takes: proportionnelle, croissant, resultat...).
 */
#include "lsp_internal.h"

#include <string.h>

#include "arena.h"
#include "parser.h"

/* Indices in CB_LSP_TOKEN_TYPES. */
enum { T_KEYWORD, T_VARIABLE, T_NUMBER, T_STRING, T_COMMENT, T_OPERATOR, T_TYPE, T_FUNCTION,
       T_PROPERTY, T_ENUM_MEMBER };

static int ident_type(struct cb_lsp_doc *doc, size_t i) {
  const struct lsp_tok *t = &doc->toks[i];
  if (i + 1 < doc->ntoks && doc->toks[i + 1].tok == '(')
    return T_FUNCTION;
  const struct lsp_decl *d = lsp_decl_find(doc, lsp_tok_text(doc, t));
  if (!d)
    return T_ENUM_MEMBER;
  return d->kind == LSP_INDICATOR ? T_PROPERTY : T_VARIABLE;
}

/* The type of token i, or -1 when it is not highlighted (brackets...). */
static int token_type(struct cb_lsp_doc *doc, size_t i) {
  int t = doc->toks[i].tok;
  switch (t) {
  case CB_TOK_NUMBER:
  case CB_TOK_DATE:
    return T_NUMBER;
  case CB_TOK_STRING:
    return T_STRING;
  case CB_TOK_COMMENT:
    return T_COMMENT;
  case CB_TOK_UNIT:
  case CB_TOK_EURO:
  case '%':
    return T_TYPE;
  case CB_TOK_GE:
  case CB_TOK_LE:
  case '+':
  case '-':
  case '*':
  case '/':
  case '<':
  case '>':
  case '=':
    return T_OPERATOR;
  case CB_TOK_IDENT:
    return ident_type(doc, i);
  default:
    return lsp_tok_is_keyword(t) ? T_KEYWORD : -1;
  }
}

const struct cb_lsp_token *cb_lsp_tokens(struct cb_lsp_doc *doc, size_t *n) {
  if (!doc->sem_done) {
    doc->sem_done = true;
    doc->sem = cb_arena_array(doc->a, doc->ntoks ? doc->ntoks : 1, sizeof *doc->sem);
    for (size_t i = 0; i < doc->ntoks; i++) {
      int type = token_type(doc, i);
      if (type < 0)
        continue;
      const struct lsp_tok *t = &doc->toks[i];
      doc->sem[doc->nsem++] =
          (struct cb_lsp_token){t->line, t->col, (int)(t->end - t->start), type};
    }
  }
  *n = doc->nsem;
  return doc->sem;
}
