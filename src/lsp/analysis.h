/*
 * analysis.h: what an editor asks of one contract document, without the
 * protocol (the language server, src/cmd/cmd_lsp.c, translates LSP
 * requests into these calls and their answers into JSON).
 *
 * A document is analysed whole each time its text changes (full sync): it
 * is parsed and checked in a session of its own, with the standard library
 * and the measures files the workspace names, and evaluated when its
 * measures are known. Every position here is a 0-based line and a 0-based
 * BYTE column of that line in the document's UTF-8 text: the server
 * converts to and from the client's UTF-16 columns.
 *
 * Every string an answer returns is French (what the user reads), owned by
 * the document (freed with it) unless said otherwise.
 */
#ifndef CB_LSP_ANALYSIS_H
#define CB_LSP_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

struct cb_diags;

/* A place: 0-based line and byte column; end excluded. */
struct cb_lsp_range {
  int line, col, end_line, end_col;
};

/* A place in some file: path as given to cb_lsp_analyse (or the path of a
   standard library module, of an avenant's contract in another open
   document...). */
struct cb_lsp_location {
  const char *path;
  struct cb_lsp_range range;
};

/* What the workspace gives every analysis. */
struct cb_lsp_workspace {
  const char *stdlib_dir;   /* the standard library (importe), or NULL */
  const char **measures;    /* measures CSV files (initializationOptions.mesures), */
  size_t nmeasures;         /* read with every document that names their contracts */
};

struct cb_lsp_doc;

/* Parses, checks and (when it has measures) evaluates the document at path
   with contents text (len bytes), never reading path from the disk. Never
   NULL: a document with errors still answers what it can (the parser
   recovers statement by statement). */
struct cb_lsp_doc *cb_lsp_analyse(const char *path, const char *text, size_t len,
                                  const struct cb_lsp_workspace *ws);
void cb_lsp_doc_free(struct cb_lsp_doc *doc);

/* The diagnostics of the document, as `cible check` gives them (codes,
   French messages, notes after their diagnostic); those located in other
   files (a module of the standard library, a measures CSV) included. Their
   cb_loc columns are byte columns, 1-based as everywhere in Cible. */
const struct cb_diags *cb_lsp_diagnostics(const struct cb_lsp_doc *doc);

/* The outline: contracts, their groups (mission, axe...), indicators,
   données, barèmes, avenants, mesures blocks. kind is an LSP SymbolKind
   number (e.g. 2 Module for a contract, 5 Class for a group, 8 Field for an
   indicator, 13 Variable for a donnée, 23 Struct for a barème). */
struct cb_lsp_symbol {
  const char *name;   /* the identifier */
  const char *detail; /* the label, or NULL */
  int kind;
  struct cb_lsp_range range;     /* the whole declaration */
  struct cb_lsp_range selection; /* its identifier */
  struct cb_lsp_symbol *children;
  size_t nchildren;
};
/* The top-level symbols (*n of them), owned by doc. */
const struct cb_lsp_symbol *cb_lsp_symbols(struct cb_lsp_doc *doc, size_t *n);

/* Markdown (French) for the thing at (line, col): an indicator (objective,
   socle, weight, barème and, when measures are known, what it pays in the
   latest period evaluated with the --explain steps), a barème (its
   tranches), a donnée, a group, a contract, a keyword (a one-line
   definition). NULL when there is nothing to say; *range (when not NULL)
   receives the span hovered. */
const char *cb_lsp_hover(struct cb_lsp_doc *doc, int line, int col, struct cb_lsp_range *range);

/* Where the name at (line, col) is declared: a barème, indicator, donnée,
   group, the contract an avenant changes, the indicator an `attendu` or a
   `mesures` line names, the standard library module an `importe` names
   (its file, line 0). False when there is none. */
bool cb_lsp_definition(struct cb_lsp_doc *doc, int line, int col, struct cb_lsp_location *out);

/* Every use of the name at (line, col) in the document (and its
   declaration when with_decl). *out owned by doc; returns how many. */
size_t cb_lsp_references(struct cb_lsp_doc *doc, int line, int col, bool with_decl,
                         const struct cb_lsp_location **out);

/* A completion item. kind is an LSP CompletionItemKind (14 Keyword, 5
   Field, 6 Variable, 7 Class, 22 Struct, 12 Value for a unit). */
struct cb_lsp_item {
  const char *label;
  const char *detail; /* or NULL */
  int kind;
};
/* What can be written at (line, col): the keywords the grammar accepts
   there (its expected tokens), the identifiers in scope (indicators,
   données, groups, barèmes), units, and after `atteinte ` its methods.
   *out owned by doc; returns how many. */
size_t cb_lsp_completion(struct cb_lsp_doc *doc, int line, int col,
                         const struct cb_lsp_item **out);

/* The document laid out as `cible fmt` lays it out, malloc'd (caller
   frees); NULL when it cannot be (syntax errors: fmt refuses too). */
char *cb_lsp_format(const struct cb_lsp_doc *doc);

/* Semantic tokens from Cible's own scanner, in document order. type
   indexes CB_LSP_TOKEN_TYPES. */
struct cb_lsp_token {
  int line, col, len; /* bytes; a token never spans lines */
  int type;
};
/* The legend the server announces, in this order. */
#define CB_LSP_TOKEN_TYPES                                                                    \
  {"keyword", "variable", "number", "string", "comment", "operator", "type", "function",     \
   "property", "enumMember"}
const struct cb_lsp_token *cb_lsp_tokens(struct cb_lsp_doc *doc, size_t *n);

#endif
