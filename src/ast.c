/*
 * ast.c: constructors for the syntax tree, and the folding of keyword-like
 * words.
 *
 * The grammar actions call these so that each action stays one line. Folding
 * ("Linéaire" -> "lineaire") is how keywords and enumerated words are
 * accepted with or without accents; identifiers chosen by the user are never
 * folded.
 */
#include "ast.h"

#include <string.h>

#include "arena.h"

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

/* Two-byte UTF-8 Latin letters (U+00C0..U+00FF) to their ASCII base. */
static const char latin1_base[64] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";

size_t cb_fold_into(char *out, const char *word) {
  size_t n = strlen(word);
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)word[i];
    if (c == 0xC3 && i + 1 < n) {
      unsigned char d = (unsigned char)word[i + 1];
      if (d >= 0x80 && d <= 0xBF) {
        char base = latin1_base[d - 0x80];
        if (d == 0x86 || d == 0xA6) { /* Æ æ */
          out[j++] = 'a';
          out[j++] = 'e';
        } else {
          out[j++] = (char)(base >= 'A' && base <= 'Z' ? base - 'A' + 'a' : base);
        }
        i++;
        continue;
      }
    }
    if (c == 0xC5 && i + 1 < n &&
        ((unsigned char)word[i + 1] == 0x92 || (unsigned char)word[i + 1] == 0x93)) {
      out[j++] = 'o';
      out[j++] = 'e';
      i++;
      continue;
    }
    out[j++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  out[j] = '\0';
  return j;
}

const char *cb_fold(struct cb_arena *a, const char *word) {
  char *out = cb_arena_alloc(a, 2 * strlen(word) + 1);
  cb_fold_into(out, word);
  return out;
}

bool cb_word_is(const char *word, const char *ascii) {
  /* compare without allocating: fold on the fly */
  const unsigned char *w = (const unsigned char *)word;
  const char *t = ascii;
  while (*w) {
    char c;
    if (w[0] == 0xC3 && w[1] >= 0x80 && w[1] <= 0xBF) {
      char base = latin1_base[w[1] - 0x80];
      c = (char)(base >= 'A' && base <= 'Z' ? base - 'A' + 'a' : base);
      w += 2;
    } else {
      c = (char)(*w >= 'A' && *w <= 'Z' ? *w - 'A' + 'a' : *w);
      w++;
    }
    if (*t != c)
      return false;
    t++;
  }
  return *t == '\0';
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
