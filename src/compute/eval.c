/*
 * eval.c: the evaluator (see eval.h).
 *
 * Three passes per period over the node tree: indicators and données first
 * (objective, measure, ratio, met, attainment, barème), then groups bottom-up
 * (aggregation by weighted mean, `toutes` or `somme`, with the neutralisation
 * and missing-measure rules), then money top-down (the envelope, or the
 * points total, shared by the effective weights; rounding per indicator where
 * the contract says so, groups and totals being the sums of their rounded
 * parts). All arithmetic is exact. Recursion follows the group nesting, which
 * the parser bounds. Each pass is split into named phases (an indicator:
 * measure, neutralisation, objective, missing measure, ratio, attainment by
 * method, bounds, barème). Every step is recorded as a kind with its
 * operands (STEP(), struct cb_step): the evaluator writes no sentence and
 * formats no figure for the trace; render/trace.c does, when one is printed.
 */
#include "eval.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bareme.h"
#include "buf.h"
#include "dataset.h"
#include "format.h"
#include "num.h"
#include "parse.h"
#include "qfast.h"

struct ev {
  struct cb_arena *a;
  const struct cb_dataset *ds; /* the measures */
  const struct cb_contract *c;
  const struct cb_period *p;
  struct cb_period_eval *pe;
  size_t gcap;
  long expr_work; /* eval_expr calls left for the current computed value */
  int ref_depth;  /* computed values being evaluated inside one another */
  mpq_ptr *computed; /* by node index: a computed value of the period, once known */
  unsigned *ref_mark; /* by node index: the last formula walk that explained it */
  unsigned ref_gen;
};

/* The measure of element n in period p of contract c, whichever version of
   c was in force then (it was read against that version); a measure
   marked absent when none. */
static const struct cb_measure *measure_of_period(const struct cb_dataset *ds,
                                                  const struct cb_contract *c,
                                                  const struct cb_node *n,
                                                  const struct cb_period *p) {
  static const struct cb_measure none;
  const struct cb_measure *m = cb_dataset_get(ds, c->id, n->id, p->index);
  return m ? m : &none;
}

/* The measure of node n of contract c for period p in ds: none (present
   false) when there is none, or when p is not a period c is in force in
   (another version of the contract reads it). */
static const struct cb_measure *measure_in(const struct cb_dataset *ds,
                                           const struct cb_contract *c, const struct cb_node *n,
                                           const struct cb_period *p) {
  static const struct cb_measure none;
  return cb_contract_in_force(c, p) ? measure_of_period(ds, c, n, p) : &none;
}

/* Bounds on one computed value (`valeur = …`), found by fuzzing: a chain of
   données each using the previous one twice (d2 = d1 * d1, d3 = d2 * d2, …)
   doubles the size of the number at each link, and cost 2^n calls before
   computed values were kept (measure_of). Past either bound the value is
   "non calculable", like a division by zero. */
#define CB_EXPR_MAX_WORK 100000L /* eval_expr calls */
#define CB_EXPR_MAX_BITS 100000  /* numerator + denominator (about 30 000 digits) */

static mpq_ptr q_new(struct ev *e) { return cb_arena_mpq(e->a); }

static mpq_ptr q_copy(struct ev *e, mpq_srcptr v) { return cb_arena_mpq_copy(e->a, v); }

/* Appends step t (a template: kind, sources, operands) to r's trace; node
   and period default to r's. Used as STEP(e, r, .kind = ..., ...). */
static void add_step(struct ev *e, struct cb_result *r, const struct cb_step *t) {
  struct cb_step *s = cb_arena_alloc(e->a, sizeof *s);
  *s = *t;
  if (!s->node)
    s->node = r->node;
  if (!s->period)
    s->period = r->period;
  if (r->steps_tail)
    r->steps_tail->next = s;
  else
    r->steps = s;
  r->steps_tail = s;
}
#define STEP(e, r, ...) add_step((e), (r), &(struct cb_step){__VA_ARGS__})

static const struct cb_loc NOLOC = {0};

/* A step's copy of a figure that changes after the step (a running sum, a
   value capped later). */
static mpq_srcptr keep(struct ev *e, mpq_srcptr q) { return cb_arena_mpq_copy(e->a, q); }

/* Figures in reasons (cb_result.reason), which are results, not trace. */
static const char *pct(struct ev *e, mpq_srcptr q) { return cb_fmt_pct_a(e->a, q); }
static const char *val(struct ev *e, const struct cb_node *n, mpq_srcptr q) {
  return cb_fmt_value_a(e->a, q, &n->unit, true);
}
static const char *exact(struct ev *e, mpq_srcptr q) {
  struct cb_buf b = CB_BUF_INIT;
  cb_num_fmt_fraction(&b, q);
  const char *s = cb_arena_strdup(e->a, cb_buf_str(&b));
  cb_buf_free(&b);
  return s;
}

static bool compare(mpq_srcptr m, enum cb_cmp c, mpq_srcptr o) {
  int k = cb_qf_cmp(m, o);
  switch (c) {
  case CB_CMP_GT:
    return k > 0;
  case CB_CMP_GE:
    return k >= 0;
  case CB_CMP_LT:
    return k < 0;
  case CB_CMP_LE:
    return k <= 0;
  case CB_CMP_EQ:
    return k == 0;
  case CB_CMP_NONE:
    break;
  }
  return false;
}

/* ---- computed values ---------------------------------------------------- */

static bool eval_expr(struct ev *e, const struct cb_node *self, const struct cb_expr *x,
                      mpq_ptr out, const char **why);

static bool measure_of(struct ev *e, const struct cb_node *n, mpq_ptr out, const char **why) {
  const struct cb_measure *m = measure_in(e->ds, e->c, n, e->p);
  if (n->expr) {
    /* the checker refused cycles and chains deeper than CB_MAX_REF_DEPTH;
       this guard keeps the recursion bounded whatever the caller */
    if (e->ref_depth >= CB_MAX_REF_DEPTH) {
      *why = cb_arena_printf(e->a, "valeurs calculées enchaînées trop profondément (« %s »)",
                             n->id);
      return false;
    }
    /* each computed value is worked out once per period: a donnée used by
       several others is not recomputed at each use (without this, a chain
       of données each using the previous one twice costs 2^n) */
    if (!e->computed)
      e->computed = cb_arena_array(e->a, e->c->nindicators, sizeof *e->computed);
    if (e->computed[n->index]) {
      mpq_set(out, e->computed[n->index]);
      return true;
    }
    e->ref_depth++;
    bool ok = eval_expr(e, n, n->expr, out, why);
    e->ref_depth--;
    if (ok)
      e->computed[n->index] = q_copy(e, out);
    return ok;
  }
  if (!m->present || m->kind != CB_MVAL_NUMBER || !m->value) {
    *why = cb_arena_printf(e->a, "« %s » n'a pas de mesure chiffrée en %s", n->id, e->p->name);
    return false;
  }
  mpq_set(out, m->value);
  return true;
}

/* An arithmetic operation of a computed value: out = l op r, or no value
   (why) for a division by zero or a number past CB_EXPR_MAX_BITS. */
static bool eval_arith(struct ev *e, const struct cb_node *self, const struct cb_expr *x,
                       mpq_srcptr l, mpq_srcptr r, mpq_ptr out, const char **why) {
  switch (x->as.bin.op) {
  case '+':
    mpq_add(out, l, r);
    break;
  case '-':
    mpq_sub(out, l, r);
    break;
  case '*':
    mpq_mul(out, l, r);
    break;
  default:
    if (mpq_sgn(r) == 0) {
      *why = cb_arena_printf(e->a, "division par zéro dans la valeur de « %s » (%s)", self->id,
                             cb_loc_text(e->a, x->loc));
      return false;
    }
    mpq_div(out, l, r);
  }
  if (mpz_sizeinbase(mpq_numref(out), 2) + mpz_sizeinbase(mpq_denref(out), 2) >
      CB_EXPR_MAX_BITS) {
    *why = cb_arena_printf(e->a, "nombre trop grand dans la valeur de « %s » (%s)", self->id,
                           cb_loc_text(e->a, x->loc));
    return false;
  }
  return true;
}

/* A binary node (arithmetic, comparison, et, ou) of a computed value. */
static bool eval_binary(struct ev *e, const struct cb_node *self, const struct cb_expr *x,
                        mpq_ptr l, mpq_ptr r, mpq_ptr out, const char **why) {
  if (!eval_expr(e, self, x->as.bin.l, l, why) || !eval_expr(e, self, x->as.bin.r, r, why))
    return false;
  if (x->kind == CB_EXPR_CMP)
    mpq_set_ui(out, compare(l, x->as.bin.cmp, r) ? 1 : 0, 1);
  else if (x->kind == CB_EXPR_AND)
    mpq_set_ui(out, mpq_sgn(l) && mpq_sgn(r) ? 1 : 0, 1);
  else if (x->kind == CB_EXPR_OR)
    mpq_set_ui(out, mpq_sgn(l) || mpq_sgn(r) ? 1 : 0, 1);
  else
    return eval_arith(e, self, x, l, r, out, why);
  return true;
}

/* min(…) or max(…) of a computed value. */
static bool eval_call(struct ev *e, const struct cb_node *self, const struct cb_expr *x,
                      mpq_ptr l, mpq_ptr r, mpq_ptr out, const char **why) {
  for (int i = 0; i < x->as.call.nargs; i++) {
    if (!eval_expr(e, self, x->as.call.args[i], r, why))
      return false;
    bool take = i == 0 || (strcmp(x->as.call.fn, "min") == 0 ? mpq_cmp(r, l) < 0
                                                             : mpq_cmp(r, l) > 0);
    if (take)
      mpq_set(l, r);
  }
  mpq_set(out, l);
  return true;
}

/* The value of expression x of computed value self (a dispatch on the
   node's kind); false, with why, when it has none. */
static bool eval_expr(struct ev *e, const struct cb_node *self, const struct cb_expr *x,
                      mpq_ptr out, const char **why) {
  if (--e->expr_work < 0) {
    *why = cb_arena_printf(e->a, "calcul trop long pour la valeur de « %s »", self->id);
    return false;
  }
  switch (x->kind) {
  case CB_EXPR_NUM:
    mpq_set(out, x->as.num.q);
    if (x->as.num.unit.kind == CB_UNIT_PERCENT)
      cb_num_from_percent(out);
    return true;
  case CB_EXPR_REF: {
    const struct cb_node *n = cb_contract_lookup(e->c, x->as.ref);
    if (!n || n == self) {
      *why = cb_arena_printf(e->a, "« %s » inconnu", x->as.ref);
      return false;
    }
    return measure_of(e, n, out, why);
  }
  case CB_EXPR_NEG:
    if (!eval_expr(e, self, x->as.un, out, why))
      return false;
    mpq_neg(out, out);
    return true;
  default:
    break;
  }
  mpq_t l, r;
  mpq_inits(l, r, NULL);
  bool ok = false;
  switch (x->kind) {
  case CB_EXPR_BIN:
  case CB_EXPR_CMP:
  case CB_EXPR_AND:
  case CB_EXPR_OR:
    ok = eval_binary(e, self, x, l, r, out, why);
    break;
  case CB_EXPR_CALL:
    ok = eval_call(e, self, x, l, r, out, why);
    break;
  case CB_EXPR_IF:
    ok = eval_expr(e, self, x->as.cond.c, l, why) &&
         eval_expr(e, self, mpq_sgn(l) ? x->as.cond.t : x->as.cond.e, out, why);
    break;
  default:
    break;
  }
  mpq_clears(l, r, NULL);
  return ok;
}

/* One step per input of a computed value, with the row it comes from. */
struct ref_walk {
  struct ev *e;
  const struct cb_node *self;
  struct cb_result *r;
  unsigned gen; /* this walk's mark in ev.ref_mark: one step per input */
};

static void explain_ref(void *ctx, const struct cb_expr *x) {
  struct ref_walk *w = ctx;
  struct ev *e = w->e;
  const struct cb_node *n = cb_contract_lookup(e->c, x->as.ref);
  if (!n || n == w->self)
    return;
  if (n->kind == CB_NODE_INDICATOR || n->kind == CB_NODE_DONNEE) {
    if (!e->ref_mark)
      e->ref_mark = cb_arena_array(e->a, e->c->nindicators, sizeof *e->ref_mark);
    if (e->ref_mark[n->index] == w->gen) /* already explained by this walk */
      return;
    e->ref_mark[n->index] = w->gen;
  }
  const struct cb_measure *m = measure_in(e->ds, e->c, n, e->p);
  if (m->present && m->kind == CB_MVAL_NUMBER && m->value)
    STEP(e, w->r, .kind = CB_STEP_REF_MEASURE, .loc = m->loc, .loc2 = x->loc, .other = n,
         .q = {m->value});
  else if (!n->expr)
    STEP(e, w->r, .kind = CB_STEP_REF_NO_MEASURE, .loc = x->loc, .other = n);
  else {
    /* a computed input: its value, its own steps one --explain away */
    mpq_ptr v = q_new(e);
    const char *why = NULL;
    e->expr_work = CB_EXPR_MAX_WORK;
    if (measure_of(e, n, v, &why))
      STEP(e, w->r, .kind = CB_STEP_REF_COMPUTED, .loc = n->expr_loc, .loc2 = x->loc,
           .other = n, .q = {v});
    else
      STEP(e, w->r, .kind = CB_STEP_REF_UNCOMPUTABLE, .loc = n->expr_loc, .loc2 = x->loc,
           .other = n, .str = why);
  }
}

/* ---- indicators ---------------------------------------------------------- */

static struct cb_result *new_result(struct ev *e, const struct cb_node *n) {
  struct cb_result *r = cb_arena_alloc(e->a, sizeof *r);
  r->node = n;
  r->period = e->p;
  r->met = -1;
  return r;
}

static bool needs_objective(enum cb_method m) {
  return m == CB_METHOD_PROPORTIONNELLE || m == CB_METHOD_LINEAIRE ||
         m == CB_METHOD_TOUT_OU_RIEN;
}

static const char *measure_origin(const struct cb_measure *m) {
  if (m->origin && strcmp(m->origin, "CSV fraction") == 0)
    return "fichier de mesures, nombre sans % lu comme une fraction : pourcentages=fraction";
  return m->origin && strcmp(m->origin, "CSV") == 0 ? "fichier de mesures" : "bloc de mesures";
}

static void set_status(struct cb_result *r, enum cb_status s, const char *reason) {
  r->status = s;
  r->reason = reason;
}

static void apply_bareme(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  const struct cb_bareme *br = n->bareme;
  mpq_srcptr x = br->sur_valeur ? r->measure : r->attainment;
  if (!x) {
    set_status(r, CB_RES_UNDETERMINED, "pas de mesure pour lire le barème");
    return;
  }
  const struct cb_mtranche *t = cb_bareme_find(br, x);
  if (!t) {
    set_status(r, CB_RES_UNDETERMINED,
               cb_arena_printf(e->a, "%s %s n'est dans aucune tranche du barème « %s »",
                               br->sur_valeur ? "la mesure" : "l'atteinte",
                               br->sur_valeur ? val(e, n, x) : pct(e, x),
                               br->id ? br->id : "en ligne"));
    STEP(e, r, .kind = CB_STEP_BAREME_OUTSIDE, .loc = br->loc, .bareme = br, .q = {x});
    return;
  }
  r->tranche = t;
  mpq_ptr pay = t->value; /* a fixed payout: the model's value, which nothing changes */
  if (t->pay != CB_PAY_VALUE) {
    pay = q_new(e);
    cb_bareme_pay(pay, t, x);
  }
  STEP(e, r, .kind = CB_STEP_BAREME_TRANCHE, .loc = t->loc, .loc2 = n->bareme_loc, .tranche = t,
       .q = {x, pay});
  if (t->pays_amount) {
    /* an amount: as a rate of the indicator's own montant */
    r->paid_exact = pay;
    mpq_ptr rate = q_new(e);
    if (n->weight_kind == CB_WEIGHT_MONTANT && mpq_sgn(n->weight))
      mpq_div(rate, pay, n->weight);
    r->after = rate;
  } else {
    r->after = pay;
  }
}

/* An indicator stated only by its steps, for a period without an objective:
   the barème reads the measure; the attainment is what it pays over the
   indicator's amount (or the rate it pays), and « atteint » is reaching the
   tranche that pays the most. */
static void eval_stepped(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  set_status(r, CB_RES_OK, NULL);
  apply_bareme(e, n, r);
  if (r->status != CB_RES_OK)
    return;
  r->attainment = r->after;
  mpq_ptr top = q_new(e);
  cb_bareme_top(top, n->bareme);
  mpq_ptr pay = q_new(e);
  cb_bareme_pay(pay, r->tranche, r->measure);
  r->met = mpq_cmp(pay, top) >= 0;
  unsigned met = r->met ? CB_STEP_F_MET : 0;
  if (r->tranche->pays_amount)
    STEP(e, r, .kind = CB_STEP_STEPPED_AMOUNT, .loc = n->weight_loc, .flags = met,
         .q = {pay, n->weight, r->attainment, top});
  else
    STEP(e, r, .kind = CB_STEP_STEPPED_RATE, .loc = n->bareme_loc, .flags = met,
         .q = {r->attainment, top});
}


/* An indicator paid by unit of its own measure (`points_fixes 100 par
   protocoles, 8 au plus`): the units counted, at most the cap, over the cap
   are its attainment; there is no objective to meet. */
static void per_unit(struct ev *e, const struct cb_points *pl, struct cb_result *r) {
  if (!r->measure || !pl->cap) {
    set_status(r, CB_RES_UNDETERMINED,
               !pl->cap ? cb_arena_printf(e->a, "%s par unité sans plafond",
                                          pl->euros ? "montant" : "points")
                        : "payé par unité : une mesure chiffrée (un nombre d'unités) est attendue");
    STEP(e, r, .kind = CB_STEP_LINE_NONE, .loc = pl->loc,
         .label = pl->euros ? "montant par unité" : "points par unité",
         .flags = pl->euros ? 0 : CB_STEP_F_PLURAL, .str = r->reason);
    return;
  }
  mpq_ptr units = q_new(e);
  mpq_set(units, r->measure);
  long counted = 0; /* the cap (0), a negative measure (1), a measure over the cap (2) */
  if (mpq_sgn(units) < 0) {
    mpq_set_ui(units, 0, 1);
    counted = 1;
  } else if (mpq_cmp(units, pl->cap) > 0) {
    mpq_set(units, pl->cap);
    counted = 2;
  }
  r->attainment = q_new(e);
  mpq_div(r->attainment, units, pl->cap);
  r->after = r->attainment;
  set_status(r, CB_RES_OK, NULL);
  STEP(e, r, .kind = CB_STEP_PER_UNIT, .loc = pl->loc, .line = pl, .n = counted,
       .q = {units, r->attainment, r->measure});
}

/* The value of a pay line written as a formula (`points_fixes = …`,
   `montant = …`) for the period, at most its `au plus`, with one step per
   input; NULL (with a step, and the result left without a figure) when it
   has no value or a negative one. */
static mpq_ptr line_formula(struct ev *e, const struct cb_node *n, struct cb_result *r,
                            const struct cb_points *pl, const char *kind, const char **whyp) {
  mpq_ptr v = q_new(e);
  const char *why = NULL;
  struct ref_walk w = {e, n, r, ++e->ref_gen};
  cb_expr_each_ref(pl->expr, explain_ref, &w);
  e->expr_work = CB_EXPR_MAX_WORK;
  bool ok = eval_expr(e, n, pl->expr, v, &why);
  if (ok && mpq_sgn(v) < 0) {
    why = cb_arena_printf(e->a, "la formule %s donne un nombre négatif (%s)",
                          pl->euros ? "du montant" : cb_arena_printf(e->a, "des %s", kind),
                          exact(e, v));
    ok = false;
  }
  if (!ok) {
    STEP(e, r, .kind = CB_STEP_LINE_NONE, .loc = pl->loc, .label = kind,
         .flags = pl->euros ? 0 : CB_STEP_F_PLURAL, .str = why);
    if (r->status == CB_RES_OK)
      set_status(r, CB_RES_UNDETERMINED, why);
    *whyp = why;
    return NULL;
  }
  bool over = pl->cap && mpq_cmp(v, pl->cap) > 0;
  STEP(e, r, .kind = CB_STEP_FORMULA, .loc = pl->loc, .line = pl, .label = kind,
       .q = {over ? keep(e, v) : v});
  if (over) {
    mpq_set(v, pl->cap);
    STEP(e, r, .kind = CB_STEP_FORMULA_CAP, .loc = pl->loc, .line = pl, .label = kind, .q = {v});
  }
  return v;
}

/* An indicator's points written as formulas (`points_fixes = …`): their
   value for the period; a formula without a value (or with a negative one)
   leaves the indicator without a figure. */
static void points_formulas(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  for (int i = 0; i < 2; i++) {
    const struct cb_points *pl = &n->points[i];
    if (pl->set && pl->expr) {
      const char *why;
      r->points_formula[i] =
          line_formula(e, n, r, pl, i == CB_PTS_FIXES ? "points fixes" : "points variables", &why);
    }
  }
}

static mpq_srcptr donnee_value(struct ev *e, const struct cb_node *d, const char **why);

/* An indicator whose `montant` changes with the period (`montant 200 € par
   associes, 16 au plus`, `montant = …, 3 200 € au plus`): its amount for the
   period, at most its maximum, which the envelope counts as its weight. What
   its attainment pays is scaled by amount / maximum, so that it is paid
   attainment × the period's amount. Without an amount, nothing it would pay
   has a figure. */
static void period_amount(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  const struct cb_points *pl = cb_amount_varies(n);
  if (!pl || !pl->cap || r->status == CB_RES_VALUE)
    return;
  mpq_ptr v = NULL;
  const char *why = "la donnée de son montant n'est pas résolue";
  if (pl->expr) {
    v = line_formula(e, n, r, pl, "montant de la période", &why);
  } else if (pl->par) {
    mpq_srcptr d = donnee_value(e, pl->par, &why);
    if (d && mpq_sgn(d) < 0) {
      why = cb_arena_printf(e->a, "« %s » vaut %s : un nombre d'unités négatif ne donne pas de "
                                  "montant", pl->par->id, exact(e, d));
      d = NULL;
    }
    if (d) {
      mpq_srcptr units = mpq_cmp(d, pl->cap) > 0 ? pl->cap : d;
      v = q_new(e);
      mpq_mul(v, pl->q, units);
      STEP(e, r, .kind = CB_STEP_AMOUNT_PAR, .loc = pl->loc, .line = pl, .q = {d, units, v});
    } else {
      STEP(e, r, .kind = CB_STEP_LINE_NONE, .loc = pl->loc, .label = "montant de la période",
           .str = why);
    }
  }
  if (!v) {
    bool acquis = r->status == CB_RES_NEUTRALISED && n->neutral_rule == CB_NEUTRAL_ACQUIS;
    if (r->status == CB_RES_OK || acquis)
      set_status(r, CB_RES_UNDETERMINED,
                 cb_arena_printf(e->a, "montant de la période inconnu : %s", why));
    return;
  }
  r->amount_period = v;
  r->amount_scale = q_new(e);
  if (mpq_sgn(n->weight))
    mpq_div(r->amount_scale, v, n->weight);
  if (r->status != CB_RES_OK || !r->after)
    return;
  mpq_ptr paid = q_new(e);
  mpq_mul(paid, r->after, r->amount_scale);
  STEP(e, r, .kind = CB_STEP_AMOUNT_SCALE, .loc = pl->loc, .q = {r->after, v, paid});
  r->after = paid;
}

static void eval_indicator_body(struct ev *e, const struct cb_node *n, struct cb_result *r);

static void eval_indicator(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  eval_indicator_body(e, n, r);
  if (n->kind == CB_NODE_INDICATOR) {
    points_formulas(e, n, r);
    period_amount(e, n, r);
  }
}

/* The measure, or the value of the node's formula, with its step; false
   when a donnée's formula has no value (the result is then missing). */
static bool read_measure(struct ev *e, const struct cb_node *n, const struct cb_measure *m,
                         struct cb_result *r) {
  if (n->expr) {
    mpq_ptr v = q_new(e);
    const char *why = NULL;
    struct ref_walk w = {e, n, r, ++e->ref_gen};
    cb_expr_each_ref(n->expr, explain_ref, &w);
    e->expr_work = CB_EXPR_MAX_WORK;
    if (eval_expr(e, n, n->expr, v, &why)) {
      r->measure = v;
      STEP(e, r, .kind = CB_STEP_VALUE, .loc = n->expr_loc, .q = {v});
    } else {
      STEP(e, r, .kind = CB_STEP_VALUE_NONE, .loc = n->expr_loc, .str = why);
      if (n->kind == CB_NODE_DONNEE) {
        set_status(r, CB_RES_MISSING, why);
        return false;
      }
    }
  } else if (m->present && m->kind == CB_MVAL_NUMBER && m->value) {
    r->measure = m->value;
    STEP(e, r, .kind = CB_STEP_MEASURE, .loc = m->loc, .q = {m->value},
         .str = measure_origin(m));
  } else if (m->present && (m->kind == CB_MVAL_OUI || m->kind == CB_MVAL_NON)) {
    STEP(e, r, .kind = CB_STEP_MEASURE_YESNO, .loc = m->loc,
         .flags = m->kind == CB_MVAL_OUI ? CB_STEP_F_YES : 0);
  } else if (m->present && (m->kind == CB_MVAL_LABEL ||
                            (m->kind == CB_MVAL_NUMBER && n->method == CB_METHOD_ETAPES))) {
    STEP(e, r, .kind = CB_STEP_MEASURE_ETAPES, .loc = m->loc, .n = m->etape);
  }
  return true;
}

/* A donnée: a value, nothing to score. */
static void donnee_result(struct ev *e, const struct cb_node *n, const struct cb_measure *m,
                          struct cb_result *r) {
  if (!r->measure && !n->expr) {
    if (m->present && m->kind == CB_MVAL_ND)
      STEP(e, r, .kind = CB_STEP_MEASURE_ND, .loc = m->loc);
    else if (!m->present)
      STEP(e, r, .kind = CB_STEP_MEASURE_NONE);
  }
  if (r->measure)
    set_status(r, CB_RES_VALUE, NULL);
  else
    set_status(r, CB_RES_MISSING,
               m->present && m->kind == CB_MVAL_ND ? "mesure non disponible (nd)"
                                                   : "mesure manquante");
}

/* Whether the indicator is neutralised for the period (said, with why). */
static bool neutralised(struct ev *e, const struct cb_node *n, const struct cb_measure *m,
                        struct cb_result *r) {
  const struct cb_period *p = e->p;
  if (!n->neutralised[p->index] && !(m->present && m->kind == CB_MVAL_NEUTRALISE))
    return false;
  const char *why = n->neutralised[p->index] && n->neutral_reasons[p->index]
                        ? n->neutral_reasons[p->index]
                        : "neutralisé";
  set_status(r, CB_RES_NEUTRALISED, cb_arena_printf(e->a, "neutralisé en %s (%s)", p->name, why));
  STEP(e, r, .kind = CB_STEP_NEUTRALISED,
       .loc = n->neutralised[p->index] ? n->neutral_locs[p->index] : m->loc, .str = why);
  return true;
}

/* `precedent`: the previous period's measure plus the offset; false (the
   result without a figure) when that period has no measure. */
static bool objective_precedent(struct ev *e, const struct cb_node *n,
                                const struct cb_mobjective *o, struct cb_result *r) {
  const struct cb_period *pp = &e->c->periods[e->p->index - 1];
  const struct cb_measure *pm = measure_of_period(e->ds, e->c, n, pp);
  if (!pm->present || pm->kind != CB_MVAL_NUMBER) {
    set_status(r, CB_RES_UNDETERMINED,
               cb_arena_printf(e->a, "objectif indéterminé : pas de mesure en %s pour « precedent »",
                               pp->name));
    STEP(e, r, .kind = CB_STEP_OBJ_PREV_MISSING, .loc = o->loc, .prev = pp);
    return false;
  }
  mpq_ptr v = q_new(e);
  mpq_add(v, pm->value, o->value);
  r->objective = v;
  STEP(e, r, .kind = CB_STEP_OBJ_PREV, .loc = o->loc, .loc2 = pm->loc, .prev = pp,
       .q = {pm->value, o->value, v});
  return true;
}

/* The objective of the period, with its step; false when there is none to
   score against (the result says why). *stepped: none, and the barème on
   the measure is the rule. */
static bool read_objective(struct ev *e, const struct cb_node *n, bool need_obj,
                           struct cb_result *r, bool *stepped) {
  const struct cb_period *p = e->p;
  const struct cb_mobjective *o = &n->objectives[p->index];
  switch (o->kind) {
  case CB_MOBJ_NONE:
    if (need_obj && cb_node_stepped(n)) {
      /* stated by its steps: the barème reading the measure is the rule */
      *stepped = true;
      STEP(e, r, .kind = CB_STEP_STEPPED_RULE, .loc = n->bareme_loc, .bareme = n->bareme);
      break;
    }
    if (need_obj) {
      set_status(r, CB_RES_NO_OBJECTIVE, cb_arena_printf(e->a, "pas d'objectif pour %s", p->name));
      STEP(e, r, .kind = CB_STEP_NO_OBJECTIVE, .loc = n->loc);
      return false;
    }
    break;
  case CB_MOBJ_A_DEFINIR:
    set_status(r, CB_RES_TO_DEFINE, cb_arena_printf(e->a, "objectif %s à définir", p->name));
    STEP(e, r, .kind = CB_STEP_TO_DEFINE, .loc = o->loc);
    return false;
  case CB_MOBJ_VALUE:
    r->objective = o->value;
    if (o->from_initial)
      STEP(e, r, .kind = CB_STEP_OBJ_INITIAL, .loc = o->loc, .loc2 = n->initial_loc,
           .objective = o);
    else
      STEP(e, r, .kind = CB_STEP_OBJ_VALUE, .loc = o->loc, .objective = o);
    break;
  case CB_MOBJ_PROGRESSION:
    r->objective = o->value;
    STEP(e, r, .kind = CB_STEP_OBJ_PROGRESSION, .loc = o->loc, .objective = o);
    break;
  case CB_MOBJ_PRECEDENT:
    if (!objective_precedent(e, n, o, r))
      return false;
    break;
  }
  r->cmp = o->cmp; /* resolved by the model from the written comparison or the sens */
  return true;
}

/* A missing measure, by the indicator's rule; false when there is one. */
static bool missing_measure(struct ev *e, const struct cb_node *n, const struct cb_measure *m,
                            struct cb_result *r) {
  bool have = r->measure || (m->present && (m->kind == CB_MVAL_OUI || m->kind == CB_MVAL_NON ||
                                            m->kind == CB_MVAL_LABEL ||
                                            (m->kind == CB_MVAL_NUMBER && n->method == CB_METHOD_ETAPES)));
  if (have)
    return false;
  bool nd = m->present && m->kind == CB_MVAL_ND;
  const char *what = nd ? "mesure non disponible (nd)" : "mesure manquante";
  struct cb_loc at = nd ? m->loc : n->loc, rule = n->missing_loc;
  unsigned f = nd ? CB_STEP_F_ND : 0;
  switch (n->missing_rule) {
  case CB_MISSING_ERREUR:
    set_status(r, CB_RES_MISSING, what);
    break;
  case CB_MISSING_EXCLURE:
    set_status(r, CB_RES_EXCLUDED, cb_arena_printf(e->a, "%s : exclu du calcul", what));
    break;
  case CB_MISSING_ZERO:
    r->measure_counted_zero = true;
    r->attainment = q_new(e);
    r->after = r->attainment;
    r->met = 0;
    set_status(r, CB_RES_OK, NULL);
    at = n->missing_loc;
    rule = NOLOC;
    break;
  }
  STEP(e, r, .kind = CB_STEP_MISSING, .loc = at, .loc2 = rule, .n = n->missing_rule, .flags = f);
  return true;
}

/* The ratio: it grows with the measure in the direction of the sens
   whatever the signs (docs/langage.md, « Objectifs et mesures de tout
   signe »), and is 100 % exactly at the objective. Returns whether the
   measure is better than any positive one (sens décroissant, measure <= 0 <
   objective). */
static bool ratio(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  bool dec = n->sens == CB_SENS_DECROISSANT;
  int os = mpq_sgn(r->objective);
  if (!dec && os < 0) {
    /* a decrease target (objectif -5 %): 1 + (m - o) / |o|, 200 % at 0 */
    mpq_ptr d = q_new(e);
    r->ratio = q_new(e);
    mpq_sub(d, r->measure, r->objective);
    mpq_sub(d, d, r->objective); /* (m - o) + |o| */
    mpq_neg(r->ratio, r->objective);
    mpq_div(r->ratio, d, r->ratio);
    STEP(e, r, .kind = CB_STEP_RATIO_NEG_INC, .loc = n->sens_loc,
         .q = {r->measure, r->objective, r->ratio});
  } else if (dec && os < 0) {
    /* a decrease target below zero: the further below, the better */
    r->ratio = q_new(e);
    mpq_div(r->ratio, r->measure, r->objective);
    STEP(e, r, .kind = CB_STEP_RATIO_NEG_DEC, .loc = n->sens_loc,
         .q = {r->measure, r->objective, r->ratio});
  } else if (dec && os > 0 && mpq_sgn(r->measure) < 0) {
    /* below zero, better than any positive measure, whose ratio has no bound */
    r->ratio_undefined = true;
    STEP(e, r, .kind = CB_STEP_RATIO_UNBOUNDED, .loc = n->sens_loc);
    return true;
  } else if (dec && os == 0 && mpq_sgn(r->measure) < 0) {
    /* 0 / m would be 0 % for a measure that meets the objective */
    r->ratio_undefined = true;
    STEP(e, r, .kind = CB_STEP_RATIO_ZERO_OBJ, .loc = n->sens_loc);
  } else {
    mpq_srcptr num = dec ? r->objective : r->measure;
    mpq_srcptr den = dec ? r->measure : r->objective;
    unsigned f = dec ? CB_STEP_F_DEC : 0;
    if (mpq_sgn(den) == 0) {
      r->ratio_undefined = true;
      STEP(e, r, .kind = CB_STEP_RATIO_DIV_ZERO, .flags = f);
      return dec && os > 0;
    }
    r->ratio = q_new(e);
    cb_qf_div(r->ratio, num, den);
    STEP(e, r, .kind = CB_STEP_RATIO, .loc = n->sens_loc, .flags = f, .q = {num, den, r->ratio});
  }
  return false;
}

/* Proportional attainment: the ratio; without one, the objective met or
   not, or the plafond for a measure better than any positive one. False
   when there is no figure. */
static bool attainment_proportional(struct ev *e, const struct cb_node *n, struct cb_result *r,
                                    bool unbounded, mpq_ptr *rawp) {
  if (r->ratio) {
    *rawp = r->ratio; /* the ratio itself: nothing changes it */
    STEP(e, r, .kind = CB_STEP_ATT_PROP, .loc = n->method_loc, .q = {r->ratio});
    return true;
  }
  mpq_ptr raw = *rawp = q_new(e);
  if (unbounded && r->met) {
    /* at 0 or below, better than every measure above 0: the most the
       plafond lets it earn; without plafond there is no such figure */
    if (!n->plafond) {
      set_status(r, CB_RES_UNDETERMINED,
                 "atteinte sans borne : mesure nulle ou négative en sens décroissant, sans "
                 "plafond");
      STEP(e, r, .kind = CB_STEP_ATT_PROP_UNBOUNDED,
           .loc = n->plafond_loc.src ? n->plafond_loc : n->method_loc);
      return false;
    }
    mpq_set(raw, n->plafond);
    STEP(e, r, .kind = CB_STEP_ATT_PROP_PLAFOND, .loc = n->method_loc, .q = {r->measure, raw});
  } else {
    mpq_set_ui(raw, r->met ? 1 : 0, 1);
    STEP(e, r, .kind = CB_STEP_ATT_PROP_MET, .loc = n->method_loc,
         .flags = r->met ? CB_STEP_F_MET : 0, .q = {raw});
  }
  return true;
}

/* Linear attainment from the socle to the objective; false when there is
   no figure (a socle on the wrong side). */
static bool attainment_linear(struct ev *e, const struct cb_node *n, struct cb_result *r,
                              mpq_ptr *rawp) {
  mpq_ptr raw = *rawp = q_new(e);
  struct cb_loc sl;
  mpq_srcptr s = cb_socle_for(n, (size_t)e->p->index, &sl, NULL);
  if (!s || mpq_equal(s, r->objective)) {
    mpq_set_ui(raw, r->met ? 1 : 0, 1);
    STEP(e, r, .kind = CB_STEP_ATT_LIN_UNDEF, .loc = n->method_loc, .n = s != NULL,
         .flags = r->met ? CB_STEP_F_MET : 0, .q = {raw});
    return true;
  }
  if ((mpq_cmp(s, r->objective) > 0) != (n->sens == CB_SENS_DECROISSANT)) {
    /* the checker refuses a written objective on the wrong side (E0233);
       a chained one (`precedent`) is only known here */
    set_status(r, CB_RES_UNDETERMINED,
               cb_arena_printf(e->a, "socle %s du mauvais côté de l'objectif %s",
                               val(e, n, s), val(e, n, r->objective)));
    STEP(e, r, .kind = CB_STEP_ATT_LIN_SIDE, .loc = sl,
         .flags = n->sens == CB_SENS_DECROISSANT ? CB_STEP_F_DEC : 0, .q = {s, r->objective});
    return false;
  }
  mpq_t num, den;
  mpq_inits(num, den, NULL);
  cb_qf_sub(num, r->measure, s);
  cb_qf_sub(den, r->objective, s);
  cb_qf_div(raw, num, den);
  mpq_clears(num, den, NULL);
  STEP(e, r, .kind = CB_STEP_ATT_LIN, .loc = n->method_loc, .loc2 = sl,
       .q = {r->measure, s, r->objective, raw});
  return true;
}

/* Attainment by the method (a dispatch) in *rawp, a value of its own or
   one the result already holds; false when there is no figure. */
static bool attainment(struct ev *e, const struct cb_node *n, const struct cb_measure *m,
                       struct cb_result *r, bool unbounded, mpq_ptr *rawp) {
  unsigned met = r->met ? CB_STEP_F_MET : 0; /* met -1 (no ratio) reads as met, as before */
  switch (n->method) {
  case CB_METHOD_PROPORTIONNELLE:
    return attainment_proportional(e, n, r, unbounded, rawp);
  case CB_METHOD_LINEAIRE:
    return attainment_linear(e, n, r, rawp);
  default:
    break;
  }
  mpq_ptr raw = *rawp = q_new(e);
  switch (n->method) {
  case CB_METHOD_PROPORTIONNELLE: /* above */
  case CB_METHOD_LINEAIRE:
    break;
  case CB_METHOD_TOUT_OU_RIEN:
    mpq_set_ui(raw, r->met ? 1 : 0, 1);
    STEP(e, r, .kind = CB_STEP_ATT_ALL_OR_NOTHING, .loc = n->method_loc, .flags = met,
         .q = {raw});
    break;
  case CB_METHOD_MESUREE:
    mpq_set(raw, r->measure);
    STEP(e, r, .kind = CB_STEP_ATT_MEASURED, .loc = n->method_loc, .q = {raw});
    break;
  case CB_METHOD_OUI_NON:
    r->met = m->kind == CB_MVAL_OUI;
    mpq_set_ui(raw, r->met ? 1 : 0, 1);
    STEP(e, r, .kind = CB_STEP_ATT_YESNO, .loc = n->method_loc, .q = {raw});
    break;
  case CB_METHOD_ETAPES:
    if (m->etape > 0) {
      const struct cb_etape_def *et = &n->etapes[m->etape - 1];
      mpq_set(raw, et->value);
      STEP(e, r, .kind = CB_STEP_ATT_ETAPE, .loc = et->loc, .etape = et, .q = {raw});
    } else {
      STEP(e, r, .kind = CB_STEP_ATT_NO_ETAPE, .loc = n->method_loc);
    }
    r->met = n->netapes && m->etape == (int)n->netapes;
    break;
  }
  return true;
}

/* The attainment kept: raw within the plafond and the plancher. raw itself
   when within them (steps read it and nothing changes it); a value of its
   own when bounded, raw staying what the method gave. */
static void bound_attainment(struct ev *e, const struct cb_node *n, struct cb_result *r,
                             mpq_ptr raw) {
  r->attainment = raw;
  if (n->plafond && cb_qf_cmp(raw, n->plafond) > 0) {
    r->attainment = q_copy(e, n->plafond);
    r->capped = true;
    STEP(e, r, .kind = CB_STEP_PLAFOND, .loc = n->plafond_loc, .q = {n->plafond, r->attainment});
  } else if (cb_qf_cmp(raw, n->plancher) < 0) {
    r->attainment = q_copy(e, n->plancher);
    r->capped = true;
    STEP(e, r, .kind = CB_STEP_PLANCHER, .loc = n->plancher_loc,
         .q = {n->plancher, r->attainment});
  }
}

/* An indicator or a donnée for the period, in phases: the measure, the
   neutralisation, the objective, a missing measure, ratio and met, the
   attainment by the method, its bounds, the barème. */
static void eval_indicator_body(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  const struct cb_measure *m = measure_in(e->ds, e->c, n, e->p);
  r->m = m->present ? m : NULL;
  if (!read_measure(e, n, m, r))
    return;
  if (n->kind == CB_NODE_DONNEE) {
    donnee_result(e, n, m, r);
    return;
  }
  if (neutralised(e, n, m, r))
    return;
  const struct cb_points *unit = cb_points_per_unit(n); /* its units are its attainment */
  bool need_obj = !unit && needs_objective(n->method);
  bool stepped = false; /* no objective, the barème on the measure is the rule */
  if ((need_obj || n->objectives[e->p->index].kind != CB_MOBJ_NONE) &&
      !read_objective(e, n, need_obj, r, &stepped))
    return;
  if (missing_measure(e, n, m, r))
    return;
  if (stepped) {
    eval_stepped(e, n, r);
    return;
  }
  bool unbounded = false;
  if (r->objective && r->measure) {
    unbounded = ratio(e, n, r);
    r->met = compare(r->measure, r->cmp, r->objective) ? 1 : 0;
    STEP(e, r, .kind = CB_STEP_MET, .flags = r->met ? CB_STEP_F_MET : 0, .n = r->cmp,
         .q = {r->measure, r->objective});
  }
  if (unit) {
    per_unit(e, unit, r);
    return;
  }
  mpq_ptr raw = NULL; /* the method's attainment, before plafond and plancher */
  if (!attainment(e, n, m, r, unbounded, &raw))
    return;
  bound_attainment(e, n, r, raw);
  set_status(r, CB_RES_OK, NULL);
  if (n->bareme)
    apply_bareme(e, n, r);
  else
    r->after = r->attainment;
}

/* ---- groups ----------------------------------------------------------------- */

static struct cb_result *eval_node(struct ev *e, const struct cb_node *n);

/* The weight of a child as its parent counts it (NULL: equal weights). */
static void child_weight(const struct cb_result *chr, mpq_ptr w, bool *has) {
  const struct cb_node *ch = chr->node;
  *has = true;
  if (ch->weight_kind != CB_WEIGHT_NONE) {
    mpq_set(w, ch->weight);
    return;
  }
  if (cb_node_has_points(ch)) { /* ACI points: weighed by their points */
    mpq_set_ui(w, 0, 1);
    for (int i = 0; i < 2; i++) {
      const struct cb_points *pl = &ch->points[i];
      if (!pl->set)
        continue;
      if (pl->expr) { /* the points of the period */
        if (chr->points_formula[i])
          mpq_add(w, w, chr->points_formula[i]);
      } else if (pl->par == ch && pl->cap) { /* per unit: the most it can earn */
        mpq_t t;
        mpq_init(t);
        mpq_mul(t, pl->q, pl->cap);
        mpq_add(w, w, t);
        mpq_clear(t);
      } else {
        mpq_add(w, w, pl->q);
      }
    }
    if (mpq_sgn(w) > 0)
      return;
  }
  if (ch->kind == CB_NODE_GROUP && ch->nchildren) {
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(w, 0, 1);
    for (size_t i = 0; i < ch->nchildren; i++) {
      bool h;
      child_weight(chr->children[i], t, &h);
      if (!h || ch->children[i]->weight_kind == CB_WEIGHT_PERCENT) {
        *has = false;
        break;
      }
      mpq_add(w, w, t);
    }
    mpq_clear(t);
    if (*has)
      return;
  }
  *has = false;
  mpq_set_ui(w, 1, 1);
}

/* Records group result r for lookups by id. */
static void register_group(struct ev *e, struct cb_result *r) {
  if (e->pe->ngroups == e->gcap) {
    size_t cap = e->gcap ? 2 * e->gcap : 16;
    struct cb_result **t = cb_arena_array(e->a, cap, sizeof *t);
    if (e->pe->ngroups)
      memcpy(t, e->pe->groups, e->pe->ngroups * sizeof *t);
    e->pe->groups = t;
    e->gcap = cap;
  }
  e->pe->groups[e->pe->ngroups++] = r;
}

/* What a group adds up from its elements. */
struct group_sums {
  mpq_t num, den; /* weighted attainments, weights counted */
  const struct cb_result *blocking; /* the first element without a figure */
  int scored, unscored, neutral, all_met;
};

/* A neutralised or excluded element c (weight w) of group n, by its rule:
   `acquis` counts it met, `exclu` counts it at 0, else its weight goes to
   the others. */
static void weigh_neutral(struct ev *e, const struct cb_node *n, struct cb_result *c, mpq_ptr w,
                          struct group_sums *g) {
  enum cb_neutral_rule rule =
      c->status == CB_RES_EXCLUDED ? CB_NEUTRAL_REDISTRIBUER : c->node->neutral_rule;
  g->neutral++;
  if (rule == CB_NEUTRAL_ACQUIS) {
    c->counted = true;
    c->after = q_new(e);
    mpq_set_ui(c->after, 1, 1);
    mpq_add(g->den, g->den, w);
    if (c->amount_scale) { /* 100 % of the period's amount */
      mpq_set(c->after, c->amount_scale);
      mpq_mul(w, w, c->after);
    }
    mpq_add(g->num, g->num, w);
    STEP(e, c, .kind = CB_STEP_ACQUIS, .loc = c->node->neutral_loc,
         .q = {c->amount_scale ? c->after : NULL});
  } else if (rule == CB_NEUTRAL_EXCLU) {
    c->counted = true;
    c->after = q_new(e);
    mpq_add(g->den, g->den, w);
    STEP(e, c, .kind = CB_STEP_EXCLU, .loc = c->node->neutral_loc);
  } else {
    c->weight = NULL;
    STEP(e, c, .kind = CB_STEP_REDISTRIBUTED, .loc = c->node->neutral_loc, .other = n);
  }
}

/* Each element's weight and what it adds to the group's sums. */
static void weigh_children(struct ev *e, const struct cb_node *n, struct cb_result *r,
                           struct group_sums *g) {
  mpq_t w;
  mpq_init(w);
  for (size_t i = 0; i < r->nchildren; i++) {
    struct cb_result *c = r->children[i];
    bool declared;
    child_weight(c, w, &declared);
    c->weight = q_copy(e, w);
    switch (c->status) {
    case CB_RES_VALUE:
      c->weight = NULL;
      break;
    case CB_RES_OK:
      g->scored++;
      c->counted = true;
      cb_qf_add(g->den, g->den, w);
      cb_qf_mul(w, w, c->after ? c->after : c->attainment);
      cb_qf_add(g->num, g->num, w);
      if (c->met == 0 || (c->met < 0 && c->after && mpq_cmp_ui(c->after, 1, 1) < 0))
        g->all_met = 0;
      break;
    case CB_RES_NEUTRALISED:
    case CB_RES_EXCLUDED:
      weigh_neutral(e, n, c, w, g);
      break;
    case CB_RES_NO_OBJECTIVE:
    case CB_RES_TO_DEFINE:
      g->unscored++;
      c->counted = true;
      c->after = NULL;
      mpq_add(g->den, g->den, w);
      break;
    case CB_RES_MISSING:
    case CB_RES_UNDETERMINED:
      if (!g->blocking)
        g->blocking = c;
      break;
    }
  }
  mpq_clear(w);
}

/* The group's status and attainment from its sums. */
static void aggregate(struct ev *e, const struct cb_node *n, struct cb_result *r,
                      const struct group_sums *g) {
  if (g->blocking) {
    const char *why = g->blocking->reason ? g->blocking->reason : "sans chiffre";
    set_status(r, CB_RES_UNDETERMINED,
               cb_arena_printf(e->a, "dépend de « %s » : %s", g->blocking->node->id, why));
    STEP(e, r, .kind = CB_STEP_BLOCKED, .loc = g->blocking->node->loc, .other = g->blocking->node,
         .str = g->blocking->reason ? g->blocking->reason : "?");
  } else if (g->scored == 0 && g->unscored > 0) {
    set_status(r, CB_RES_NO_OBJECTIVE, cb_arena_printf(e->a, "aucun objectif fixé pour %s", e->p->name));
    STEP(e, r, .kind = CB_STEP_GROUP_NO_OBJECTIVE, .loc = n->loc);
  } else if (mpq_sgn(g->den) == 0) {
    if (g->neutral > 0) {
      set_status(r, CB_RES_NEUTRALISED, "tous ses éléments sont neutralisés ou exclus");
      STEP(e, r, .kind = CB_STEP_ALL_NEUTRALISED, .loc = n->loc);
    } else {
      set_status(r, CB_RES_NO_OBJECTIVE, "aucun élément évalué");
    }
  } else if (n->aggr == CB_AGGR_TOUTES) {
    r->attainment = q_new(e);
    mpq_set_ui(r->attainment, g->all_met && g->unscored == 0 ? 1 : 0, 1);
    r->met = g->all_met && g->unscored == 0;
    r->after = r->attainment;
    set_status(r, CB_RES_OK, NULL);
    STEP(e, r, .kind = CB_STEP_TOUTES, .loc = n->aggr_loc,
         .n = r->met ? 0 : g->unscored ? 1 : 2);
  } else {
    r->attainment = q_new(e);
    cb_qf_div(r->attainment, g->num, g->den);
    r->after = r->attainment;
    r->met = mpq_cmp_ui(r->attainment, 1, 1) >= 0;
    set_status(r, CB_RES_OK, NULL);
    STEP(e, r, .kind = CB_STEP_MEAN, .loc = n->has_declared_aggr ? n->aggr_loc : n->loc,
         .flags = n->aggr == CB_AGGR_SOMME ? CB_STEP_F_SUM : 0,
         .n = g->scored + g->unscored, .n2 = g->unscored, .q = {r->attainment});
  }
}

/* A group for the period: its elements, their weights, its aggregation,
   then each element's effective fraction of it. */
static void eval_group(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  r->children = cb_arena_array(e->a, n->nchildren ? n->nchildren : 1, sizeof *r->children);
  r->nchildren = n->nchildren;
  for (size_t i = 0; i < n->nchildren; i++)
    r->children[i] = eval_node(e, n->children[i]);
  if (n->kind == CB_NODE_GROUP)
    register_group(e, r);
  struct group_sums g = {.all_met = 1};
  mpq_inits(g.num, g.den, NULL);
  weigh_children(e, n, r, &g);
  r->nscored = g.scored;
  r->nunscored = g.unscored;
  aggregate(e, n, r, &g);
  /* effective fractions */
  for (size_t i = 0; i < r->nchildren; i++) {
    struct cb_result *c = r->children[i];
    if (!c->weight || !c->counted || mpq_sgn(g.den) == 0 || g.blocking) {
      c->weight = NULL;
      continue;
    }
    cb_qf_div(c->weight, c->weight, g.den);
  }
  mpq_clears(g.num, g.den, NULL);
}

static struct cb_result *eval_node(struct ev *e, const struct cb_node *n) {
  struct cb_result *r = new_result(e, n);
  if (n->kind == CB_NODE_INDICATOR || n->kind == CB_NODE_DONNEE) {
    eval_indicator(e, n, r);
    e->pe->by_index[n->index] = r;
  } else {
    eval_group(e, n, r);
  }
  return r;
}

/* ---- money ----------------------------------------------------------------- */

const char *cb_round_mode_text(enum cb_round_mode m) {
  switch (m) {
  case CB_ROUND_HALF_AWAY:
    return "demi-unité éloignée de zéro";
  case CB_ROUND_HALF_EVEN:
    return "demi-unité au pair";
  case CB_ROUND_DOWN:
    return "vers zéro";
  case CB_ROUND_UP:
    return "à l'unité supérieure";
  }
  return "?";
}

const char *cb_round_stage_text(enum cb_round_stage s) {
  switch (s) {
  case CB_STAGE_INDICATEUR:
    return "par indicateur";
  case CB_STAGE_GROUPE:
    return "par groupe";
  case CB_STAGE_TOTAL:
    return "sur le total de chaque enveloppe";
  }
  return "?";
}

/* Whether the contract's rounding stage rounds this node's amount: every
   indicator (and `toutes` group, paid as one), every element directly
   under the contract, or the total of each envelope (the node that holds a
   `variable` envelope or a points total, and the contract). */
static bool rounds_here(const struct cb_contract *c, const struct cb_node *n, bool toutes) {
  switch (c->round_stage) {
  case CB_STAGE_INDICATEUR:
    return n->kind == CB_NODE_INDICATOR || toutes;
  case CB_STAGE_GROUPE:
    return n->parent && n->parent->kind == CB_NODE_CONTRACT;
  case CB_STAGE_TOTAL: /* the total of each envelope */
    return n->kind == CB_NODE_CONTRACT || n->variable.set || n->points_total;
  }
  return false;
}

void cb_round_amount(const struct cb_contract *c, mpq_t out, mpq_srcptr q) {
  cb_qf_round_unit(out, q, c->rounding == CB_ROUNDING_EURO ? 1 : 100, c->round_mode);
}

static void round_paid(struct ev *e, struct cb_result *r, bool toutes) {
  const struct cb_contract *c = e->c;
  if (r->share_points || c->rounding == CB_ROUNDING_NONE || !rounds_here(c, r->node, toutes))
    return;
  mpq_ptr rounded = q_new(e);
  cb_round_amount(c, rounded, r->paid_exact);
  r->paid = rounded;
  r->rounded = true;
  if (!mpq_equal(rounded, r->paid_exact))
    STEP(e, r, .kind = CB_STEP_ROUNDING, .loc = c->rounding_loc, .contract = c,
         .q = {rounded, r->paid_exact});
}

/* True when n is an indicator weighted by `montant`, or a group all of whose
   elements are, recursively; *out receives the total (allocated in e's arena
   when NULL). */
static bool montant_total(struct ev *e, const struct cb_node *n, mpq_ptr *out) {
  if (n->kind == CB_NODE_INDICATOR) {
    if (n->weight_kind != CB_WEIGHT_MONTANT)
      return false;
    if (!*out)
      *out = q_new(e);
    mpq_set(*out, n->weight);
    return true;
  }
  if ((n->kind != CB_NODE_GROUP && n->kind != CB_NODE_CONTRACT) || !n->nchildren ||
      n->variable.set)
    return false;
  if (!*out)
    *out = q_new(e);
  mpq_t sum;
  mpq_init(sum);
  bool ok = true;
  for (size_t i = 0; i < n->nchildren && ok; i++) {
    ok = montant_total(e, n->children[i], out);
    if (ok)
      mpq_add(sum, sum, *out);
  }
  mpq_set(*out, sum);
  mpq_clear(sum);
  return ok;
}

/* ---- ACI points (MSP) ------------------------------------------------------ */

/* An indicator paid in points of the accord, or a group (or the contract)
   without envelope whose elements all are. */
static bool is_points_node(const struct cb_node *n) {
  if (n->kind == CB_NODE_INDICATOR)
    return cb_node_has_points(n);
  if (n->kind == CB_NODE_DONNEE || n->variable.set || n->points_total)
    return false;
  bool any = false;
  for (size_t i = 0; i < n->nchildren; i++) {
    if (n->children[i]->kind == CB_NODE_DONNEE)
      continue;
    if (!is_points_node(n->children[i]))
      return false;
    any = true;
  }
  return any;
}

/* The value of donnée d for the period (measured or computed), or NULL
   with *why set. */
static mpq_srcptr donnee_value(struct ev *e, const struct cb_node *d, const char **why) {
  mpq_ptr v = q_new(e);
  const char *w = NULL;
  e->expr_work = CB_EXPR_MAX_WORK;
  if (measure_of(e, d, v, &w))
    return v;
  *why = cb_arena_printf(e->a, "la donnée « %s » n'a pas de valeur en %s (%s)", d->id, e->p->name,
                         w ? w : "mesure manquante");
  return NULL;
}

/* The points of pay line pl (number i of indicator r) for the period, in
   lp, and what they are worth, in t; false (with a step, and the reason
   on r) when they have no figure. A line per unit of the indicator's own
   measure counts its most (points × cap); a line `= formule` counts the
   formula's value. */
static bool line_points(struct ev *e, struct cb_result *r, int i, mpq_ptr lp, mpq_ptr t) {
  const struct cb_node *n = r->node;
  const struct cb_contract *c = e->c;
  const struct cb_points *pl = &n->points[i];
  const char *kind = i == CB_PTS_FIXES ? "points fixes" : "points variables";
  struct cb_loc vl = c->valeur_point_loc;
  if (pl->expr) {
    if (!r->points_formula[i]) /* said by eval_indicator */
      return false;
    mpq_set(lp, r->points_formula[i]);
    mpq_mul(t, lp, c->valeur_point);
    STEP(e, r, .kind = CB_STEP_PTS_FORMULA, .loc = pl->loc, .loc2 = vl, .label = kind,
         .q = {r->points_formula[i], c->valeur_point, keep(e, t)});
    return true;
  }
  if (pl->par == n) {
    mpq_mul(lp, pl->q, pl->cap);
    mpq_mul(t, lp, c->valeur_point);
    STEP(e, r, .kind = CB_STEP_PTS_PER_UNIT, .loc = pl->loc, .loc2 = vl, .line = pl,
         .label = kind, .q = {keep(e, lp), c->valeur_point, keep(e, t)});
    return true;
  }
  if (i == CB_PTS_FIXES && !pl->par) {
    mpq_set(lp, pl->q);
    mpq_mul(t, lp, c->valeur_point);
    STEP(e, r, .kind = CB_STEP_PTS_FIXED, .loc = pl->loc, .loc2 = vl, .line = pl,
         .q = {c->valeur_point, keep(e, t)});
    return true;
  }
  const char *why = NULL;
  const struct cb_node *d = pl->par ? pl->par : c->patientele;
  mpq_srcptr v = d ? donnee_value(e, d, &why) : NULL;
  if (!d)
    why = "pas de patientèle déclarée";
  if (!v) {
    set_status(r, CB_RES_UNDETERMINED, why);
    STEP(e, r, .kind = CB_STEP_LINE_NONE, .loc = pl->loc, .label = kind,
         .flags = CB_STEP_F_PLURAL, .str = why);
    return false;
  }
  mpq_srcptr units = pl->cap && mpq_cmp(v, pl->cap) > 0 ? pl->cap : v;
  mpq_mul(lp, pl->q, units);
  if (!pl->par)
    mpq_div(lp, lp, c->patientele_ref);
  mpq_mul(t, lp, c->valeur_point);
  if (pl->par)
    STEP(e, r, .kind = CB_STEP_PTS_PAR, .loc = pl->loc, .loc2 = vl, .line = pl, .label = kind,
         .q = {c->valeur_point, v, keep(e, t)});
  else
    STEP(e, r, .kind = CB_STEP_PTS_PATIENTELE, .loc = pl->loc, .loc2 = c->patientele_ref_loc,
         .line = pl, .q = {v, keep(e, t), c->valeur_point, c->patientele_ref});
  return true;
}

/* The most an indicator paid in points can earn in the period:
   (fixed points + variable points × scale) × point value; pts receives the
   points. */
static bool points_max(struct ev *e, struct cb_result *r, mpq_ptr out, mpq_ptr pts) {
  mpq_t t, lp;
  mpq_inits(t, lp, NULL);
  mpq_set_ui(out, 0, 1);
  mpq_set_ui(pts, 0, 1);
  bool ok = true;
  for (int i = 0; i < 2 && ok; i++) {
    if (!r->node->points[i].set)
      continue;
    ok = line_points(e, r, i, lp, t);
    if (ok) {
      mpq_add(pts, pts, lp);
      mpq_add(out, out, t);
    }
  }
  mpq_clears(t, lp, NULL);
  return ok;
}

/* An indicator paid in points: what its points can earn, what it is paid. */
static void allocate_points_indicator(struct ev *e, struct cb_result *r) {
  mpq_ptr max = q_new(e), pts = q_new(e);
  if (!points_max(e, r, max, pts)) {
    r->share_unknown = r->reason ? r->reason : "points possibles non calculables";
    return;
  }
  r->share = max;
  r->points_share = pts;
  STEP(e, r, .kind = CB_STEP_PTS_POSSIBLE, .q = {pts, max});
  if (r->status == CB_RES_MISSING || r->status == CB_RES_UNDETERMINED) {
    STEP(e, r, .kind = CB_STEP_PTS_UNDETERMINED, .q = {max});
    return;
  }
  r->paid_exact = q_new(e);
  r->points_paid = q_new(e);
  if (r->after) {
    mpq_mul(r->paid_exact, max, r->after);
    mpq_mul(r->points_paid, pts, r->after);
  }
  r->paid = r->paid_exact;
  if (r->after)
    STEP(e, r, .kind = CB_STEP_PTS_PAID, .contract = e->c,
         .q = {pts, r->after, r->points_paid, r->paid_exact});
  else
    STEP(e, r, .kind = CB_STEP_PTS_NOT_PAID, .q = {max},
         .str = r->reason ? r->reason : "non évalué");
  round_paid(e, r, false);
}

static void allocate_points(struct ev *e, struct cb_result *r);

/* A group paid in points: the sums of its elements; what its elements
   with a known possible amount can earn is a lower bound when one is
   unknown, said with the elements that are missing. */
static void allocate_points_group(struct ev *e, struct cb_result *r) {
  mpq_ptr share = q_new(e), sum = q_new(e), pshare = q_new(e), psum = q_new(e);
  bool determined = true;
  struct cb_buf unknown = CB_BUF_INIT; /* elements whose possible points are unknown */
  for (size_t i = 0; i < r->nchildren; i++) {
    struct cb_result *ch = r->children[i];
    if (ch->node->kind == CB_NODE_DONNEE)
      continue;
    allocate_points(e, ch);
    if (ch->share_unknown)
      cb_buf_printf(&unknown, "%s« %s »", unknown.len ? ", " : "", ch->node->id);
    mpq_srcptr sh = ch->share ? ch->share : ch->share_at_least;
    mpq_srcptr psh = ch->points_share ? ch->points_share : ch->points_at_least;
    if (sh)
      mpq_add(share, share, sh);
    if (psh)
      mpq_add(pshare, pshare, psh);
    if (ch->paid && ch->points_paid) {
      mpq_add(sum, sum, ch->paid);
      mpq_add(psum, psum, ch->points_paid);
    } else {
      determined = false;
    }
  }
  if (unknown.len) {
    r->share_unknown = cb_arena_printf(e->a, "points possibles inconnus pour %s",
                                       cb_buf_str(&unknown));
    r->share_at_least = share;
    r->points_at_least = pshare;
    STEP(e, r, .kind = CB_STEP_PTS_AT_LEAST, .q = {pshare, share}, .str = r->share_unknown);
    cb_buf_free(&unknown);
    return;
  }
  cb_buf_free(&unknown);
  r->share = share;
  r->points_share = pshare;
  if (!determined)
    return;
  r->paid_exact = sum;
  r->paid = sum;
  r->points_paid = psum;
  STEP(e, r, .kind = CB_STEP_PTS_SUM, .q = {sum, share, psum, pshare});
  round_paid(e, r, false);
}

static void allocate_points(struct ev *e, struct cb_result *r) {
  if (r->node->kind == CB_NODE_INDICATOR)
    allocate_points_indicator(e, r);
  else if (r->node->kind != CB_NODE_DONNEE)
    allocate_points_group(e, r);
}

/* A missed prérequis: every amount and every point is 0, and each line
   says why. */
static void zero_paid(struct ev *e, struct cb_result *r, const char *why) {
  if (r->node->kind == CB_NODE_DONNEE)
    return;
  r->gate = why;
  /* 0 even where no figure was known: nothing is due whatever it was */
  if (!r->paid || mpq_sgn(r->paid) != 0) {
    r->paid = q_new(e);
    r->paid_exact = r->paid;
    STEP(e, r, .kind = CB_STEP_GATE_ZERO, .str = why);
  }
  if (r->points_share && (!r->points_paid || mpq_sgn(r->points_paid) != 0))
    r->points_paid = q_new(e);
  for (size_t i = 0; i < r->nchildren; i++)
    zero_paid(e, r->children[i], why);
}

/* A prérequis without a figure: no amount is known anywhere, and each line
   says why. */
static void unknown_paid(struct ev *e, struct cb_result *r, const char *why) {
  if (r->node->kind == CB_NODE_DONNEE)
    return;
  r->gate = why;
  if (r->paid) {
    STEP(e, r, .kind = CB_STEP_GATE_UNKNOWN, .str = why);
    r->paid = NULL;
    r->paid_exact = NULL;
  }
  r->points_paid = NULL;
  for (size_t i = 0; i < r->nchildren; i++)
    unknown_paid(e, r->children[i], why);
}

/* The ids of the prérequis indicators of the period that have no figure
   (missing) or are not met (!missing), as « a », « b » (NULL when none);
   count and first receive how many and the first. */
static const char *prerequisite_list(struct ev *e, bool missing, size_t *count,
                                     const struct cb_node **first) {
  const struct cb_contract *c = e->c;
  struct cb_buf b = CB_BUF_INIT;
  *count = 0;
  *first = NULL;
  for (size_t i = 0; i < c->nindicators; i++) {
    const struct cb_node *n = c->indicators[i];
    if (n->kind != CB_NODE_INDICATOR || n->type != CB_TYPE_PREREQUIS)
      continue;
    const struct cb_result *r = e->pe->by_index[n->index];
    bool no_figure = r->status != CB_RES_OK;
    bool met = r->met == 1 || (r->met < 0 && r->after && mpq_cmp_ui(r->after, 1, 1) >= 0);
    if (missing ? !no_figure : no_figure || met)
      continue;
    cb_buf_printf(&b, "%s« %s »", *count ? ", " : "", n->id);
    if (!*first)
      *first = n;
    ++*count;
  }
  const char *s = *count ? cb_arena_strdup(e->a, cb_buf_str(&b)) : NULL;
  cb_buf_free(&b);
  return s;
}

/* Indicators of type `prerequis` gate the whole remuneration of an ACI
   contract: one not met and nothing is due (whatever the others); else one
   without a figure and no amount has one. Every line then says why. */
static void prerequisites(struct ev *e) {
  struct cb_result *root = e->pe->root;
  size_t k;
  const struct cb_node *first;
  const char *ids = prerequisite_list(e, false, &k, &first);
  if (ids) {
    const char *why = cb_arena_printf(e->a, "prérequis %s non atteint%s : aucune rémunération",
                                      ids, k > 1 ? "s" : "");
    STEP(e, root, .kind = CB_STEP_PREREQ_MISSED, .loc = first->loc, .str = why);
    zero_paid(e, root, why);
    return;
  }
  ids = prerequisite_list(e, true, &k, &first);
  if (!ids)
    return;
  const struct cb_result *fr = e->pe->by_index[first->index];
  const char *why = cb_arena_printf(
      e->a, "prérequis %s sans chiffre (%s) : rémunération à déterminer", ids,
      fr->reason ? fr->reason : "non évalué");
  if (root->paid || root->status == CB_RES_OK)
    set_status(root, CB_RES_UNDETERMINED, why);
  STEP(e, root, .kind = CB_STEP_PREREQ_UNKNOWN, .loc = first->loc, .str = why);
  unknown_paid(e, root, why);
}

/* ---- rounding within the envelope ------------------------------------------ */

/* Amounts rounded one by one can add up to more than the envelope they
   share (six indicators at 100 % of 10 000,00 € are 1 666,67 € each, that is
   10 000,02 €). When the exact amounts fit in the envelope and only their
   rounding goes over, the envelope wins: one unit of rounding (a centime, or
   a euro) is taken back from as many rounded amounts as needed, those that
   rounding raised the most first (ties: in the contract's order), which
   keeps the distance of each amount to its exact value as small as it can
   be: below one unit for an amount taken from, half a unit for the others
   under the half modes. This is the largest-remainder apportionment, applied
   only when the rounding goes over. Every change is an explanation step. */

struct rounded_part {
  struct cb_result *r;
  mpq_ptr gain; /* paid - paid_exact */
  size_t order;
};

struct cap_walk {
  struct ev *e;
  struct rounded_part *parts;
  size_t n, cap;
  mpq_ptr exact; /* total before rounding */
};

/* The elements of r that enter its sum, as allocate() adds them. */
static bool in_sum(const struct cb_result *r, const struct cb_result *ch) {
  return ch->node->kind != CB_NODE_DONNEE && ch->weight && ch->paid &&
         r->node->aggr != CB_AGGR_TOUTES;
}

/* Whether ch's amount is the plain sum of its own elements (a group paid
   neither as one rounded amount nor as a whole under `toutes`). */
static bool sums_elements(const struct cb_result *ch) {
  return !ch->rounded && ch->node->kind != CB_NODE_INDICATOR &&
         ch->node->aggr != CB_AGGR_TOUTES && ch->nchildren;
}

static void collect_rounded(struct cap_walk *w, struct cb_result *r) {
  for (size_t i = 0; i < r->nchildren; i++) {
    struct cb_result *ch = r->children[i];
    if (!in_sum(r, ch))
      continue;
    if (ch->rounded) {
      mpq_add(w->exact, w->exact, ch->paid_exact);
      mpq_ptr gain = q_new(w->e);
      mpq_sub(gain, ch->paid, ch->paid_exact);
      if (mpq_sgn(gain) <= 0)
        continue;
      w->parts = cb_arena_grow(w->e->a, w->parts, w->n, &w->cap, sizeof *w->parts);
      w->parts[w->n] = (struct rounded_part){ch, gain, w->n};
      w->n++;
    } else if (sums_elements(ch)) {
      collect_rounded(w, ch);
    } else {
      mpq_add(w->exact, w->exact, ch->paid);
    }
  }
}

static int part_cmp(const void *a, const void *b) {
  const struct rounded_part *x = a, *y = b;
  int c = mpq_cmp(y->gain, x->gain); /* largest gain first */
  if (c)
    return c;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* The sums of the unrounded groups under r, after units were taken back. */
static void resum(struct ev *e, struct cb_result *r, mpq_ptr out) {
  mpq_set_ui(out, 0, 1);
  for (size_t i = 0; i < r->nchildren; i++) {
    struct cb_result *ch = r->children[i];
    if (!in_sum(r, ch))
      continue;
    if (sums_elements(ch)) {
      mpq_ptr sum = q_new(e);
      resum(e, ch, sum);
      if (!mpq_equal(sum, ch->paid)) {
        STEP(e, ch, .kind = CB_STEP_RESUM, .q = {sum});
        ch->paid = sum;
        ch->paid_exact = sum;
      }
    }
    mpq_add(out, out, ch->paid);
  }
}

/* r holds an envelope of `envelope` euros (declared at envlop) and its
   elements add up to *sum; brings *sum within the envelope when only the
   rounding put it over. */
static void fit_rounding(struct ev *e, struct cb_result *r, mpq_srcptr envelope,
                         struct cb_loc envloc, mpq_ptr sum) {
  const struct cb_contract *c = e->c;
  if (c->rounding == CB_ROUNDING_NONE || mpq_cmp(sum, envelope) <= 0)
    return;
  struct cap_walk w = {.e = e, .exact = q_new(e)};
  collect_rounded(&w, r);
  if (mpq_cmp(w.exact, envelope) > 0 || !w.n)
    return; /* over the envelope before rounding: a plafond above 100 %, not rounding */
  mpq_t unit, over, k;
  mpq_inits(unit, over, k, NULL);
  mpq_set_ui(unit, 1, c->rounding == CB_ROUNDING_EURO ? 1 : 100);
  mpq_sub(over, sum, envelope);
  mpq_div(k, over, unit);
  mpz_t units;
  mpz_init(units);
  mpz_cdiv_q(units, mpq_numref(k), mpq_denref(k));
  /* each part gained less than a unit and the exact total fits: there are
     always enough parts; the bound is kept anyway */
  size_t take = mpz_cmp_ui(units, w.n) > 0 ? w.n : (size_t)mpz_get_ui(units);
  qsort(w.parts, w.n, sizeof *w.parts, part_cmp);
  const struct cb_node **names = cb_arena_array(e->a, take ? take : 1, sizeof *names);
  for (size_t i = 0; i < take; i++) {
    struct cb_result *p = w.parts[i].r;
    mpq_ptr v = q_new(e);
    mpq_sub(v, p->paid, unit);
    STEP(e, p, .kind = CB_STEP_TAKE_UNIT, .loc = c->rounding_loc, .loc2 = envloc,
         .other = r->node, .q = {p->paid, v, p->paid_exact});
    p->paid = v;
    p->rounding_taken = q_copy(e, unit);
    names[i] = p->node;
  }
  mpq_ptr before = q_copy(e, sum);
  resum(e, r, sum);
  r->envelope_taken = q_new(e);
  mpq_sub(r->envelope_taken, before, sum);
  STEP(e, r, .kind = CB_STEP_TAKE_TOTAL, .loc = c->rounding_loc, .loc2 = envloc, .nodes = names,
       .n = (int)take, .q = {before, keep(e, over), keep(e, unit), keep(e, sum)});
  mpz_clear(units);
  mpq_clears(unit, over, k, NULL);
}

/* `plafond_montant`: what the indicator pays in the period is at most the
   cap, applied to the exact amount, before any rounding. */
static void cap_amount(struct ev *e, struct cb_result *r) {
  const struct cb_node *n = r->node;
  if (!n->amount_cap || r->share_points || cb_qf_cmp(r->paid_exact, n->amount_cap) <= 0)
    return;
  STEP(e, r, .kind = CB_STEP_AMOUNT_CAP, .loc = n->amount_cap_loc,
       .q = {r->paid_exact, n->amount_cap});
  r->paid_exact = q_copy(e, n->amount_cap);
}

/* An indicator's share of its envelope (or of the points): what it is paid. */
static void allocate_indicator(struct ev *e, struct cb_result *r) {
  mpq_srcptr share = r->share;
  unsigned pts = r->share_points ? CB_STEP_F_POINTS : 0;
  if (r->status == CB_RES_MISSING || r->status == CB_RES_UNDETERMINED) {
    STEP(e, r, .kind = CB_STEP_SHARE_UNKNOWN, .flags = pts, .q = {share});
    return;
  }
  if (!r->after) {
    r->paid_exact = q_new(e);
    r->paid = r->paid_exact;
    STEP(e, r, .kind = CB_STEP_SHARE_NOT_PAID, .flags = pts, .q = {share},
         .str = r->reason ? r->reason : "non évalué");
    return;
  }
  if (r->paid_exact && r->tranche && r->tranche->pays_amount) {
    STEP(e, r, .kind = CB_STEP_PAID_TRANCHE, .loc = r->tranche->loc, .q = {r->paid_exact});
  } else {
    r->paid_exact = q_new(e);
    cb_qf_mul(r->paid_exact, share, r->after);
    STEP(e, r, .kind = CB_STEP_PAID, .flags = pts, .q = {share, r->after, r->paid_exact});
  }
  cap_amount(e, r);
  r->paid = r->paid_exact;
  round_paid(e, r, false);
}

static void allocate(struct ev *e, struct cb_result *r, mpq_srcptr share, mpq_ptr share_kept,
                     bool points);

/* A group: its envelope shared by the effective weights; what it is paid
   is the sum of its elements' parts (under `toutes`: one amount). An
   envelope declared here (envloc) keeps the rounded parts within it. */
static void allocate_group(struct ev *e, struct cb_result *r, bool envelope_here,
                           struct cb_loc envloc) {
  const struct cb_node *n = r->node;
  mpq_srcptr share = r->share;
  bool points = r->share_points;
  unsigned pts = points ? CB_STEP_F_POINTS : 0;
  bool toutes = n->aggr == CB_AGGR_TOUTES;
  mpq_t part;
  mpq_init(part);
  bool determined = r->status != CB_RES_MISSING && r->status != CB_RES_UNDETERMINED;
  mpq_ptr sum = q_new(e);
  for (size_t i = 0; i < r->nchildren; i++) {
    struct cb_result *c = r->children[i];
    if (toutes || !c->weight) { /* inside `toutes`, or redistributed: no share of its own */
      if (c->status == CB_RES_MISSING || c->status == CB_RES_UNDETERMINED)
        determined = false;
      continue;
    }
    cb_qf_mul(part, share, c->weight);
    mpq_ptr kept = q_copy(e, part); /* the step's figure and c's share */
    STEP(e, c, .kind = CB_STEP_PART, .loc = c->node->weight_loc, .flags = pts,
         .q = {r->share, c->weight, kept});
    allocate(e, c, kept, kept, points);
    if (c->paid)
      cb_qf_add(sum, sum, c->paid);
    else
      determined = false;
  }
  mpq_clear(part);
  if (!determined)
    return;
  if (toutes) {
    r->paid_exact = q_new(e);
    if (r->after)
      mpq_mul(r->paid_exact, share, r->after);
    r->paid = r->paid_exact;
    STEP(e, r, .kind = CB_STEP_PAID, .flags = pts, .q = {share, r->after, r->paid_exact});
    round_paid(e, r, true);
    return;
  }
  STEP(e, r, .kind = CB_STEP_PAID_SUM, .flags = pts, .q = {keep(e, sum)});
  if (envelope_here)
    fit_rounding(e, r, share, envloc, sum);
  r->paid_exact = sum;
  r->paid = sum;
  round_paid(e, r, false);
}

/* Shares share (euros, or points) over r and what is under it: a group may
   declare its own envelope (or points total), elements paid in points of
   the accord count their points, amounts declared with `montant` are their
   own maxima; without any, the envelope may be declared further down.
   share_kept: share itself when it is an arena value that nothing changes
   (r->share then points at it), else NULL (r->share is a copy). */
static void allocate(struct ev *e, struct cb_result *r, mpq_srcptr share, mpq_ptr share_kept,
                     bool points) {
  const struct cb_node *n = r->node;
  struct cb_loc loc = NOLOC, envloc = NOLOC;
  bool envelope_here = false;
  if (n->kind != CB_NODE_INDICATOR && n->kind != CB_NODE_DONNEE) {
    mpq_srcptr fx = cb_amount_for(&n->fixe, e->p, &loc);
    if (fx)
      r->fixe = q_copy(e, fx);
    mpq_srcptr var = cb_amount_for(&n->variable, e->p, &loc);
    if (var) {
      envelope_here = true;
      envloc = loc;
      r->variable = q_copy(e, var);
      share = var;
      points = false;
      STEP(e, r, .kind = CB_STEP_ENVELOPE, .loc = loc, .q = {r->variable});
    } else if (!share && n->points_total) {
      share = n->points_total;
      points = true;
      STEP(e, r, .kind = CB_STEP_POINTS_TOTAL, .loc = n->points_loc, .q = {n->points_total});
    }
  }
  if (!share && is_points_node(n)) {
    allocate_points(e, r);
    return;
  }
  mpq_ptr share_buf = NULL;
  if (!share && montant_total(e, n, &share_buf)) {
    /* amounts declared with `montant` and no envelope: they are the maxima */
    share = share_buf;
    share_kept = share_buf;
    points = false;
  }
  if (!share) {
    /* no envelope yet: one may be declared further down */
    for (size_t i = 0; i < r->nchildren; i++)
      allocate(e, r->children[i], NULL, NULL, false);
    return;
  }
  r->share = share_kept && share == share_kept ? share_kept : q_copy(e, share);
  r->share_points = points;
  if (n->kind == CB_NODE_INDICATOR)
    allocate_indicator(e, r);
  else if (n->kind != CB_NODE_DONNEE)
    allocate_group(e, r, envelope_here, envloc);
}

/* ---- periods ------------------------------------------------------------------ */

static bool period_has_data(const struct cb_dataset *ds, const struct cb_contract *c,
                            const struct cb_period *p) {
  for (size_t i = 0; i < c->nindicators; i++) {
    const struct cb_node *n = c->indicators[i];
    if (measure_in(ds, c, n, p)->present || n->neutralised[p->index])
      return true;
    if (n->kind == CB_NODE_INDICATOR && n->objectives[p->index].kind != CB_MOBJ_NONE)
      return true;
  }
  return false;
}

bool cb_eval_period_has_data(const struct cb_dataset *ds, const struct cb_contract *c,
                             const struct cb_period *p) {
  return period_has_data(ds, c, p);
}

static void eval_period(struct cb_arena *a, const struct cb_dataset *ds,
                        const struct cb_contract *c, const struct cb_period *p,
                        struct cb_period_eval *pe) {
  struct ev e;
  memset(&e, 0, sizeof e);
  e.a = a;
  e.ds = ds;
  e.c = c;
  e.p = p;
  e.pe = pe;
  pe->contract = c;
  pe->period = p;
  pe->by_index = cb_arena_array(a, c->nindicators ? c->nindicators : 1, sizeof *pe->by_index);
  pe->root = eval_node(&e, c->root);
  /* données are inputs, not elements of the tree: each gets its own result
     (value, source, steps) for --explain */
  for (size_t i = 0; i < c->nindicators; i++)
    if (c->indicators[i]->kind == CB_NODE_DONNEE && !pe->by_index[i])
      eval_node(&e, c->indicators[i]);
  allocate(&e, pe->root, NULL, NULL, false);
  if (c->has_points_aci)
    prerequisites(&e);
  cb_envelope_totals(a, pe->root, &pe->totals);
}

struct cb_evaluation *cb_eval_contract(struct cb_arena *a, const struct cb_contract *c,
                                       const struct cb_dataset *ds,
                                       const struct cb_period *period) {
  struct cb_evaluation *ev = cb_arena_alloc(a, sizeof *ev);
  ev->contract = c;
  ev->periods = cb_arena_array(a, c->nperiods ? c->nperiods : 1, sizeof *ev->periods);
  for (size_t i = 0; i < c->nperiods; i++) {
    const struct cb_period *p = &c->periods[i];
    if (!cb_contract_in_force(c, p) || (period ? p != period : !period_has_data(ds, c, p)))
      continue;
    eval_period(a, ds, c, p, &ev->periods[ev->nperiods++]);
  }
  return ev;
}
