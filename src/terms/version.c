/*
 * version.c: contracts whose terms change from a period on (see version.h).
 *
 * Owns the `a partir de P { … }` blocks: finding the periods where the terms
 * change, and writing, for each such start, the contract as it reads from
 * then on. Inside a block, and only there, a statement is a change: a setting
 * replaces the same setting of the enclosing body (cb_stmt_same_slot), a
 * declaration with a label is added, `indicateur ID { … }` without a label
 * changes an existing element (searched in the whole body below), and
 * `retire indicateur ID` removes one. Blocks apply in the order they are
 * written, which is the order of the avenants once consolidated. Versions
 * are fresh copies of the statements; the original tree is never changed.
 */
#include "version.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "stmt_kinds.h"
#include "suggest.h"

struct slist {
  struct cb_stmt **v;
  size_t n, cap;
};

struct flat {
  struct cb_arena *a;
  struct cb_diags *d;               /* NULL: report nothing */
  const struct cb_contract *base;   /* NULL: no block applies */
  int vs;                           /* the version's first period */
  const char **retired;             /* ids retired so far in this version */
  size_t nretired, capretired;
};

static void push(struct cb_arena *a, struct slist *l, struct cb_stmt *st) {
  l->v = cb_arena_grow(a, l->v, l->n, &l->cap, sizeof *l->v);
  l->v[l->n++] = st;
}

static struct cb_stmt *relink(struct slist *l) {
  for (size_t i = 0; i < l->n; i++)
    l->v[i]->next = i + 1 < l->n ? l->v[i + 1] : NULL;
  return l->n ? l->v[0] : NULL;
}

static void to_slist(struct cb_arena *a, struct cb_stmt *head, struct slist *l) {
  memset(l, 0, sizeof *l);
  for (struct cb_stmt *st = head; st; st = st->next)
    push(a, l, st);
}

int cb_version_period_index(struct cb_diags *d, const struct cb_contract *base,
                            const struct cb_period_ref *r) {
  const struct cb_period *p = cb_contract_period(base, r->kind, r->n);
  if (p)
    return p->index;
  if (d && base->nperiods)
    cb_diag_error(d, r->loc, "E0210", "période hors du contrat « %s », qui va de « %s » à « %s »",
                  base->id, base->periods[0].name, base->periods[base->nperiods - 1].name);
  else if (d)
    cb_diag_error(d, r->loc, "E0210", "période hors du contrat « %s », qui n'a pas de période",
                  base->id);
  return -1;
}

static void suggest_in(const struct cb_stmt *body, const char *id, const char **best) {
  for (const struct cb_stmt *st = body; st; st = st->next) {
    if (cb_stmt_is_decl(st) && st->label)
      *best = cb_suggest_better(id, st->id, *best);
    if (st->body)
      suggest_in(st->body, id, best);
  }
}

void cb_version_suggest(struct cb_diags *d, const struct cb_stmt *body, const char *id,
                        struct cb_loc loc) {
  const char *best = NULL;
  suggest_in(body, id, &best);
  if (best)
    cb_diag_note(d, loc, "voulez-vous dire « %s » ?", best);
}

/* ---- flattening ---------------------------------------------------------- */

static struct cb_stmt *flatten(struct flat *f, const struct cb_stmt *body);
static void apply(struct flat *f, struct slist *out, const struct cb_stmt *ch);

static struct cb_stmt *copy_stmt(struct flat *f, const struct cb_stmt *st) {
  struct cb_stmt *c = cb_arena_alloc(f->a, sizeof *c);
  *c = *st;
  c->next = NULL;
  if (cb_stmt_is_decl(st))
    c->body = flatten(f, st->body);
  return c;
}

/* Statements that only mean something as a change, inside a block or an
   avenant. */
static bool change_only(struct flat *f, const struct cb_stmt *st) {
  const char *what = NULL;
  if (st->kind == CB_ST_DATE)
    what = "« date » date un avenant : elle";
  else if (st->kind == CB_ST_RETIRE)
    what = "« retire » retire un élément à partir d'une période : il";
  else if (st->kind == CB_ST_A_PARTIR && !st->has_body)
    what = "« a partir de P » sans bloc fixe le début d'un avenant : il";
  else if (st->modify)
    what = "une déclaration sans libellé change un élément existant : elle";
  else if (st->remplace)
    what = "« remplace » reprend le changement d'un avenant précédent : il";
  else if (st->retroactif)
    what = "« retroactif » autorise un avenant à changer une période close : il";
  if (!what)
    return false;
  if (f->d)
    cb_diag_error(f->d, st->loc, "E0407",
                  "%s ne s'emploie que dans un avenant ou un bloc « a partir de »", what);
  return true;
}

static int block_index(struct flat *f, const struct cb_stmt *st) {
  if (!f->base)
    return -1;
  return cb_version_period_index(NULL, f->base, &st->period);
}

static struct cb_stmt *flatten(struct flat *f, const struct cb_stmt *body) {
  struct slist out = {0};
  for (const struct cb_stmt *st = body; st; st = st->next) {
    if (st->kind == CB_ST_A_PARTIR && st->has_body) {
      int idx = block_index(f, st);
      if (idx >= 0 && idx <= f->vs)
        for (const struct cb_stmt *ch = st->body; ch; ch = ch->next)
          apply(f, &out, ch);
      continue;
    }
    if (change_only(f, st))
      continue;
    push(f->a, &out, copy_stmt(f, st));
  }
  return relink(&out);
}

static struct cb_stmt *find_decl(struct cb_stmt *head, const char *id) {
  for (struct cb_stmt *st = head; st; st = st->next) {
    if (!cb_stmt_is_decl(st))
      continue;
    if (strcmp(st->id, id) == 0)
      return st;
    struct cb_stmt *in = find_decl(st->body, id);
    if (in)
      return in;
  }
  return NULL;
}

static bool remove_decl(struct cb_stmt **head, const char *id) {
  for (struct cb_stmt **p = head; *p; p = &(*p)->next) {
    if (!cb_stmt_is_decl(*p))
      continue;
    if (strcmp((*p)->id, id) == 0) {
      *p = (*p)->next;
      return true;
    }
    if (remove_decl(&(*p)->body, id))
      return true;
  }
  return false;
}

static bool was_retired(const struct flat *f, const char *id) {
  for (size_t i = 0; i < f->nretired; i++)
    if (strcmp(f->retired[i], id) == 0)
      return true;
  return false;
}

static void unknown(struct flat *f, struct slist *out, const struct cb_stmt *ch) {
  if (!f->d || was_retired(f, ch->id))
    return;
  cb_diag_error(f->d, ch->id_loc, "E0403", "« %s » n'existe pas à cet endroit du contrat",
                ch->id);
  struct cb_stmt *head = relink(out);
  cb_version_suggest(f->d, head, ch->id, ch->id_loc);
}

static void apply(struct flat *f, struct slist *out, const struct cb_stmt *ch) {
  if (ch->kind == CB_ST_A_PARTIR && ch->has_body) {
    int idx = block_index(f, ch);
    if (idx >= 0 && idx <= f->vs)
      for (const struct cb_stmt *g = ch->body; g; g = g->next)
        apply(f, out, g);
    return;
  }
  if (ch->kind == CB_ST_RETIRE) {
    bool done = false;
    for (size_t i = 0; i < out->n && !done; i++) {
      if (cb_stmt_is_decl(out->v[i]) && strcmp(out->v[i]->id, ch->id) == 0) {
        memmove(&out->v[i], &out->v[i + 1], (out->n - i - 1) * sizeof *out->v);
        out->n--;
        done = true;
      } else if (cb_stmt_is_decl(out->v[i])) {
        done = remove_decl(&out->v[i]->body, ch->id);
      }
    }
    if (!done) {
      unknown(f, out, ch);
      return;
    }
    f->retired = cb_arena_grow(f->a, f->retired, f->nretired, &f->capretired,
                               sizeof *f->retired);
    f->retired[f->nretired++] = ch->id;
    return;
  }
  if (cb_stmt_is_decl(ch) && ch->modify) {
    struct cb_stmt *target = find_decl(relink(out), ch->id);
    if (!target) {
      unknown(f, out, ch);
      return;
    }
    struct slist body;
    to_slist(f->a, target->body, &body);
    for (const struct cb_stmt *g = ch->body; g; g = g->next)
      apply(f, &body, g);
    target->body = relink(&body);
    return;
  }
  if (cb_stmt_is_decl(ch) || ch->kind == CB_ST_EXEMPLE) {
    push(f->a, out, copy_stmt(f, ch));
    return;
  }
  if (ch->kind == CB_ST_DATE || (ch->kind == CB_ST_A_PARTIR && !ch->has_body)) {
    change_only(f, ch);
    return;
  }
  struct cb_stmt *c = copy_stmt(f, ch);
  for (size_t i = 0; i < out->n; i++) {
    if (cb_stmt_same_slot(out->v[i], ch)) {
      out->v[i] = c;
      return;
    }
  }
  push(f->a, out, c);
}

static struct cb_top *version_top(struct flat *f, const struct cb_top *t) {
  struct cb_top *v = cb_arena_alloc(f->a, sizeof *v);
  *v = *t;
  v->next = NULL;
  v->body = flatten(f, t->body);
  return v;
}

struct cb_top *cb_version_base(struct cb_arena *a, const struct cb_top *t) {
  struct flat f = {a, NULL, NULL, 0, NULL, 0, 0};
  return version_top(&f, t);
}

/* ---- starts --------------------------------------------------------------- */

struct start {
  int idx;
  struct cb_loc loc;
  long avenant;
};

static void collect_starts(struct cb_diags *d, const struct cb_contract *base,
                           const struct cb_stmt *body, struct start *v, size_t *n) {
  for (const struct cb_stmt *st = body; st; st = st->next) {
    if (st->kind == CB_ST_A_PARTIR && st->has_body) {
      int idx = cb_version_period_index(d, base, &st->period);
      if (idx > 0) {
        size_t i = 0;
        while (i < *n && v[i].idx != idx)
          i++;
        if (i == *n) {
          v[i].idx = idx;
          v[i].loc = st->loc;
          v[i].avenant = st->avenant;
          (*n)++;
        }
      }
    }
    if (st->body)
      collect_starts(d, base, st->body, v, n);
  }
}

static int start_cmp(const void *a, const void *b) {
  return ((const struct start *)a)->idx - ((const struct start *)b)->idx;
}

size_t cb_version_split(struct cb_arena *a, struct cb_diags *d, const struct cb_top *t,
                        const struct cb_contract *base, struct cb_version **out) {
  size_t np = base->nperiods;
  struct start *starts = cb_arena_array(a, np + 1, sizeof *starts);
  size_t ns = 0;
  collect_starts(d, base, t->body, starts + 1, &ns);
  size_t n = ns + 1;
  qsort(starts + 1, n - 1, sizeof *starts, start_cmp);
  struct cb_version *v = cb_arena_array(a, n, sizeof *v);
  for (size_t k = 0; k < n; k++) {
    struct flat f = {a, k + 1 == n ? d : NULL, base, starts[k].idx, NULL, 0, 0};
    v[k].top = version_top(&f, t);
    v[k].top->versioned = true;
    v[k].top->vfrom = starts[k].idx;
    v[k].top->vto = k + 1 < n ? starts[k + 1].idx - 1 : (int)np - 1;
    if (k > 0) {
      v[k].cause = starts[k].loc;
      v[k].avenant = starts[k].avenant;
    }
  }
  *out = v;
  return n;
}
