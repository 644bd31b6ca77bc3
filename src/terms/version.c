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
 * written, which is the order of the avenants once consolidated. The
 * original tree is never changed, and versions share what they do not
 * change: a statement list below which no block applies in a version is the
 * list as written, and a list whose applicable blocks are the same in two
 * versions is flattened once (struct share). A change inside a shared list
 * copies the lists on its path first (copy on write), so the memory of the
 * versions grows with the changes written, not with the contract times the
 * number of versions.
 */
#include "version.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "hashtab.h"
#include "model.h"
#include "stmt_kinds.h"
#include "suggest.h"

struct slist {
  struct cb_stmt **v;
  size_t n, cap;
};

/* A statement list that holds a block, or a statement that flattening
   drops, somewhere below it, with the sorted distinct starts (period
   indices) of the blocks below it. A list that has no entry flattens to
   itself in every version. */
struct list_info {
  const struct cb_stmt *list;
  int *starts;
  size_t n;
};

/* A list already flattened for versions whose latest applicable start
   below it is eff (-1: none). */
struct memo_entry {
  const struct cb_stmt *list;
  int eff;
  struct cb_stmt *out;
};

/* What the versions of one contract share: the entries in an arena of
   their own, freed with the tables once the versions are written. */
struct share {
  struct cb_arena *a;
  struct cb_hashtab lists; /* struct list_info by list */
  struct cb_hashtab memo;  /* struct memo_entry by (list, eff) */
};

struct flat {
  struct cb_arena *a;
  struct cb_diags *d;               /* NULL: report nothing */
  const struct cb_contract *base;   /* NULL: no block applies */
  int vs;                           /* the version's first period */
  const char **retired;             /* ids retired so far in this version */
  size_t nretired, capretired;
  struct share *sh;                 /* NULL: copy every list */
  bool fresh;                       /* with sh: flatten every list that changes again,
                                       reading and keeping nothing of other versions */
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

/* A fresh copy of the statement st alone (its body is shared). */
static struct cb_stmt *shallow(struct cb_arena *a, const struct cb_stmt *st) {
  struct cb_stmt *c = cb_arena_alloc(a, sizeof *c);
  *c = *st;
  c->next = NULL;
  return c;
}

/* The list at head as an array of fresh copies of its statements, which
   may be changed: head itself may be shared with other versions. */
static void to_slist(struct cb_arena *a, const struct cb_stmt *head, struct slist *l) {
  memset(l, 0, sizeof *l);
  for (const struct cb_stmt *st = head; st; st = st->next)
    push(a, l, shallow(a, st));
}

/* A fresh copy of the list at head (bodies shared), before changing it. */
static struct cb_stmt *copy_list(struct cb_arena *a, const struct cb_stmt *head) {
  struct slist l;
  to_slist(a, head, &l);
  return relink(&l);
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

/* ---- what versions share ------------------------------------------------ */

struct ivec {
  int *v;
  size_t n, cap;
};

static void ivec_push(struct ivec *iv, int x) {
  if (iv->n == iv->cap) {
    iv->cap = iv->cap ? 2 * iv->cap : 8;
    iv->v = cb_xrealloc(iv->v, iv->cap * sizeof *iv->v);
  }
  iv->v[iv->n++] = x;
}

static int int_cmp(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static bool info_same(const void *entry, const void *list) {
  return ((const struct list_info *)entry)->list == list;
}

static void info_put(struct share *sh, struct list_info li) {
  struct list_info *e = cb_arena_alloc(sh->a, sizeof *e);
  *e = li;
  cb_hashtab_add(&sh->lists, cb_hash_ptr(e->list), e);
}

static const struct list_info *info_of(const struct share *sh, const struct cb_stmt *list) {
  if (!list)
    return NULL;
  return cb_hashtab_find(&sh->lists, cb_hash_ptr(list), info_same, list);
}

static int block_index(struct flat *f, const struct cb_stmt *st);
static const char *change_only_what(const struct cb_stmt *st);

/* Records the lists at and below list that flattening changes, each with
   the starts of the blocks below it; appends those starts to up. True when
   list is one of them. */
static bool scan_list(struct flat *f, const struct cb_stmt *list, struct ivec *up) {
  struct ivec mine = {0};
  bool changes = false;
  for (const struct cb_stmt *st = list; st; st = st->next) {
    if (st->kind == CB_ST_A_PARTIR && st->has_body) {
      int idx = block_index(f, st);
      if (idx >= 0)
        ivec_push(&mine, idx);
      changes = true;
    } else if (change_only_what(st)) {
      changes = true;
    }
    if (st->body && scan_list(f, st->body, &mine))
      changes = true;
  }
  if (changes) {
    if (mine.n)
      qsort(mine.v, mine.n, sizeof *mine.v, int_cmp);
    size_t n = 0;
    for (size_t i = 0; i < mine.n; i++)
      if (!n || mine.v[n - 1] != mine.v[i])
        mine.v[n++] = mine.v[i];
    struct list_info li = {list, cb_arena_array(f->sh->a, n ? n : 1, sizeof(int)), n};
    if (n)
      memcpy(li.starts, mine.v, n * sizeof(int));
    info_put(f->sh, li);
    for (size_t i = 0; i < n; i++)
      ivec_push(up, li.starts[i]);
  }
  free(mine.v);
  return changes;
}

/* The latest start of li's blocks that applies from period vs, or -1. */
static int latest_start(const struct list_info *li, int vs) {
  size_t lo = 0, hi = li->n; /* the first start > vs */
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (li->starts[mid] <= vs)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo ? li->starts[lo - 1] : -1;
}

static size_t memo_hash(const struct cb_stmt *list, int eff) {
  return cb_hash_mix(cb_hash_ptr(list), (size_t)(unsigned)(eff + 1));
}

static bool memo_same(const void *entry, const void *key) {
  const struct memo_entry *x = entry, *y = key;
  return x->list == y->list && x->eff == y->eff;
}

static void memo_put(struct share *sh, const struct cb_stmt *list, int eff,
                     struct cb_stmt *out) {
  struct memo_entry *e = cb_arena_alloc(sh->a, sizeof *e);
  *e = (struct memo_entry){list, eff, out};
  cb_hashtab_add(&sh->memo, memo_hash(list, eff), e);
}

static bool memo_get(const struct share *sh, const struct cb_stmt *list, int eff,
                     struct cb_stmt **out) {
  struct memo_entry key = {list, eff, NULL};
  const struct memo_entry *e = cb_hashtab_find(&sh->memo, memo_hash(list, eff), memo_same, &key);
  if (e)
    *out = e->out;
  return e != NULL;
}

static void share_init(struct share *sh) {
  sh->a = cb_arena_new();
  cb_hashtab_init(&sh->lists, NULL);
  cb_hashtab_init(&sh->memo, NULL);
}

static void share_free(struct share *sh) {
  cb_hashtab_free(&sh->lists);
  cb_hashtab_free(&sh->memo);
  cb_arena_free(sh->a);
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

/* What a statement that only means something as a change (inside a block
   or an avenant) is, for E0407; NULL for any other statement. */
static const char *change_only_what(const struct cb_stmt *st) {
  if (st->kind == CB_ST_DATE)
    return "« date » date un avenant : elle";
  if (st->kind == CB_ST_RETIRE)
    return "« retire » retire un élément à partir d'une période : il";
  if (st->kind == CB_ST_A_PARTIR && !st->has_body)
    return "« a partir de P » sans bloc fixe le début d'un avenant : il";
  if (st->modify)
    return "une déclaration sans libellé change un élément existant : elle";
  if (st->remplace)
    return "« remplace » reprend le changement d'un avenant précédent : il";
  if (st->retroactif)
    return "« retroactif » autorise un avenant à changer une période close : il";
  return NULL;
}

/* Statements that only mean something as a change: dropped, with E0407. */
static bool change_only(struct flat *f, const struct cb_stmt *st) {
  const char *what = change_only_what(st);
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

/* The list body as it reads in the version: the list itself when nothing
   below it changes, a list flattened for an earlier version when the same
   blocks apply below it, else a new list. */
static struct cb_stmt *flatten(struct flat *f, const struct cb_stmt *body) {
  int eff = -1;
  if (f->sh) {
    const struct list_info *li = info_of(f->sh, body);
    if (!li)
      return (struct cb_stmt *)body; /* never changed: shared, never written */
    eff = latest_start(li, f->vs);
    struct cb_stmt *done;
    if (!f->fresh && memo_get(f->sh, body, eff, &done))
      return done;
  }
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
  struct cb_stmt *r = relink(&out);
  if (f->sh && !f->fresh)
    memo_put(f->sh, body, eff, r);
  return r;
}

static struct cb_stmt *find_decl(const struct cb_stmt *head, const char *id) {
  for (const struct cb_stmt *st = head; st; st = st->next) {
    if (!cb_stmt_is_decl(st))
      continue;
    if (strcmp(st->id, id) == 0)
      return (struct cb_stmt *)st;
    struct cb_stmt *in = find_decl(st->body, id);
    if (in)
      return in;
  }
  return NULL;
}

/* The declaration of id in the fresh list at head (depth first), made
   fresh with the lists on its way, which may be shared; NULL when none. */
static struct cb_stmt *own_decl(struct flat *f, struct cb_stmt *head, const char *id) {
  for (struct cb_stmt *st = head; st; st = st->next) {
    if (!cb_stmt_is_decl(st))
      continue;
    if (strcmp(st->id, id) == 0)
      return st;
    if (find_decl(st->body, id)) {
      st->body = copy_list(f->a, st->body);
      return own_decl(f, st->body, id);
    }
  }
  return NULL;
}

/* Removes the declaration of id from the list at *head or below it (depth
   first), copying the lists on its way first; false when none. */
static bool remove_decl(struct flat *f, struct cb_stmt **head, const char *id) {
  if (!find_decl(*head, id))
    return false;
  *head = copy_list(f->a, *head);
  for (struct cb_stmt **p = head; *p; p = &(*p)->next) {
    if (!cb_stmt_is_decl(*p))
      continue;
    if (strcmp((*p)->id, id) == 0) {
      *p = (*p)->next;
      return true;
    }
    if (remove_decl(f, &(*p)->body, id))
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
        done = remove_decl(f, &out->v[i]->body, ch->id);
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
    struct cb_stmt *target = own_decl(f, relink(out), ch->id);
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
  struct share sh;
  share_init(&sh);
  struct flat scan = {a, NULL, base, 0, NULL, 0, 0, &sh, false};
  struct ivec all = {0};
  scan_list(&scan, t->body, &all);
  free(all.v);
  for (size_t k = 0; k < n; k++) {
    struct flat f = {a, NULL, base, starts[k].idx, NULL, 0, 0, &sh, false};
    v[k].top = version_top(&f, t);
    v[k].top->versioned = true;
    v[k].top->vfrom = starts[k].idx;
    v[k].top->vto = k + 1 < n ? starts[k + 1].idx - 1 : (int)np - 1;
    if (k > 0) {
      v[k].cause = starts[k].loc;
      v[k].avenant = starts[k].avenant;
    }
  }
  /* The errors of the blocks, once: those of the last version, which every
     block applies to, its changing lists flattened again into scratch. */
  struct cb_arena *scratch = cb_arena_new();
  struct flat f = {scratch, d, base, starts[n - 1].idx, NULL, 0, 0, &sh, true};
  version_top(&f, t);
  cb_arena_free(scratch);
  share_free(&sh);
  *out = v;
  return n;
}
