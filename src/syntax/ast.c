/*
 * ast.c: constructors for the syntax tree, and the folding of keyword-like
 * words.
 *
 * The grammar actions call these so that each action stays one line. Folding
 * ("Linéaire" -> "lineaire") is how keywords and enumerated words are
 * accepted with or without accents, in any case; it is Unicode case folding
 * and mark stripping (utf8proc), so any accented letter folds, composed or
 * not. Identifiers chosen by the user are never folded.
 */
#include "ast.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "arena.h"
#include "buf.h"

struct cb_value cb_ast_number(struct cb_arena *a, mpq_srcptr q, struct cb_loc loc) {
  struct cb_value v;
  memset(&v, 0, sizeof v);
  v.q = cb_arena_mpq_copy(a, q);
  v.loc = loc;
  return v;
}

struct cb_expr *cb_ast_expr(struct cb_arena *a, enum cb_expr_kind k, struct cb_loc loc) {
  struct cb_expr *e = cb_arena_alloc(a, sizeof *e);
  e->kind = k;
  e->loc = loc;
  e->depth = 1;
  return e;
}

struct cb_stmt *cb_ast_stmt(struct cb_arena *a, enum cb_stmt_kind k, struct cb_loc loc) {
  struct cb_stmt *s = cb_arena_alloc(a, sizeof *s);
  s->kind = k;
  s->loc = loc;
  s->kw_loc = loc;
  return s;
}

void cb_expr_each_ref(const struct cb_expr *e,
                      void (*fn)(void *ctx, const struct cb_expr *ref), void *ctx) {
  switch (e->kind) {
  case CB_EXPR_NUM:
    return;
  case CB_EXPR_REF:
    fn(ctx, e);
    return;
  case CB_EXPR_NEG:
    cb_expr_each_ref(e->as.un, fn, ctx);
    return;
  case CB_EXPR_CALL:
    for (int i = 0; i < e->as.call.nargs; i++)
      cb_expr_each_ref(e->as.call.args[i], fn, ctx);
    return;
  case CB_EXPR_IF:
    cb_expr_each_ref(e->as.cond.c, fn, ctx);
    cb_expr_each_ref(e->as.cond.t, fn, ctx);
    cb_expr_each_ref(e->as.cond.e, fn, ctx);
    return;
  case CB_EXPR_BIN:
  case CB_EXPR_CMP:
  case CB_EXPR_AND:
  case CB_EXPR_OR:
    cb_expr_each_ref(e->as.bin.l, fn, ctx);
    cb_expr_each_ref(e->as.bin.r, fn, ctx);
    return;
  }
}

/* Lower-case ASCII letters of the n bytes of s, in place. */
static void ascii_lower(char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= 'A' && s[i] <= 'Z')
      s[i] = (char)(s[i] - 'A' + 'a');
}

static bool is_ascii(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0x80)
      return false;
  return true;
}

char *cb_fold_dup(const char *word, size_t *len) {
  size_t n = strlen(word);
  if (is_ascii(word)) { /* nearly every word: no Unicode tables needed */
    char *out = cb_xstrndup(word, n);
    ascii_lower(out, n);
    *len = n;
    return out;
  }
  /* Unicode case folding, then decomposition with the marks (accents)
     dropped, recomposed: "PÉRIODE", "période" and "pe\u0301riode" all give
     "periode" */
  utf8proc_uint8_t *u = NULL;
  utf8proc_ssize_t m =
      utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)n, &u,
                   UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  if (m < 0) { /* not UTF-8: never for a loaded source; compare as bytes */
    char *out = cb_xstrndup(word, n);
    ascii_lower(out, n);
    *len = n;
    return out;
  }
  /* the letters that Unicode does not decompose but French readers see as
     two letters or an accented one: æ, œ, ø */
  char *out = cb_xmalloc((size_t)m + 1);
  size_t j = 0;
  for (size_t i = 0; i < (size_t)m; i++) {
    if (u[i] == 0xC3 && i + 1 < (size_t)m && u[i + 1] == 0xA6) {
      out[j++] = 'a';
      out[j++] = 'e';
      i++;
    } else if (u[i] == 0xC5 && i + 1 < (size_t)m && u[i + 1] == 0x93) {
      out[j++] = 'o';
      out[j++] = 'e';
      i++;
    } else if (u[i] == 0xC3 && i + 1 < (size_t)m && u[i + 1] == 0xB8) {
      out[j++] = 'o';
      i++;
    } else {
      out[j++] = (char)u[i];
    }
  }
  out[j] = '\0';
  free(u);
  *len = j;
  return out;
}

const char *cb_fold(struct cb_arena *a, const char *word) {
  size_t n;
  char *f = cb_fold_dup(word, &n);
  char *out = cb_arena_strndup(a, f, n);
  free(f);
  return out;
}

bool cb_word_is(const char *word, const char *ascii) {
  if (is_ascii(word)) { /* compare without allocating: fold on the fly */
    for (; *word; word++, ascii++) {
      char c = *word >= 'A' && *word <= 'Z' ? (char)(*word - 'A' + 'a') : *word;
      if (c != *ascii)
        return false;
    }
    return *ascii == '\0';
  }
  size_t n;
  char *f = cb_fold_dup(word, &n);
  bool same = strcmp(f, ascii) == 0;
  free(f);
  return same;
}

struct cb_unit cb_ast_unit_word(const char *word, struct cb_loc loc) {
  struct cb_unit u;
  memset(&u, 0, sizeof u);
  u.word = word;
  u.loc = loc;
  if (cb_word_is(word, "eur") || cb_word_is(word, "euro") || cb_word_is(word, "euros"))
    u.kind = CB_UNIT_EURO;
  else if (cb_word_is(word, "jours") || cb_word_is(word, "jour") || cb_word_is(word, "j") ||
           cb_word_is(word, "jc"))
    u.kind = CB_UNIT_DAYS;
  else if (cb_word_is(word, "points") || cb_word_is(word, "point") || cb_word_is(word, "pts"))
    u.kind = CB_UNIT_POINTS;
  else if (cb_word_is(word, "ans") || cb_word_is(word, "an"))
    u.kind = CB_UNIT_YEARS;
  else
    u.kind = CB_UNIT_NOUN;
  return u;
}
