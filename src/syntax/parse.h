/*
 * parse.h: running the scanner and the parser over one source.
 *
 * cb_parse_source() wraps the reentrant flex scanner and the pure bison
 * parser: it owns the per-parse state (cb_parse) that both share through
 * yyextra and the parse parameter, and returns the file's syntax tree in the
 * caller's arena. Syntax errors are reported to the caller's diagnostics;
 * parsing recovers at statement level so one run reports every independent
 * error. cb_parse_tokens() runs the scanner alone (`cible fmt`, the
 * editor's highlighting); cb_parse_expected() says what the grammar
 * accepts at the end of a text (the editor's completion).
 */
#ifndef CB_PARSE_H
#define CB_PARSE_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "hashtab.h"
#include "source.h"

struct cb_arena;
struct cb_diags;

/* What the grammar accepts at a place (cb_parse_expected): a keyword (word
   is its spelling, the group words each on their own), an identifier, a
   unit (`%`, `€` or a word), a number, a string, a date. */
enum cb_expect_kind { CB_EXPECT_KEYWORD, CB_EXPECT_IDENT, CB_EXPECT_UNIT, CB_EXPECT_NUMBER,
                      CB_EXPECT_STRING, CB_EXPECT_DATE };
typedef void (*cb_expect_fn)(void *ctx, enum cb_expect_kind k, const char *word);

/* Deepest nesting of braces and parentheses accepted. Real contracts nest
   four or five levels; the limit keeps every recursive walk far from the
   C stack's end. */
#define CB_MAX_DEPTH 64
/* Deepest expression of a computed value (`valeur = …`). */
#define CB_MAX_EXPR_DEPTH 200
/* Longest chain of computed values using one another (`valeur = …` that
   refers to another computed value, and so on). */
#define CB_MAX_REF_DEPTH 64
/* Longest identifier or string, in bytes. */
#define CB_MAX_NAME_LEN 256
#define CB_MAX_STRING_LEN 4096

struct cb_parse {
  struct cb_arena *arena;
  struct cb_diags *diags;
  const struct cb_source *src;
  size_t off;       /* scanner position: byte offset of the next token */
  size_t tok_start; /* byte offset where the current token starts */
  size_t line_idx;  /* index in src->lines of the line of the last located
                       offset: the scanner moves forward, so locating the
                       next token walks on from there (cb_parse_loc) */
  int depth;        /* open braces and parentheses */
  struct cb_loc open[CB_MAX_DEPTH + 1]; /* where each open brace is */
  char open_ch[CB_MAX_DEPTH + 1];
  bool fatal;       /* stop quietly: the cause is already reported */
  bool comments;    /* the scanner returns comments (cb_parse_tokens) */
  int nerrors;      /* syntax errors reported, to stop after too many */
  int skip;         /* > 0: braces still open in a block skipped after a syntax
                       error; yylex drops its tokens up to its closing '}' */
  const char *last_ident; /* text of the last IDENT token, for suggestions */
  int last_line;    /* line where the last token returned by yylex ends */
  bool tok_bol;     /* the last token returned by yylex is first on its line */
  size_t resync_at; /* 1 + offset of the token error recovery last resumed at */
  int recent[3];    /* the last three tokens the scanner gave (recent[2] the last) */
  struct cb_loc recent_loc[3];
  struct cb_held_token *held; /* token held back behind an implicit end of
                                 statement (parser.y, next_token) */
  mpq_t num;        /* scratch for numerals */
  struct cb_hashtab words; /* every name and unit read, once (cb_parse_word) */
  struct cb_hashtab numbers; /* every numeral read, its value once (cb_parse_number) */
  struct cb_file *file;
  struct cb_top *last_top;
  cb_expect_fn expect_fn; /* cb_parse_expected: told the tokens expected at the end */
  void *expect_ctx;
};

struct cb_file *cb_parse_source(struct cb_arena *a, struct cb_diags *d,
                                const struct cb_source *src);

/* Scans src without parsing, comments included (token CB_TOK_COMMENT):
   calls fn with each token's kind (CB_TOK_*, or the character of a
   punctuation token) and byte span. Returns false when the scanner reported
   an error (to d). */
typedef void (*cb_token_fn)(void *ctx, int tok, size_t start, size_t end);
bool cb_parse_tokens(struct cb_arena *a, struct cb_diags *d, const struct cb_source *src,
                     cb_token_fn fn, void *ctx);

/* Parses src (recovering from its errors as cb_parse_source does, the
   errors reported to d) and calls fn with what the grammar accepts at its
   end: the tokens LAC accepts there, as the parser's syntax errors list
   them. The editor completes with it, src being the text before the
   cursor. */
void cb_parse_expected(struct cb_arena *a, struct cb_diags *d, const struct cb_source *src,
                       cb_expect_fn fn, void *ctx);

/* Helpers shared by the scanner and the grammar. */
struct cb_loc cb_parse_loc(struct cb_parse *p, size_t start, size_t end);

/* The n bytes of text as a string of the parse's arena, the same string
   for the same bytes: a name written ten thousand times is stored once.
   The trees never write into their strings. */
const char *cb_parse_word(struct cb_parse *p, const char *text, size_t n);

/* The value of the numeral text (n bytes), which the scanner has just read
   into p->num: one rational of the parse's arena for each numeral as
   written, shared by every place that writes it (`objectif an 1 : 16` in
   thousands of indicators). Values of the trees are never written into:
   the model and the evaluation compute into rationals of their own. */
mpq_ptr cb_parse_number(struct cb_parse *p, const char *text, size_t n);
void cb_parse_add_top(struct cb_parse *p, struct cb_top *t);

#endif
