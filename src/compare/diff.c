/*
 * diff.c: semantic differences between two versions of contracts (diff.h).
 *
 * Owns what "the same term" means across two versions: an element is known
 * by its id, a term by its property (objective, weight, method…) and its
 * period. Every term is rendered as the text a reader compares ("30 %",
 * "quarts { ]50 % ; 75 %] : 75 % … }", "—" when absent) in the versions in
 * force for each period; consecutive periods with the same change are
 * reported once ("à partir de an 2"). The money impact evaluates both sides
 * on their measures and lists, per period, what each element is paid (each
 * period of each side evaluated on its own and freed once its amounts are
 * copied: memory is the rows, not every evaluation). The same differences
 * are printed as text, JSON or an HTML page (terms side by side, money per
 * period, html.h).
 */
#include "diff.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "session.h"
#include "timeline.h"
#include "table.h"
#include "format.h"
#include "hashtab.h"
#include "csv.h"
#include "html.h"
#include "json.h"
#include "provenance.h"
#include "num.h"

struct item {
  const char *elem, *word, *prop;
  const char *before, *after; /* NULL: absent */
  int from, to;               /* period indices */
  bool dated;                 /* a term of one period (objectif an 2 de …) */
  const char *text;
};

struct mrow {
  const char *id, *word;
  int depth;
  mpq_srcptr pa, pb; /* paid; NULL: absent or undetermined */
  bool points;
};

/* A set of element ids, each with a value (a row index): a hash table,
   so that a mission of thousands of indicators costs one probe per id. */
struct id_val {
  const char *id;
  size_t val;
};

struct idset {
  struct cb_hashtab ids; /* struct id_val by id, in the ctx's arena */
};

struct mperiod {
  const char *name;
  struct mrow *rows;
  size_t n, cap;
  struct idset index; /* row of each element id, while the rows are added */
};

struct cdiff {
  const char *id, *label;
  const struct cb_contract *ca, *cb; /* NULL when on one side only */
  struct item *items;
  size_t n, cap;
  struct mperiod *periods;
  size_t nperiods;
};

struct ctx {
  struct cb_arena *a;
  struct cb_session *sa, *sb;
};

/* ---- terms as text ------------------------------------------------------------- */

/* "30 %", "33,33 %": as a contract writes it */
static const char *pct(struct cb_arena *a, mpq_srcptr q) {
  if (!q)
    return NULL;
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_pct_natural(&b, q);
  const char *s = cb_arena_strdup(a, cb_buf_str(&b));
  cb_buf_free(&b);
  return s;
}

static const char *p_objective(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  if (n->kind != CB_NODE_INDICATOR)
    return NULL;
  const struct cb_mobjective *o = &n->objectives[p->index];
  switch (o->kind) {
  case CB_MOBJ_NONE:
    return NULL;
  case CB_MOBJ_A_DEFINIR:
    return "à définir";
  case CB_MOBJ_PRECEDENT:
    return cb_arena_printf(a, "précédent %s", cb_fmt_value_a(a, o->value, &n->unit, false));
  default:
    return cb_arena_printf(a, "%s%s%s", o->cmp_written ? cb_cmp_text(o->cmp) : "",
                           o->cmp_written ? " " : "",
                           cb_fmt_value_a(a, o->value, &n->unit, false));
  }
}

static const char *p_weight(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  (void)p;
  switch (n->weight_kind) {
  case CB_WEIGHT_PERCENT: return pct(a, n->weight);
  case CB_WEIGHT_POINTS: return cb_arena_printf(a, "%s points", cb_fmt_value_a(a, n->weight, NULL, false));
  case CB_WEIGHT_MONTANT: return cb_fmt_eur_a(a, n->weight);
  default: return NULL;
  }
}

/* An indicator's pay lines (ACI points, a `montant` per unit or computed),
   as written: a formula by its source text. */
static const char *p_pay(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  (void)p;
  if (n->kind != CB_NODE_INDICATOR)
    return NULL;
  const struct cb_points *lines[3] = {&n->points[CB_PTS_FIXES], &n->points[CB_PTS_VARIABLES],
                                      &n->amount_line};
  static const char *const words[3] = {"points_fixes", "points_variables", "montant"};
  struct cb_buf b = CB_BUF_INIT;
  for (int k = 0; k < 3; k++) {
    const struct cb_points *pl = lines[k];
    if (!pl->set)
      continue;
    if (b.len)
      cb_buf_puts(&b, " ; ");
    if (pl->expr) {
      cb_buf_puts(&b, cb_loc_written(a, pl->loc));
      continue;
    }
    cb_buf_printf(&b, "%s %s", words[k],
                  pl->euros ? cb_fmt_eur_a(a, pl->q) : cb_fmt_value_a(a, pl->q, NULL, false));
    if (pl->par)
      cb_buf_printf(&b, " par %s", pl->par->id);
    if (pl->cap)
      cb_buf_printf(&b, ", %s au plus", cb_fmt_value_a(a, pl->cap, NULL, false));
  }
  const char *s = b.len ? cb_arena_strdup(a, cb_buf_str(&b)) : NULL;
  cb_buf_free(&b);
  return s;
}

static const char *p_method(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  (void)a;
  (void)p;
  return n->kind == CB_NODE_INDICATOR ? cb_method_name(n->method) : NULL;
}

static const char *p_bareme(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  (void)p;
  if (!n->bareme)
    return NULL;
  struct cb_buf b = CB_BUF_INIT;
  cb_buf_printf(&b, "%s {", n->bareme->id ? n->bareme->id : "en ligne");
  for (size_t k = 0; k < n->bareme->ntranches; k++) {
    const struct cb_mtranche *t = &n->bareme->tranches[k];
    cb_buf_printf(&b, "%s %s : ", k ? " ;" : "", t->text);
    if (t->pay == CB_PAY_LINEAR)
      cb_buf_printf(&b, "linéaire de %s à %s", pct(a, t->from), pct(a, t->to));
    else if (t->pays_amount)
      cb_fmt_eur(&b, t->value);
    else
      cb_buf_puts(&b, pct(a, t->value));
  }
  cb_buf_puts(&b, " }");
  const char *s = cb_arena_strdup(a, cb_buf_str(&b));
  cb_buf_free(&b);
  return s;
}

static const char *p_plafond(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  (void)p;
  if (n->kind != CB_NODE_INDICATOR)
    return NULL;
  return n->plafond ? pct(a, n->plafond) : "sans plafond";
}

static const char *p_plancher(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  (void)p;
  return n->kind == CB_NODE_INDICATOR ? pct(a, n->plancher) : NULL;
}

static const char *p_sens(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  (void)a;
  (void)p;
  return n->sens == CB_SENS_CROISSANT ? "croissant" : n->sens == CB_SENS_DECROISSANT ? "décroissant" : NULL;
}

/* The socle in force (cb_socle_for): the initial value of a linear
   indicator without socle is its socle, and a change of it is one. */
static const char *p_socle(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  if (n->kind != CB_NODE_INDICATOR)
    return NULL;
  bool initial;
  mpq_srcptr s = cb_socle_for(n, (size_t)p->index, NULL, &initial);
  if (!s)
    return NULL;
  const char *v = cb_fmt_value_a(a, s, &n->unit, false);
  return initial ? cb_arena_printf(a, "%s (valeur initiale)", v) : v;
}

static const char *p_neutral(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  if (n->kind != CB_NODE_INDICATOR || !n->neutralised[p->index])
    return NULL;
  return n->neutral_reasons[p->index] ? cb_arena_printf(a, "neutralisé (%s)", n->neutral_reasons[p->index])
                               : "neutralisé";
}

static const char *amount(struct cb_arena *a, const struct cb_amount *am, const struct cb_period *p) {
  struct cb_loc loc;
  mpq_srcptr q = cb_amount_for(am, p, &loc);
  return q ? cb_fmt_eur_a(a, q) : NULL;
}

static const char *p_fixe(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  return amount(a, &n->fixe, p);
}

static const char *p_variable(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  return amount(a, &n->variable, p);
}

static const char *p_points(struct cb_arena *a, const struct cb_node *n, const struct cb_period *p) {
  (void)p;
  return n->points_total ? cb_fmt_value_a(a, n->points_total, NULL, false) : NULL;
}

static const char *p_amount_cap(struct cb_arena *a, const struct cb_node *n,
                                const struct cb_period *p) {
  (void)p;
  return n->amount_cap ? cb_fmt_eur_a(a, n->amount_cap) : NULL;
}

struct prop {
  const char *name;  /* "le poids" -> "poids de X" */
  bool dated;        /* "objectif an 2 de X" */
  const char *(*fn)(struct cb_arena *, const struct cb_node *, const struct cb_period *);
};

/* Properties of a built element compared period by period. Not the table of
   statement kinds (stmt_kinds.c): a property is what the element amounts to
   in a period, after inheritance and generation (the method and plafond of
   an enclosing group, objectives made by `progression`, the rémunération
   of three kinds of pay lines), and `dated` here means "shown per period,
   not merged into runs", which fixe and variable are not even when written
   for one period. */
static const struct prop props[] = {
    {"objectif", true, p_objective},       {"poids", false, p_weight},
    {"méthode d'atteinte", false, p_method}, {"barème", false, p_bareme},
    {"plafond", false, p_plafond},         {"plancher", false, p_plancher},
    {"sens", false, p_sens},               {"socle", true, p_socle},
    {"neutralisation", true, p_neutral},   {"enveloppe fixe", false, p_fixe},
    {"enveloppe variable", false, p_variable}, {"total de points", false, p_points},
    {"rémunération", false, p_pay},        {"plafond de montant", false, p_amount_cap},
};

/* ---- comparing -------------------------------------------------------------------- */

static const struct cb_node *node_at(const struct cb_contract *c, const char *id, int i) {
  return c && i < (int)c->nperiods ? cb_node_at(c, id, &c->periods[i]) : NULL;
}

static bool same(const char *x, const char *y) {
  return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

static const char *when(struct cb_arena *a, const struct cb_contract *c, int from, int to) {
  int last = (int)c->nperiods - 1;
  if (from == 0 && to == last)
    return "";
  if (from == to)
    return cb_arena_printf(a, " (%s)", c->periods[from].name);
  if (to == last)
    return cb_arena_printf(a, " (à partir de %s)", c->periods[from].name);
  return cb_arena_printf(a, " (de %s à %s)", c->periods[from].name, c->periods[to].name);
}

static void add_item(struct ctx *x, struct cdiff *d, struct item it) {
  const struct cb_contract *c = d->ca ? d->ca : d->cb;
  const char *w = when(x->a, c, it.from, it.to);
  if (!it.prop)
    it.text = cb_arena_printf(x->a, "%s %s %s%s", it.word, it.elem,
                              it.after ? "ajouté" : "retiré", w);
  else if (it.dated)
    it.text = cb_arena_printf(x->a, "%s %s de %s : %s → %s", it.prop, c->periods[it.from].name,
                              it.elem, it.before ? it.before : "—", it.after ? it.after : "—");
  else
    it.text = cb_arena_printf(x->a, "%s de %s : %s → %s%s", it.prop, it.elem,
                              it.before ? it.before : "—", it.after ? it.after : "—", w);
  d->items = cb_arena_grow(x->a, d->items, d->n, &d->cap, sizeof *d->items);
  d->items[d->n++] = it;
}

static const char *word_of(const struct cb_node *n) {
  return n->kind == CB_NODE_INDICATOR ? "indicateur"
         : n->kind == CB_NODE_DONNEE  ? "donnée"
                                      : n->word;
}

/* Compares element id over the periods. The terms as text live in an
   arena of the element's, freed at the end: only those of a difference are
   copied to stay. */
static void compare_element(struct ctx *x, struct cdiff *d, const char *id) {
  const struct cb_contract *c = d->ca;
  int np = (int)c->nperiods;
  /* presence */
  for (int i = 0; i < np;) {
    const struct cb_node *na = node_at(d->ca, id, i), *nb = node_at(d->cb, id, i);
    if (!na == !nb) {
      i++;
      continue;
    }
    int j = i;
    while (j + 1 < np && !node_at(d->ca, id, j + 1) == !na &&
           !node_at(d->cb, id, j + 1) == !nb)
      j++;
    add_item(x, d, (struct item){id, word_of(na ? na : nb), NULL, na ? "" : NULL,
                                 nb ? "" : NULL, i, j, false, NULL});
    i = j + 1;
  }
  struct cb_arena *t = cb_arena_new();
  for (size_t k = 0; k < sizeof props / sizeof props[0]; k++) {
    for (int i = 0; i < np;) {
      const struct cb_node *na = node_at(d->ca, id, i), *nb = node_at(d->cb, id, i);
      const char *va = na ? props[k].fn(t, na, &c->periods[i]) : NULL;
      const char *vb = nb ? props[k].fn(t, nb, &c->periods[i]) : NULL;
      if (!na || !nb || same(va, vb)) {
        i++;
        continue;
      }
      int j = i;
      while (!props[k].dated && j + 1 < np) {
        const struct cb_node *ma = node_at(d->ca, id, j + 1);
        const struct cb_node *mb = node_at(d->cb, id, j + 1);
        if (!ma || !mb || !same(props[k].fn(t, ma, &c->periods[j + 1]), va) ||
            !same(props[k].fn(t, mb, &c->periods[j + 1]), vb))
          break;
        j++;
      }
      add_item(x, d, (struct item){id, word_of(na), props[k].name,
                                   va ? cb_arena_strdup(x->a, va) : NULL,
                                   vb ? cb_arena_strdup(x->a, vb) : NULL, i, j,
                                   props[k].dated, NULL});
      i = j + 1;
    }
  }
  cb_arena_free(t);
}

static bool id_val_same(const void *entry, const void *id) {
  return strcmp(((const struct id_val *)entry)->id, id) == 0;
}

/* The value of id in set, added (zero, *fresh set) when it was not there. */
static size_t *idset_slot(struct ctx *x, struct idset *set, const char *id, bool *fresh) {
  size_t h = cb_hash_str(id);
  struct id_val *e = cb_hashtab_find(&set->ids, h, id_val_same, id);
  *fresh = !e;
  if (!e) {
    e = cb_arena_alloc(x->a, sizeof *e);
    e->id = id;
    cb_hashtab_add(&set->ids, h, e);
  }
  return &e->val;
}

/* Every element id of any version of c in session s (cb_contract_ids),
   appended to ids when not yet in seen. */
static void collect_ids(struct ctx *x, struct cb_session *s, const struct cb_contract *c,
                        struct idset *seen, const char ***ids, size_t *n, size_t *cap) {
  size_t nc;
  const char **cids = cb_contract_ids(cb_session_arena(s), c, false, &nc);
  for (size_t i = 0; i < nc; i++) {
    bool fresh;
    idset_slot(x, seen, cids[i], &fresh);
    if (fresh) {
      *ids = cb_arena_grow(x->a, *ids, *n, cap, sizeof **ids);
      (*ids)[(*n)++] = cids[i];
    }
  }
}

/* ---- money ------------------------------------------------------------------------- */

/* What r pays: its amount, or for an element above the envelopes (a
   contract whose missions hold them) what they pay, summed once
   (cb_envelope_sum), as the report's « Part variable » line and `cible
   test` say; NULL when undetermined. */
static mpq_srcptr paid_of(struct cb_arena *a, const struct cb_result *r) {
  if (!r || r->paid || r->share || r->gate)
    return r ? r->paid : NULL;
  struct cb_envelope_totals t;
  cb_envelope_totals(a, r, &t);
  return t.any && !t.blocking ? t.paid : NULL;
}

/* The rows of r and what is under it; the amounts copied from the
   evaluation, which scratch (its arena) frees. */
static void add_rows(struct ctx *x, struct cb_arena *scratch, struct mperiod *mp,
                     const struct cb_result *r, int depth, bool side_b) {
  const char *id = r->node->id;
  bool fresh;
  size_t *row = idset_slot(x, &mp->index, id, &fresh);
  if (fresh)
    *row = mp->n;
  size_t k = *row;
  if (k == mp->n) {
    mp->rows = cb_arena_grow(x->a, mp->rows, mp->n, &mp->cap, sizeof *mp->rows);
    memset(&mp->rows[k], 0, sizeof mp->rows[k]);
    mp->rows[k].id = id;
    mp->rows[k].word = r->node->kind == CB_NODE_CONTRACT ? "contrat" : r->node->kind == CB_NODE_GROUP ? r->node->word : "";
    mp->rows[k].depth = depth;
    mp->n++;
  }
  mpq_srcptr p = paid_of(scratch, r);
  if (p)
    p = cb_arena_mpq_copy(x->a, p);
  if (side_b)
    mp->rows[k].pb = p;
  else
    mp->rows[k].pa = p;
  mp->rows[k].points = mp->rows[k].points || r->share_points;
  for (size_t i = 0; i < r->nchildren; i++)
    if (r->children[i]->node->kind != CB_NODE_DONNEE)
      add_rows(x, scratch, mp, r->children[i], depth + 1, side_b);
}

/* Period i of contract c of session s evaluated in a, as cb_session_eval
   evaluates it (the version in force; nothing when no objective, measure
   or neutralisation makes it evaluated), or NULL. */
static const struct cb_period_eval *eval_period(struct cb_session *s, const struct cb_contract *c,
                                                size_t i, struct cb_arena *a) {
  const struct cb_dataset *ds = cb_session_dataset(s);
  const struct cb_evaluation *ev = cb_session_eval_on(s, c, &c->periods[i], ds, a);
  const struct cb_period_eval *pe = NULL;
  for (size_t k = 0; k < ev->nperiods; k++)
    if ((size_t)ev->periods[k].period->index == i &&
        cb_eval_period_has_data(ds, ev->periods[k].contract, ev->periods[k].period))
      pe = &ev->periods[k];
  return pe;
}

/* The rows of one period: period ia of A and ib of B (SIZE_MAX: none),
   B's rows first. Each side is evaluated on its own and freed once its
   amounts are copied, so that what the money costs is the rows and one
   period's evaluation, not every period's of both sides. */
static void money_period(struct ctx *x, struct cdiff *d, const char *name, size_t ia, size_t ib) {
  struct cb_arena *ea = cb_arena_new(), *eb = cb_arena_new(), *ix = NULL;
  const struct cb_period_eval *pb = ib != SIZE_MAX ? eval_period(x->sb, d->cb, ib, eb) : NULL;
  struct mperiod *mp = NULL;
  if (pb) {
    mp = &d->periods[d->nperiods++];
    mp->name = name;
    ix = cb_arena_new();
    cb_hashtab_init(&mp->index.ids, ix);
    add_rows(x, eb, mp, pb->root, 0, true);
  }
  cb_arena_free(eb);
  const struct cb_period_eval *pa = ia != SIZE_MAX ? eval_period(x->sa, d->ca, ia, ea) : NULL;
  if (pa) {
    if (!mp) {
      mp = &d->periods[d->nperiods++];
      mp->name = name;
      ix = cb_arena_new();
      cb_hashtab_init(&mp->index.ids, ix);
    }
    add_rows(x, ea, mp, pa->root, 0, false);
  }
  cb_arena_free(ea);
  if (mp)
    memset(&mp->index, 0, sizeof mp->index); /* its arena is freed */
  cb_arena_free(ix);
}

/* The amounts of A and B period by period. A period of A meets the period of
   B of the same name (`an 2`, `2020`), whatever their positions: when the
   versions do not cover the same periods, each keeps its own, and B's
   periods unknown to A come last. */
static void money(struct ctx *x, struct cdiff *d) {
  size_t na = d->ca ? d->ca->nperiods : 0, nb = d->cb ? d->cb->nperiods : 0;
  d->periods = cb_arena_array(x->a, na + nb + 1, sizeof *d->periods);
  bool *met = cb_arena_array(x->a, nb + 1, sizeof *met);
  for (size_t i = 0; i < na; i++) {
    const struct cb_period *p = &d->ca->periods[i];
    const struct cb_period *q = d->cb ? cb_contract_period(d->cb, p->kind, p->n) : NULL;
    if (q)
      met[q->index] = true;
    money_period(x, d, p->name, i, q ? (size_t)q->index : SIZE_MAX);
  }
  for (size_t j = 0; j < nb; j++)
    if (!met[j])
      money_period(x, d, d->cb->periods[j].name, SIZE_MAX, j);
}

/* Whether A and B cover the same periods (same kind, first and count):
   their terms are then compared period by period. */
static bool same_periods(const struct cb_contract *a, const struct cb_contract *b) {
  return a->nperiods == b->nperiods &&
         (!a->nperiods ||
          (a->periods[0].kind == b->periods[0].kind && a->periods[0].n == b->periods[0].n));
}

static void print_span(struct cb_buf *out, const struct cb_contract *c) {
  if (!c->nperiods)
    cb_buf_puts(out, "aucune");
  else
    cb_buf_printf(out, "%s à %s", c->periods[0].name, c->periods[c->nperiods - 1].name);
}

static struct cdiff *compute(struct ctx *x, bool with_money, size_t *n) {
  const struct cb_program *pa = cb_session_program(x->sa), *pb = cb_session_program(x->sb);
  size_t cap = pa->ncontracts + pb->ncontracts + 1;
  struct cdiff *ds = cb_arena_array(x->a, cap, sizeof *ds);
  *n = 0;
  for (const struct cb_contract *c = pa->contracts; c; c = c->next) {
    struct cdiff *d = &ds[(*n)++];
    d->id = c->id;
    d->label = c->label;
    d->ca = c;
    d->cb = cb_program_contract(pb, c->id);
  }
  for (const struct cb_contract *c = pb->contracts; c; c = c->next)
    if (!cb_program_contract(pa, c->id)) {
      struct cdiff *d = &ds[(*n)++];
      d->id = c->id;
      d->label = c->label;
      d->cb = c;
    }
  for (size_t k = 0; k < *n; k++) {
    struct cdiff *d = &ds[k];
    if (d->ca && d->cb && same_periods(d->ca, d->cb)) {
      const char **ids = NULL;
      size_t nids = 0, capids = 0;
      struct idset seen;
      cb_hashtab_init(&seen.ids, x->a);
      collect_ids(x, x->sa, d->ca, &seen, &ids, &nids, &capids);
      collect_ids(x, x->sb, d->cb, &seen, &ids, &nids, &capids);
      for (size_t i = 0; i < nids; i++)
        compare_element(x, d, ids[i]);
    }
    if (with_money)
      money(x, d);
  }
  return ds;
}

/* ---- printing ---------------------------------------------------------------------- */

static const char *fig(struct cb_arena *a, mpq_srcptr q, bool points) {
  if (!q)
    return "—";
  return points ? cb_arena_printf(a, "%s pts", cb_fmt_value_a(a, q, NULL, false))
                : cb_fmt_eur_a(a, q);
}

/* What B pays minus what A pays, or NULL when either is absent. */
static mpq_srcptr gap(struct cb_arena *a, const struct mrow *r) {
  if (!r->pa || !r->pb)
    return NULL;
  mpq_ptr q = cb_arena_mpq(a);
  mpq_sub(q, r->pb, r->pa);
  return q;
}

static const char *delta(struct cb_arena *a, const struct mrow *r) {
  mpq_srcptr q = gap(a, r);
  if (!q)
    return "—";
  const char *s = fig(a, q, r->points);
  return mpq_sgn(q) > 0 ? cb_arena_printf(a, "+%s", s) : s;
}

static const char *const money_titles[4] = {"élément", "A", "B", "écart"};
static const bool money_right[4] = {false, true, true, true};
static const struct cb_table_spec money_table = {money_titles, money_right, 4, 0, false, -1};

static void money_text(struct cb_buf *out, const struct cdiff *d) {
  if (!d->nperiods) {
    cb_buf_puts(out, "\nIncidence financière : aucune période évaluée (ni objectif ni mesure).\n");
    return;
  }
  cb_buf_puts(out, "\nIncidence financière sur les mesures données :\n");
  for (size_t p = 0; p < d->nperiods; p++) {
    const struct mperiod *mp = &d->periods[p];
    cb_buf_printf(out, "\nPériode %s\n\n", mp->name);
    struct cb_arena *a = cb_arena_new(); /* the period's cells, freed once printed */
    char **cells = cb_arena_array(a, mp->n * 4 + 1, sizeof *cells);
    for (size_t r = 0; r < mp->n; r++) {
      const struct mrow *row = &mp->rows[r];
      cells[4 * r] = cb_arena_printf(a, "%*s%s%s%s", 2 * row->depth, "", row->word,
                                     *row->word ? " " : "", row->id);
      cells[4 * r + 1] = (char *)fig(a, row->pa, row->points);
      cells[4 * r + 2] = (char *)fig(a, row->pb, row->points);
      cells[4 * r + 3] = (char *)delta(a, row);
    }
    cb_table_print_aligned(out, &money_table, cells, mp->n);
    cb_arena_free(a);
  }
}

void cb_diff_text(struct cb_buf *out, struct cb_session *a, struct cb_session *b,
                  const char *name_a, const char *name_b, bool with_money) {
  struct ctx x = {cb_session_arena(a), a, b};
  size_t n;
  struct cdiff *ds = compute(&x, with_money, &n);
  cb_buf_printf(out, "A : %s\nB : %s\n", name_a, name_b);
  for (size_t k = 0; k < n; k++) {
    const struct cdiff *d = &ds[k];
    cb_buf_printf(out, "\nContrat %s — %s\n", d->id, d->label);
    if (!d->ca || !d->cb) {
      cb_buf_printf(out, "  contrat présent seulement dans %s\n", d->ca ? "A" : "B");
    } else if (!same_periods(d->ca, d->cb)) {
      cb_buf_puts(out, "  périodes : ");
      print_span(out, d->ca);
      cb_buf_puts(out, " → ");
      print_span(out, d->cb);
      cb_buf_puts(out, " (termes non comparés)\n");
    } else if (!d->n) {
      cb_buf_puts(out, "  aucune différence de termes\n");
    }
    for (size_t i = 0; i < d->n; i++)
      cb_buf_printf(out, "  %s\n", d->items[i].text);
    if (with_money)
      money_text(out, d);
  }
}

/* key: the string s. */
static void json_field(struct cb_jw *w, const char *key, const char *s) {
  cb_jw_key(w, key);
  cb_json_str(w->b, s);
}

/* One side of a difference: the term as written, null when absent; for the
   presence of an element (no property), whether it is there. */
static void json_side(struct cb_buf *out, const struct item *it, const char *side) {
  if (it->prop && side)
    cb_json_str(out, side);
  else if (!it->prop)
    cb_buf_puts(out, side ? "true" : "false");
  else
    cb_buf_puts(out, "null");
}

/* One difference of terms, its periods named by contract c. */
static void json_item(struct cb_jw *w, const struct cb_contract *c, const struct item *it) {
  cb_jw_item(w);
  cb_jw_open(w, '{');
  json_field(w, "element", it->elem);
  json_field(w, "terme", it->prop ? it->prop : "presence");
  json_field(w, "periode_debut", c->periods[it->from].name);
  json_field(w, "periode_fin", c->periods[it->to].name);
  cb_jw_key(w, "avant");
  json_side(w->b, it, it->before);
  cb_jw_key(w, "apres");
  json_side(w->b, it, it->after);
  json_field(w, "texte", it->text);
  cb_jw_close(w, '}');
}

/* The amounts of one period: what A and B pay each element, and B - A. */
static void json_money_period(struct cb_jw *w, struct cb_arena *a, const struct mperiod *mp) {
  cb_jw_item(w);
  cb_jw_open(w, '{');
  json_field(w, "periode", mp->name);
  cb_jw_key(w, "elements");
  cb_jw_open(w, '[');
  for (size_t r = 0; r < mp->n; r++) {
    const struct mrow *row = &mp->rows[r];
    enum cb_jkind jk = row->points ? CB_J_PTS : CB_J_EUR;
    cb_jw_item(w);
    cb_jw_open(w, '{');
    json_field(w, "id", row->id);
    cb_jw_num(w, "verse_a", row->pa, jk, NULL);
    cb_jw_num(w, "verse_b", row->pb, jk, NULL);
    cb_jw_num(w, "ecart", gap(a, row), jk, NULL);
    cb_jw_close(w, '}');
  }
  cb_jw_close(w, ']');
  cb_jw_close(w, '}');
}

/* One contract: where it is present, its differences of terms and, with
   money, their incidence period by period. */
static void json_contract(struct cb_jw *w, struct cb_arena *a, const struct cdiff *d,
                          bool with_money) {
  const struct cb_contract *c = d->ca ? d->ca : d->cb;
  cb_jw_item(w);
  cb_jw_open(w, '{');
  json_field(w, "id", d->id);
  json_field(w, "present", d->ca && d->cb ? "a_et_b" : d->ca ? "a" : "b");
  cb_jw_key(w, "differences");
  cb_jw_open(w, '[');
  for (size_t i = 0; i < d->n; i++)
    json_item(w, c, &d->items[i]);
  cb_jw_close(w, ']');
  if (with_money) {
    cb_jw_key(w, "incidence");
    cb_jw_open(w, '[');
    for (size_t p = 0; p < d->nperiods; p++)
      json_money_period(w, a, &d->periods[p]);
    cb_jw_close(w, ']');
  }
  cb_jw_close(w, '}');
}

/* A side of a difference as a CSV field: the term as written, oui/non for
   a presence, empty when absent. */
static const char *csv_side(const struct item *it, const char *side) {
  if (it->prop)
    return side;
  return side ? "oui" : "non";
}

void cb_diff_csv(struct cb_csv_out *w, struct cb_session *a, struct cb_session *b,
                 bool with_money) {
  struct ctx x = {cb_session_arena(a), a, b};
  size_t n;
  struct cdiff *ds = compute(&x, with_money, &n);
  static const char *const header[] = {"ligne",  "contrat", "element", "terme",   "periode_debut",
                                       "periode_fin", "avant", "apres", "verse_a", "verse_b",
                                       "ecart", "unite", "texte"};
  for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
    cb_csv_text(w, header[i]);
  cb_csv_end_row(w);
  for (size_t k = 0; k < n; k++) {
    const struct cdiff *d = &ds[k];
    const struct cb_contract *c = d->ca ? d->ca : d->cb;
    for (size_t i = 0; i < d->n; i++) {
      const struct item *it = &d->items[i];
      cb_csv_text(w, "terme");
      cb_csv_text(w, d->id);
      cb_csv_text(w, it->elem);
      cb_csv_text(w, it->prop ? it->prop : "presence");
      cb_csv_text(w, c->periods[it->from].name);
      cb_csv_text(w, c->periods[it->to].name);
      cb_csv_text(w, csv_side(it, it->before));
      cb_csv_text(w, csv_side(it, it->after));
      for (int e = 0; e < 4; e++)
        cb_csv_text(w, NULL);
      cb_csv_text(w, it->text);
      cb_csv_end_row(w);
    }
    for (size_t p = 0; with_money && p < d->nperiods; p++) {
      const struct mperiod *mp = &d->periods[p];
      for (size_t r = 0; r < mp->n; r++) {
        const struct mrow *row = &mp->rows[r];
        cb_csv_text(w, "incidence");
        cb_csv_text(w, d->id);
        cb_csv_text(w, row->id);
        cb_csv_text(w, NULL);
        cb_csv_text(w, mp->name);
        cb_csv_text(w, mp->name);
        cb_csv_text(w, NULL);
        cb_csv_text(w, NULL);
        cb_csv_num(w, row->pa, 2, false);
        cb_csv_num(w, row->pb, 2, false);
        cb_csv_num(w, gap(x.a, row), 2, false);
        cb_csv_text(w, row->points ? "points" : "EUR");
        cb_csv_text(w, NULL);
        cb_csv_end_row(w);
      }
    }
  }
}

void cb_diff_json(struct cb_buf *out, struct cb_session *a, struct cb_session *b,
                  const char *name_a, const char *name_b, bool with_money,
                  const struct cb_provenance *pv) {
  struct ctx x = {cb_session_arena(a), a, b};
  size_t n;
  struct cdiff *ds = compute(&x, with_money, &n);
  struct cb_jw w = {out, 0, true};
  cb_jw_open(&w, '{');
  json_field(&w, "format", "cible-diff/1");
  json_field(&w, "a", name_a);
  json_field(&w, "b", name_b);
  cb_jw_key(&w, "contrats");
  cb_jw_open(&w, '[');
  for (size_t k = 0; k < n; k++)
    json_contract(&w, x.a, &ds[k], with_money);
  cb_jw_close(&w, ']');
  if (pv)
    cb_provenance_json(&w, pv);
  cb_jw_close(&w, '}');
  cb_buf_putc(out, '\n');
}

/* ---- HTML ------------------------------------------------------------------------- */

static void html_cell(struct cb_buf *out, const char *tag, const char *cls, const char *s) {
  cb_buf_printf(out, "<%s%s%s%s>", tag, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
  cb_html_esc(out, s);
  cb_buf_printf(out, "</%s>", tag);
}

static void html_terms(struct cb_buf *out, const struct cdiff *d) {
  const struct cb_contract *c = d->ca ? d->ca : d->cb;
  cb_buf_puts(out, "<table class=\"termes\">\n<caption>Termes modifiés de ");
  cb_html_esc(out, d->id);
  cb_buf_puts(out, ", côte à côte</caption>\n<thead><tr><th scope=\"col\">élément</th>"
                   "<th scope=\"col\">terme</th><th scope=\"col\">périodes</th>"
                   "<th scope=\"col\">A (avant)</th><th scope=\"col\">B (après)</th></tr>"
                   "</thead>\n<tbody>\n");
  for (size_t i = 0; i < d->n; i++) {
    const struct item *it = &d->items[i];
    cb_buf_puts(out, "<tr>");
    cb_buf_puts(out, "<th scope=\"row\">");
    cb_html_esc(out, it->word);
    cb_buf_puts(out, " ");
    cb_html_esc(out, it->elem);
    cb_buf_puts(out, "</th>");
    html_cell(out, "td", NULL, it->prop ? it->prop : "présence");
    cb_buf_puts(out, "<td>");
    cb_html_esc(out, c->periods[it->from].name);
    if (it->to != it->from) {
      cb_buf_puts(out, " à ");
      cb_html_esc(out, c->periods[it->to].name);
    }
    cb_buf_puts(out, "</td>");
    if (it->prop) {
      html_cell(out, "td", NULL, it->before ? it->before : "—");
      html_cell(out, "td", NULL, it->after ? it->after : "—");
    } else {
      html_cell(out, "td", NULL, it->before ? "présent" : "absent");
      html_cell(out, "td", NULL, it->after ? "présent" : "absent");
    }
    cb_buf_puts(out, "</tr>\n");
  }
  cb_buf_puts(out, "</tbody>\n</table>\n");
}

static void html_money(struct cb_buf *out, const struct cdiff *d) {
  if (!d->nperiods) {
    cb_buf_puts(out, "<p>Incidence financière : aucune période évaluée (ni objectif ni "
                     "mesure).</p>\n");
    return;
  }
  cb_buf_puts(out, "<h3>Incidence financière sur les mesures données</h3>\n");
  for (size_t p = 0; p < d->nperiods; p++) {
    const struct mperiod *mp = &d->periods[p];
    struct cb_arena *a = cb_arena_new();
    cb_buf_puts(out, "<table class=\"incidence\">\n<caption>Versé par élément, ");
    cb_html_esc(out, mp->name);
    cb_buf_puts(out, "</caption>\n<thead><tr><th scope=\"col\">élément</th>"
                     "<th scope=\"col\">A</th><th scope=\"col\">B</th>"
                     "<th scope=\"col\">écart (B − A)</th></tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < mp->n; r++) {
      const struct mrow *row = &mp->rows[r];
      int dp = row->depth > 4 ? 4 : row->depth;
      cb_buf_puts(out, "<tr><th scope=\"row\"");
      if (dp)
        cb_buf_printf(out, " class=\"d%d\"", dp);
      cb_buf_puts(out, ">");
      cb_html_esc(out, row->word);
      if (*row->word)
        cb_buf_puts(out, " ");
      cb_html_esc(out, row->id);
      cb_buf_puts(out, "</th>");
      html_cell(out, "td", "n", fig(a, row->pa, row->points));
      html_cell(out, "td", "n", fig(a, row->pb, row->points));
      html_cell(out, "td", "n", delta(a, row));
      cb_buf_puts(out, "</tr>\n");
    }
    cb_buf_puts(out, "</tbody>\n</table>\n");
    cb_arena_free(a);
  }
}

void cb_diff_html(struct cb_buf *out, struct cb_session *a, struct cb_session *b,
                  const char *name_a, const char *name_b, bool with_money,
                  const struct cb_provenance *pv) {
  struct ctx x = {cb_session_arena(a), a, b};
  size_t n;
  struct cdiff *ds = compute(&x, with_money, &n);
  const char *sub = cb_arena_printf(x.a, "A : %s — B : %s", name_a, name_b);
  cb_html_begin(out, "Différences entre deux versions", sub, pv);
  for (size_t k = 0; k < n; k++) {
    const struct cdiff *d = &ds[k];
    cb_buf_puts(out, "<section class=\"page\">\n<h2>Contrat ");
    cb_html_esc(out, d->id);
    cb_buf_puts(out, " — ");
    cb_html_esc(out, d->label);
    cb_buf_puts(out, "</h2>\n");
    if (!d->ca || !d->cb) {
      cb_buf_printf(out, "<p>Contrat présent seulement dans %s.</p>\n", d->ca ? "A" : "B");
    } else if (!same_periods(d->ca, d->cb)) {
      struct cb_buf t = CB_BUF_INIT;
      cb_buf_puts(&t, "Périodes : ");
      print_span(&t, d->ca);
      cb_buf_puts(&t, " → ");
      print_span(&t, d->cb);
      cb_buf_puts(&t, " (termes non comparés).");
      cb_buf_puts(out, "<p>");
      cb_html_escn(out, t.data, t.len);
      cb_buf_puts(out, "</p>\n");
      cb_buf_free(&t);
    } else if (!d->n) {
      cb_buf_puts(out, "<p>Aucune différence de termes.</p>\n");
    }
    if (d->n)
      html_terms(out, d);
    if (with_money)
      html_money(out, d);
    cb_buf_puts(out, "</section>\n");
  }
  cb_html_end(out, NULL, pv);
}
