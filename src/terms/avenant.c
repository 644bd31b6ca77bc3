/*
 * avenant.c: applying avenants to their contract (see avenant.h).
 *
 * Owns what an avenant means: its date and first period, where each of its
 * changes lands in the contract's tree, and the rules that protect the
 * consolidated text: naming only what exists (E0403, with a suggestion),
 * adding only what does not (E0404), not changing again what an earlier
 * avenant changed for the same period unless the change says `remplace`
 * (E0405), not changing a period already closed at the avenant's date unless
 * it says `retroactif` (E0406). Whether the consolidated contract still
 * checks is left to the ordinary checks, run on each of its versions.
 */
#include "avenant.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "diag.h"
#include "hashtab.h"
#include "model.h"
#include "suggest.h"
#include "stmt_kinds.h"
#include "version.h"

struct record {
  const char *node; /* NULL: the contract itself */
  const struct cb_stmt *st;
  int period;
  long avenant;
  const struct record *prev; /* the previous change of the same node and period */
};

/* The changes recorded for one (node, period), the latest first. */
struct rec_chain {
  const char *node; /* NULL: the contract itself */
  int period;
  const struct record *last;
};

/* A declaration of the consolidated tree and the list that holds it. */
struct decl_slot {
  struct cb_stmt *decl;
  struct cb_stmt **head;
};

struct ctx {
  struct cb_arena *a;
  struct cb_diags *d;
  const struct cb_contract *base;
  struct cb_stmt *root;     /* the consolidated body */
  const struct cb_top *av;  /* the avenant being applied */
  struct cb_date date;
  struct cb_loc start_loc;  /* its `a partir de`, or its date */
  struct cb_hashtab recs;   /* struct rec_chain by (node, period), in the arena */
  struct decl_slot *decls;  /* the entries of decl_index, in the arena */
  size_t ndecls, capdecls;
  struct cb_hashtab decl_index; /* struct decl_slot by id, in the arena */
  bool decls_built;         /* false: rebuilt at the next lookup */
  struct cb_stmt **tail_head; /* the list appended to last (append), */
  struct cb_stmt *tail;       /* and the statement appended then */
};

static bool has_block(const struct cb_stmt *body) {
  for (const struct cb_stmt *st = body; st; st = st->next)
    if (st->kind == CB_ST_A_PARTIR || has_block(st->body))
      return true;
  return false;
}

bool cb_avenant_any(struct cb_file **files, size_t nfiles) {
  for (size_t f = 0; f < nfiles; f++)
    for (const struct cb_top *t = files[f]->tops; t; t = t->next)
      if (t->kind == CB_TOP_AVENANT || (t->kind == CB_TOP_CONTRAT && has_block(t->body)))
        return true;
  return false;
}

static bool top_named(const void *entry, const void *key) {
  return strcmp(((const struct cb_top *)entry)->id, key) == 0;
}

void cb_avenant_check_targets(struct cb_diags *d, struct cb_file **files, size_t nfiles) {
  struct cb_hashtab ids; /* the contracts, by id */
  cb_hashtab_init(&ids, NULL);
  for (size_t g = 0; g < nfiles; g++)
    for (const struct cb_top *c = files[g]->tops; c; c = c->next)
      if (c->kind == CB_TOP_CONTRAT)
        cb_hashtab_add(&ids, cb_hash_str(c->id), (void *)c);
  for (size_t f = 0; f < nfiles; f++)
    for (const struct cb_top *t = files[f]->tops; t; t = t->next) {
      if (t->kind != CB_TOP_AVENANT ||
          cb_hashtab_find(&ids, cb_hash_str(t->id), top_named, t->id))
        continue;
      /* only a name that is missing is compared with every contract's */
      const char *best = NULL;
      for (size_t g = 0; g < nfiles; g++)
        for (const struct cb_top *c = files[g]->tops; c; c = c->next)
          if (c->kind == CB_TOP_CONTRAT)
            best = cb_suggest_better(t->id, c->id, best);
      cb_diag_error(d, t->id_loc, "E0401",
                    "l'avenant n° %ld change le contrat « %s », absent des fichiers donnés",
                    t->number, t->id);
      if (best)
        cb_diag_note(d, t->id_loc, "voulez-vous dire « %s » ?", best);
    }
  cb_hashtab_free(&ids);
}

/* ---- copies ------------------------------------------------------------- */

static struct cb_stmt *copy_tree(struct cb_arena *a, const struct cb_stmt *st, long avenant);

/* Makes c, a copy of st, the avenant's: its body copied too, and what
   applied once (`remplace`, `retroactif`) spent. */
static void mark(struct cb_arena *a, struct cb_stmt *c, const struct cb_stmt *st, long avenant) {
  if (avenant) {
    c->avenant = avenant;
    c->remplace = c->retroactif = false; /* spent once applied */
  }
  c->body = copy_tree(a, st->body, avenant);
}

/* A copy of the statement st alone, with its body. */
static struct cb_stmt *copy_one(struct cb_arena *a, const struct cb_stmt *st, long avenant) {
  struct cb_stmt *c = cb_arena_alloc(a, sizeof *c);
  *c = *st;
  c->next = NULL;
  mark(a, c, st, avenant);
  return c;
}

/* A copy of the list at st, with the bodies. */
static struct cb_stmt *copy_tree(struct cb_arena *a, const struct cb_stmt *st, long avenant) {
  struct cb_stmt *head = NULL, **tail = &head;
  for (; st; st = st->next) {
    *tail = copy_one(a, st, avenant);
    tail = &(*tail)->next;
  }
  return head;
}

/* ---- what the consolidation copies -------------------------------------- */

/* The consolidated tree is the contract's, copied only where an avenant
   may write: the top list, and the body of every declaration that an
   avenant names or that holds one it names (its changes land there, or in
   the list that holds it). Every other list is the contract's own, shared
   and never written. */
struct names {
  struct cb_hashtab ids; /* the names themselves (strings of the avenants' trees) */
};

static bool id_same(const void *entry, const void *id) { return strcmp(entry, id) == 0; }

static bool names_has(const struct names *ns, const char *id) {
  return cb_hashtab_find(&ns->ids, cb_hash_str(id), id_same, id) != NULL;
}

static void names_add(struct names *ns, const char *id) {
  size_t h = cb_hash_str(id);
  if (!cb_hashtab_find(&ns->ids, h, id_same, id))
    cb_hashtab_add(&ns->ids, h, (void *)id);
}

/* Every name written in an avenant's statements. */
static void names_of(struct names *ns, const struct cb_stmt *list) {
  for (const struct cb_stmt *st = list; st; st = st->next) {
    if (st->id)
      names_add(ns, st->id);
    names_of(ns, st->body);
  }
}

/* True when the list at st holds a declaration named in ns, at any depth. */
static bool holds_named(const struct cb_stmt *st, const struct names *ns) {
  for (; st; st = st->next)
    if (cb_stmt_is_decl(st) && (names_has(ns, st->id) || holds_named(st->body, ns)))
      return true;
  return false;
}

/* A copy of the list at st in which a declaration named in ns, or holding
   one, has its body copied the same way; other bodies are shared. */
static struct cb_stmt *copy_named(struct cb_arena *a, const struct cb_stmt *st,
                                  const struct names *ns) {
  struct cb_stmt *head = NULL, **tail = &head;
  for (; st; st = st->next) {
    struct cb_stmt *c = cb_arena_alloc(a, sizeof *c);
    *c = *st;
    c->next = NULL;
    if (cb_stmt_is_decl(st) && (names_has(ns, st->id) || holds_named(st->body, ns)))
      c->body = copy_named(a, st->body, ns);
    *tail = c;
    tail = &c->next;
  }
  return head;
}

/* ---- the declarations of the consolidated tree, by id ------------------ */

/* Every change names what it changes by id: the declarations are indexed
   once (a walk of the tree per change made an avenant changing N
   indicators cost N walks). As a walk would, the first declaration in
   source order (depth first) answers for an id. */
static bool decl_named(const void *entry, const void *id) {
  return strcmp(((const struct decl_slot *)entry)->decl->id, id) == 0;
}

static void index_put(struct ctx *x, struct cb_stmt *decl, struct cb_stmt **head) {
  size_t h = cb_hash_str(decl->id);
  if (cb_hashtab_find(&x->decl_index, h, decl_named, decl->id))
    return; /* an earlier one answers */
  /* A grown array is a copy, the old one left in the arena as it was: the
     index's pointers into it stay good (an entry never changes). */
  x->decls = cb_arena_grow(x->a, x->decls, x->ndecls, &x->capdecls, sizeof *x->decls);
  struct decl_slot *e = &x->decls[x->ndecls++];
  *e = (struct decl_slot){decl, head};
  cb_hashtab_add(&x->decl_index, h, e);
}

/* Indexes the declarations of the list at head and below, in source order. */
static void index_list(struct ctx *x, struct cb_stmt **head) {
  for (struct cb_stmt *p = *head; p; p = p->next) {
    if (cb_stmt_is_decl(p) && p->label)
      index_put(x, p, head);
    if (p->body)
      index_list(x, &p->body);
  }
}

/* The declaration of id in the consolidated tree, and the list that holds
   it (*parent); NULL when none. */
static struct cb_stmt *find_decl(struct ctx *x, const char *id, struct cb_stmt ***parent) {
  if (!x->decls_built) {
    cb_hashtab_clear(&x->decl_index);
    x->ndecls = 0; /* the entries are written again */
    index_list(x, &x->root);
    x->decls_built = true;
  }
  const struct decl_slot *e = cb_hashtab_find(&x->decl_index, cb_hash_str(id), decl_named, id);
  if (!e)
    return NULL;
  *parent = e->head;
  return e->decl;
}

static void append(struct ctx *x, struct cb_stmt **head, struct cb_stmt *st) {
  st->next = NULL;
  /* appending again to the same list (an avenant adding many elements):
     after the statement appended last, while it still ends the list;
     walking the list each time made N additions cost N^2/2 steps */
  if (x->tail_head == head && x->tail && !x->tail->next && *head) {
    x->tail->next = st;
  } else {
    struct cb_stmt **end = head;
    while (*end)
      end = &(*end)->next;
    *end = st;
  }
  x->tail_head = head;
  x->tail = st;
}

/* The block `a partir de P { … }` of this avenant in body, made on first use. */
static struct cb_stmt **block(struct ctx *x, struct cb_stmt **body, int start) {
  for (struct cb_stmt *st = *body; st; st = st->next)
    if (st->kind == CB_ST_A_PARTIR && st->has_body && st->avenant == x->av->number &&
        st->period.kind == x->base->periods[start].kind &&
        st->period.n == x->base->periods[start].n)
      return &st->body;
  struct cb_stmt *b = cb_ast_stmt(x->a, CB_ST_A_PARTIR, x->start_loc);
  b->has_body = true;
  b->has_period = true;
  b->period.kind = x->base->periods[start].kind;
  b->period.n = x->base->periods[start].n;
  b->period.loc = x->start_loc;
  b->avenant = x->av->number;
  append(x, body, b);
  return &b->body;
}

static bool block_sets(const struct cb_stmt *body, const struct cb_stmt *st) {
  for (const struct cb_stmt *b = body; b; b = b->next)
    if (b->kind == CB_ST_A_PARTIR)
      for (const struct cb_stmt *c = b->body; c; c = c->next)
        if (cb_stmt_same_slot(c, st))
          return true;
  return false;
}

/* ---- rules ------------------------------------------------------------- */

static const char *stmt_name(const struct cb_stmt *st) {
  const char *name = cb_stmt_kind_info(st->kind)->name;
  return name ? name : "la déclaration";
}

static const char *node_name(const char *node) { return node ? node : "(contrat)"; }

/* The records are chained by (node, period), each change looking only at
   the earlier changes of its element and period. */
static size_t rec_hash(const char *node, int period) {
  return cb_hash_mix(cb_hash_str(node ? node : ""), (size_t)(unsigned)period);
}

static bool rec_same(const void *entry, const void *key) {
  const struct rec_chain *x = entry, *y = key;
  return x->period == y->period &&
         ((!x->node && !y->node) || (x->node && y->node && strcmp(x->node, y->node) == 0));
}

/* The earliest record of the same node, thing and period as st, or NULL. */
static const struct record *earlier_change(const struct ctx *x, const char *node,
                                           const struct cb_stmt *st, int period) {
  struct rec_chain key = {node, period, NULL};
  const struct rec_chain *c = cb_hashtab_find(&x->recs, rec_hash(node, period), rec_same, &key);
  const struct record *first = NULL;
  for (const struct record *r = c ? c->last : NULL; r; r = r->prev) {
    bool same = r->st->kind == CB_ST_RETIRE ? st->kind == CB_ST_RETIRE
                                            : cb_stmt_same_slot(r->st, st);
    if (same)
      first = r; /* the chain runs from the latest to the earliest */
  }
  return first;
}

/* Records a change; reports E0405 when the same thing was already changed
   for the same period and this change does not say `remplace`. */
static bool record(struct ctx *x, const char *node, const struct cb_stmt *st, int period) {
  const struct record *r = earlier_change(x, node, st, period);
  if (r && !(st->remplace && r->avenant != x->av->number)) {
    const char *pname = x->base->periods[period].name;
    if (r->avenant == x->av->number)
      cb_diag_error(x->d, st->loc, "E0405",
                    "%s de « %s » (%s) est changé deux fois par l'avenant n° %ld", stmt_name(st),
                    node_name(node), pname, r->avenant);
    else
      cb_diag_error(x->d, st->loc, "E0405",
                    "%s de « %s » (%s) a déjà été changé par l'avenant n° %ld : écrivez "
                    "« remplace » devant ce changement s'il remplace le précédent",
                    stmt_name(st), node_name(node), pname, r->avenant);
    cb_diag_note(x->d, r->st->loc, "changement de l'avenant n° %ld", r->avenant);
    return false;
  }
  struct rec_chain key = {node, period, NULL};
  size_t h = rec_hash(node, period);
  struct rec_chain *c = cb_hashtab_find(&x->recs, h, rec_same, &key);
  if (!c) {
    c = cb_arena_alloc(x->a, sizeof *c);
    *c = key;
    cb_hashtab_add(&x->recs, h, c);
  }
  struct record *rec = cb_arena_alloc(x->a, sizeof *rec);
  *rec = (struct record){node, st, period, x->av->number, c->last};
  c->last = rec;
  return true;
}

/* E0406 when period idx ended before the avenant's date. */
static bool open_period(struct ctx *x, int idx, bool retro, struct cb_loc loc) {
  const struct cb_period *p = &x->base->periods[idx];
  if (retro || !p->dated || cb_date_cmp(p->end, x->date) >= 0)
    return true;
  struct cb_buf b = CB_BUF_INIT;
  cb_date_fmt(&b, p->end);
  cb_diag_error(x->d, loc, "E0406",
                "la période %s est close (fin le %s) à la date de l'avenant n° %ld : écrivez « retroactif » "
                "devant ce changement s'il s'applique rétroactivement",
                p->name, cb_buf_str(&b), x->av->number);
  cb_buf_free(&b);
  return false;
}

static bool kind_matches(struct ctx *x, const struct cb_stmt *decl, const struct cb_stmt *st,
                         const char *word) {
  bool ok = decl->kind == CB_ST_GROUP ? strcmp(word, "indicateur") != 0 &&
                                            strcmp(word, "donnee") != 0
                                      : strcmp(word, decl->kind == CB_ST_INDICATEUR
                                                         ? "indicateur"
                                                         : "donnee") == 0;
  if (!ok) {
    cb_diag_error(x->d, st->id_loc, "E0403", "« %s » n'est pas un élément de ce genre (%s)",
                  st->id, word);
    cb_diag_note(x->d, decl->id_loc, "« %s » est déclaré ici", st->id);
  }
  return ok;
}

static const char *decl_word(const struct cb_stmt *st) {
  return st->kind == CB_ST_INDICATEUR ? "indicateur"
         : st->kind == CB_ST_DONNEE   ? "donnee"
                                      : st->word;
}

static void apply_change(struct ctx *x, struct cb_stmt **body, const char *node,
                         const struct cb_stmt *st, int start, bool retro);

static void apply_list(struct ctx *x, struct cb_stmt **body, const char *node,
                       const struct cb_stmt *list, int start, bool retro) {
  for (const struct cb_stmt *st = list; st; st = st->next)
    apply_change(x, body, node, st, start, retro);
}

static struct cb_stmt *unknown(struct ctx *x, const struct cb_stmt *st) {
  cb_diag_error(x->d, st->id_loc, "E0403", "l'avenant n° %ld nomme « %s », qui n'existe pas dans "
                "le contrat « %s »", x->av->number, st->id, x->av->id);
  cb_version_suggest(x->d, x->root, st->id, st->id_loc);
  return NULL;
}

/* A block `a partir de P { … }` of the avenant: its changes from period P,
   unless P is closed at the avenant's date. */
static void apply_block(struct ctx *x, struct cb_stmt **body, const char *node,
                        const struct cb_stmt *st, bool retro) {
  if (!st->has_body) {
    cb_diag_error(x->d, st->loc, "E0407",
                  "« a partir de P » sans bloc s'écrit en tête de l'avenant, hors de tout bloc");
    return;
  }
  int idx = cb_version_period_index(x->d, x->base, &st->period);
  if (idx >= 0 && open_period(x, idx, retro, st->period.loc))
    apply_list(x, body, node, st->body, idx, retro);
}

/* `retire E`: from the start, E and what it holds are gone; from a later
   period, the removal is written in that period's block. */
static void apply_removal(struct ctx *x, const struct cb_stmt *st, int start) {
  struct cb_stmt **parent = NULL;
  struct cb_stmt *decl = find_decl(x, st->id, &parent);
  if (!decl) {
    unknown(x, st);
    return;
  }
  if (!kind_matches(x, decl, st, st->word) || !record(x, st->id, st, start))
    return;
  if (start == 0) {
    struct cb_stmt **at = parent;
    while (*at != decl)
      at = &(*at)->next;
    *at = decl->next;
    x->tail = NULL; /* it may have ended its list */
    x->decls_built = false; /* it and what it held are gone */
  } else {
    append(x, block(x, parent, start), copy_one(x->a, st, x->av->number));
  }
}

/* A new element (group, indicator, donnée) added to body from period
   start; E0404 when its id is already declared. */
static void add_element(struct ctx *x, struct cb_stmt **body, const struct cb_stmt *st,
                        const struct cb_stmt *decl, int start) {
  if (decl) {
    cb_diag_error(x->d, st->id_loc, "E0404",
                  "« %s » existe déjà dans le contrat « %s » : pour le changer, écrivez "
                  "« %s %s { … } » sans libellé",
                  st->id, x->av->id, decl_word(st), st->id);
    cb_diag_note(x->d, decl->id_loc, "« %s » est déclaré ici", st->id);
    return;
  }
  struct cb_stmt *c = cb_arena_alloc(x->a, sizeof *c);
  *c = *st;
  c->next = NULL;
  c->avenant = x->av->number;
  c->body = copy_tree(x->a, st->body, x->av->number);
  struct cb_stmt **list = start == 0 ? body : block(x, body, start);
  append(x, list, c);
  if (x->decls_built) { /* what it declares can be changed from now on */
    if (c->label)
      index_put(x, c, list);
    index_list(x, &c->body);
  }
}

/* An element written in the avenant: without a label, the changes of an
   existing one (E0403 when there is none); with one, a new element. */
static void apply_element(struct ctx *x, struct cb_stmt **body, const struct cb_stmt *st,
                          int start, bool retro) {
  struct cb_stmt **parent = NULL;
  struct cb_stmt *decl = find_decl(x, st->id, &parent);
  if (!st->modify) {
    add_element(x, body, st, decl, start);
    return;
  }
  if (!decl) {
    unknown(x, st);
    return;
  }
  if (kind_matches(x, decl, st, decl_word(st)))
    apply_list(x, &decl->body, st->id, st->body, start, retro);
}

/* Puts setting st, copied, in body: over the statement of the same slot
   (a copy the consolidation owns, so it is written in place rather than
   copied again), else after the last statement of its kind, else at the
   end. */
static void place_setting(struct ctx *x, struct cb_stmt **body, const struct cb_stmt *st) {
  struct cb_stmt **after = NULL; /* the last statement of the same kind */
  for (struct cb_stmt **p = body; *p; p = &(*p)->next) {
    if (cb_stmt_same_slot(*p, st)) {
      struct cb_stmt *next = (*p)->next;
      **p = *st;
      (*p)->next = next;
      x->tail = NULL; /* its body, if append knew it, is a new list */
      mark(x->a, *p, st, x->av->number);
      return;
    }
    if ((*p)->kind == st->kind)
      after = p;
  }
  struct cb_stmt *c = copy_one(x->a, st, x->av->number);
  if (after) {
    c->next = (*after)->next;
    (*after)->next = c;
  } else {
    append(x, body, c);
  }
}

/* A setting of element node (objective, weight, barème…) changed by the
   avenant: where the table of statement kinds lets an avenant change it,
   recorded (E0405, E0406), then put in body itself when it holds from the
   start or is dated and not already set by a block, else in the block of
   period start. */
static void apply_setting(struct ctx *x, struct cb_stmt **body, const char *node,
                          const struct cb_stmt *st, int start, bool retro) {
  if (cb_stmt_allowed(st->kind, CB_IN_AVENANT)) {
    cb_diag_error(x->d, st->loc, "E0407", "« %s » s'écrit en tête de l'avenant, hors de tout bloc",
                  cb_stmt_keyword(st->kind));
    return;
  }
  if (!cb_stmt_allowed(st->kind, CB_IN_CHANGE)) {
    cb_diag_error(x->d, st->loc, "E0407",
                  "un avenant ne change pas l'accord, les parties, la signature, la durée, les "
                  "périodes ni l'arrondi du contrat");
    return;
  }
  if (cb_stmt_dated(st)) {
    int idx = cb_version_period_index(x->d, x->base, &st->period);
    if (idx < 0 || !open_period(x, idx, retro, st->period.loc) || !record(x, node, st, idx))
      return;
  } else if (!record(x, node, st, start)) {
    return;
  }
  if (cb_stmt_dated(st) || (start == 0 && !block_sets(*body, st)))
    place_setting(x, body, st);
  else
    append(x, block(x, body, start), copy_one(x->a, st, x->av->number));
}

/* One change of the avenant, to element node (NULL: the contract) of the
   consolidated body, from period start. */
static void apply_change(struct ctx *x, struct cb_stmt **body, const char *node,
                         const struct cb_stmt *st, int start, bool retro) {
  retro = retro || st->retroactif;
  switch (st->kind) {
  case CB_ST_A_PARTIR:
    apply_block(x, body, node, st, retro);
    return;
  case CB_ST_RETIRE:
    apply_removal(x, st, start);
    return;
  case CB_ST_GROUP:
  case CB_ST_INDICATEUR:
  case CB_ST_DONNEE:
    apply_element(x, body, st, start, retro);
    return;
  default:
    apply_setting(x, body, node, st, start, retro);
    return;
  }
}

/* ---- one avenant -------------------------------------------------------- */

static int period_of_date(const struct cb_contract *c, struct cb_date d) {
  for (size_t i = 0; i < c->nperiods; i++) {
    const struct cb_period *p = &c->periods[i];
    if (p->dated && cb_date_cmp(p->start, d) <= 0 && cb_date_cmp(d, p->end) <= 0)
      return (int)i;
  }
  return -1;
}

static void apply_avenant(struct ctx *x, const struct cb_top *av) {
  x->av = av;
  const struct cb_stmt *date = NULL, *from = NULL;
  for (const struct cb_stmt *st = av->body; st; st = st->next) {
    if (st->kind == CB_ST_DATE || (st->kind == CB_ST_A_PARTIR && !st->has_body)) {
      const struct cb_stmt **slot = st->kind == CB_ST_DATE ? &date : &from;
      if (*slot) {
        cb_diag_error(x->d, st->loc, "E0408", "l'avenant n° %ld a déjà %s ligne %d", av->number,
                      st->kind == CB_ST_DATE ? "une date" : "un « a partir de »",
                      (*slot)->loc.line);
        continue;
      }
      *slot = st;
    }
  }
  if (!date) {
    cb_diag_error(x->d, av->number_loc, "E0408",
                  "l'avenant n° %ld n'a pas de date : écrivez « date AAAA-MM-JJ » en tête",
                  av->number);
    return;
  }
  if (!x->base->nperiods)
    return;
  x->date = date->date;
  x->start_loc = from ? from->loc : date->loc;
  int start;
  bool retro = false;
  if (from) {
    start = cb_version_period_index(x->d, x->base, &from->period);
    if (start < 0)
      return;
    retro = from->retroactif;
    if (!open_period(x, start, retro, from->period.loc))
      return;
  } else {
    start = period_of_date(x->base, date->date);
    const struct cb_period *first = &x->base->periods[0];
    if (start < 0 && first->dated && cb_date_cmp(date->date, first->start) < 0) {
      start = 0;
    } else if (start < 0) {
      cb_diag_error(x->d, date->word_loc, "E0409",
                    "la date de l'avenant n° %ld ne tombe dans aucune période du contrat « %s » : "
                    "écrivez « a partir de P » pour dire d'où il s'applique",
                    av->number, av->id);
      return;
    }
  }
  for (const struct cb_stmt *st = av->body; st; st = st->next) {
    if (st == date || st == from || st->kind == CB_ST_EXEMPLE)
      continue;
    if (st->kind == CB_ST_DATE || (st->kind == CB_ST_A_PARTIR && !st->has_body))
      continue; /* reported above */
    apply_change(x, &x->root, NULL, st, start, retro);
  }
}

static int av_cmp(const void *a, const void *b) {
  const struct cb_top *x = *(const struct cb_top *const *)a, *y = *(const struct cb_top *const *)b;
  return x->number < y->number ? -1 : x->number > y->number;
}

struct av_list {
  const char *id; /* the contract they change */
  const struct cb_top **avs;
  size_t n, cap;
};

struct cb_avenants {
  struct cb_arena *a;
  struct cb_hashtab by_id; /* struct av_list */
};

static bool av_list_named(const void *entry, const void *key) {
  return strcmp(((const struct av_list *)entry)->id, key) == 0;
}

struct cb_avenants *cb_avenants_index(struct cb_arena *a, struct cb_file **files, size_t nfiles) {
  struct cb_avenants *ix = cb_arena_alloc(a, sizeof *ix);
  ix->a = a;
  cb_hashtab_init(&ix->by_id, a);
  for (size_t f = 0; f < nfiles; f++)
    for (const struct cb_top *v = files[f]->tops; v; v = v->next) {
      if (v->kind != CB_TOP_AVENANT)
        continue;
      size_t h = cb_hash_str(v->id);
      struct av_list *l = cb_hashtab_find(&ix->by_id, h, av_list_named, v->id);
      if (!l) {
        l = cb_arena_alloc(a, sizeof *l);
        l->id = v->id;
        cb_hashtab_add(&ix->by_id, h, l);
      }
      l->avs = cb_arena_grow(a, l->avs, l->n, &l->cap, sizeof *l->avs);
      l->avs[l->n++] = v;
    }
  return ix;
}

const struct cb_top *cb_avenant_apply(struct cb_arena *a, struct cb_diags *d,
                                      const struct cb_top *t, const struct cb_contract *base,
                                      const struct cb_avenants *ix, long upto) {
  const struct av_list *l = cb_hashtab_find(&ix->by_id, cb_hash_str(t->id), av_list_named, t->id);
  if (!l)
    return t;
  size_t n = l->n;
  const struct cb_top **avs = cb_arena_array(a, n, sizeof *avs);
  memcpy(avs, l->avs, n * sizeof *avs);
  qsort(avs, n, sizeof *avs, av_cmp);
  struct ctx x;
  memset(&x, 0, sizeof x);
  x.a = a;
  x.d = d;
  x.base = base;
  cb_hashtab_init(&x.recs, a);
  cb_hashtab_init(&x.decl_index, a);
  struct names ns;
  cb_hashtab_init(&ns.ids, NULL);
  for (size_t i = 0; i < n; i++)
    names_of(&ns, avs[i]->body);
  x.root = copy_named(a, t->body, &ns);
  cb_hashtab_free(&ns.ids);
  for (size_t i = 0; i < n; i++) {
    if (upto && avs[i]->number > upto)
      break;
    if (i > 0 && avs[i]->number == avs[i - 1]->number) {
      cb_diag_error(d, avs[i]->number_loc, "E0402",
                    "le contrat « %s » a déjà un avenant n° %ld", t->id, avs[i]->number);
      cb_diag_note(d, avs[i - 1]->number_loc, "premier avenant n° %ld", avs[i]->number);
      continue;
    }
    apply_avenant(&x, avs[i]);
  }
  struct cb_top *c = cb_arena_alloc(a, sizeof *c);
  *c = *t;
  c->next = NULL;
  c->body = x.root;
  return c;
}
