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
 * the parser bounds.
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

/* The measure of node n of contract c for period p in ds: none (present
   false) when there is none, or when p is not a period c is in force in
   (another version of the contract reads it). */
static const struct cb_measure *measure_in(const struct cb_dataset *ds,
                                           const struct cb_contract *c, const struct cb_node *n,
                                           const struct cb_period *p) {
  static const struct cb_measure none;
  const struct cb_measure *m =
      cb_contract_in_force(c, p) ? cb_dataset_get(ds, c->id, n->id, p->index) : NULL;
  return m ? m : &none;
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

static void step(struct ev *e, struct cb_result *r, struct cb_loc loc, struct cb_loc loc2,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void step(struct ev *e, struct cb_result *r, struct cb_loc loc, struct cb_loc loc2,
                 const char *fmt, ...) {
  struct cb_step *s = cb_arena_alloc(e->a, sizeof *s);
  struct cb_buf b = CB_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  cb_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  s->kind = CB_STEP_TEXT;
  s->str = cb_arena_strdup(e->a, cb_buf_str(&b));
  cb_buf_free(&b);
  s->node = r->node;
  s->period = r->period;
  s->loc = loc;
  s->loc2 = loc2;
  if (r->steps_tail)
    r->steps_tail->next = s;
  else
    r->steps = s;
  r->steps_tail = s;
}

static const struct cb_loc NOLOC = {0};

static const char *pct(struct ev *e, mpq_srcptr q) { return cb_fmt_pct_a(e->a, q); }
static const char *eur(struct ev *e, mpq_srcptr q) { return cb_fmt_eur_a(e->a, q); }
static const char *eur_product(struct ev *e, mpq_srcptr a, mpq_srcptr b) {
  mpq_t t;
  mpq_init(t);
  mpq_mul(t, a, b);
  const char *s = cb_fmt_eur_a(e->a, t);
  mpq_clear(t);
  return s;
}
static const char *val(struct ev *e, const struct cb_node *n, mpq_srcptr q) {
  return cb_fmt_value_a(e->a, q, &n->unit, true);
}
/* An offset without its sign: "5 points" for a percentage indicator
   (a step of percentage points, not a relative increase). */
static const char *absval(struct ev *e, const struct cb_node *n, mpq_srcptr q) {
  mpq_ptr ab = q_new(e);
  mpq_abs(ab, q);
  if (n->unit.kind == CB_UNIT_PERCENT) {
    mpq_t h;
    mpq_init(h);
    mpq_set(h, ab);
    cb_num_to_percent(h);
    struct cb_buf b = CB_BUF_INIT;
    cb_num_fmt(&b, h, 2, CB_WRITE_GROUP | CB_WRITE_NATURAL);
    cb_buf_puts(&b, mpq_cmp_ui(h, 2, 1) >= 0 ? " points" : " point"); /* French: plural from 2 */
    mpq_clear(h);
    const char *s = cb_arena_strdup(e->a, cb_buf_str(&b));
    cb_buf_free(&b);
    return s;
  }
  return val(e, n, ab);
}
static const char *exact(struct ev *e, mpq_srcptr q) {
  struct cb_buf b = CB_BUF_INIT;
  cb_num_fmt_fraction(&b, q);
  const char *s = cb_arena_strdup(e->a, cb_buf_str(&b));
  cb_buf_free(&b);
  return s;
}

static bool compare(mpq_srcptr m, enum cb_cmp c, mpq_srcptr o) {
  int k = mpq_cmp(m, o);
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

static bool eval_expr(struct ev *e, const struct cb_node *self, const struct cb_expr *x,
                      mpq_ptr out, const char **why) {
  if (--e->expr_work < 0) {
    *why = cb_arena_printf(e->a, "calcul trop long pour la valeur de « %s »", self->id);
    return false;
  }
  switch (x->kind) {
  case CB_EXPR_NUM:
    mpq_set(out, x->as.num.q);
    if (x->as.num.unit.kind == CB_UNIT_PERCENT) {
      cb_num_from_percent(out);
    }
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
  bool ok = true;
  switch (x->kind) {
  case CB_EXPR_BIN:
  case CB_EXPR_CMP:
  case CB_EXPR_AND:
  case CB_EXPR_OR:
    ok = eval_expr(e, self, x->as.bin.l, l, why) && eval_expr(e, self, x->as.bin.r, r, why);
    if (!ok)
      break;
    if (x->kind == CB_EXPR_CMP) {
      mpq_set_ui(out, compare(l, x->as.bin.cmp, r) ? 1 : 0, 1);
    } else if (x->kind == CB_EXPR_AND) {
      mpq_set_ui(out, mpq_sgn(l) && mpq_sgn(r) ? 1 : 0, 1);
    } else if (x->kind == CB_EXPR_OR) {
      mpq_set_ui(out, mpq_sgn(l) || mpq_sgn(r) ? 1 : 0, 1);
    } else {
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
          *why = cb_arena_printf(e->a, "division par zéro dans la valeur de « %s » (%s)",
                                 self->id, cb_loc_text(e->a, x->loc));
          ok = false;
        } else {
          mpq_div(out, l, r);
        }
      }
      if (ok && mpz_sizeinbase(mpq_numref(out), 2) + mpz_sizeinbase(mpq_denref(out), 2) >
                    CB_EXPR_MAX_BITS) {
        *why = cb_arena_printf(e->a, "nombre trop grand dans la valeur de « %s » (%s)",
                               self->id, cb_loc_text(e->a, x->loc));
        ok = false;
      }
    }
    break;
  case CB_EXPR_CALL:
    for (int i = 0; i < x->as.call.nargs && ok; i++) {
      ok = eval_expr(e, self, x->as.call.args[i], r, why);
      if (!ok)
        break;
      bool take = i == 0 || (strcmp(x->as.call.fn, "min") == 0 ? mpq_cmp(r, l) < 0
                                                               : mpq_cmp(r, l) > 0);
      if (take)
        mpq_set(l, r);
    }
    if (ok)
      mpq_set(out, l);
    break;
  case CB_EXPR_IF:
    ok = eval_expr(e, self, x->as.cond.c, l, why);
    if (ok)
      ok = eval_expr(e, self, mpq_sgn(l) ? x->as.cond.t : x->as.cond.e, out, why);
    break;
  default:
    ok = false;
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
    step(e, w->r, m->loc, x->loc, "%s « %s » en %s : %s",
         n->kind == CB_NODE_DONNEE ? "donnée" : "mesure de", n->id, e->p->name,
         cb_fmt_value_a(e->a, m->value, &n->unit, true));
  else if (!n->expr)
    step(e, w->r, x->loc, NOLOC, "%s « %s » : pas de mesure chiffrée en %s",
         n->kind == CB_NODE_DONNEE ? "donnée" : "indicateur", n->id, e->p->name);
  else {
    /* a computed input: its value, its own steps one --explain away */
    mpq_ptr v = q_new(e);
    const char *why = NULL;
    e->expr_work = CB_EXPR_MAX_WORK;
    if (measure_of(e, n, v, &why))
      step(e, w->r, n->expr_loc, x->loc, "%s « %s » en %s : %s (calculée : cible eval --explain %s)",
           n->kind == CB_NODE_DONNEE ? "donnée" : "valeur de", n->id, e->p->name,
           cb_fmt_value_a(e->a, v, &n->unit, true), n->id);
    else
      step(e, w->r, n->expr_loc, x->loc, "%s « %s » en %s : non calculable (%s)",
           n->kind == CB_NODE_DONNEE ? "donnée" : "valeur de", n->id, e->p->name, why);
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
  const char *what = br->sur_valeur ? "la mesure" : "l'atteinte";
  const char *xs = br->sur_valeur ? val(e, n, x) : pct(e, x);
  const char *name = br->id ? br->id : "en ligne";
  if (!x) {
    set_status(r, CB_RES_UNDETERMINED, "pas de mesure pour lire le barème");
    return;
  }
  const struct cb_mtranche *t = cb_bareme_find(br, x);
  if (!t) {
    set_status(r, CB_RES_UNDETERMINED,
               cb_arena_printf(e->a, "%s %s n'est dans aucune tranche du barème « %s »", what,
                               xs, name));
    step(e, r, br->loc, NOLOC, "barème « %s » : %s %s hors de toutes les tranches", name, what,
         xs);
    return;
  }
  r->tranche = t;
  mpq_ptr pay = q_new(e);
  cb_bareme_pay(pay, t, x);
  const char *paytxt = t->pays_amount ? eur(e, pay) : pct(e, pay);
  step(e, r, t->loc, n->bareme_loc, "barème « %s » : %s %s est dans la tranche %s, qui verse %s%s",
       name, what, xs, t->text, t->pay == CB_PAY_LINEAR ? "linéairement " : "", paytxt);
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
  const char *toptxt = r->tranche->pays_amount ? eur(e, top) : pct(e, top);
  if (r->tranche->pays_amount)
    step(e, r, n->weight_loc, NOLOC,
         "atteinte = versé par le barème / montant = %s / %s = %s ; %s (la tranche la plus "
         "haute verse %s)",
         eur(e, pay), eur(e, n->weight), pct(e, r->attainment),
         r->met ? "atteint" : "non atteint", toptxt);
  else
    step(e, r, n->bareme_loc, NOLOC,
         "atteinte = taux versé par le barème = %s ; %s (la tranche la plus haute verse %s)",
         pct(e, r->attainment), r->met ? "atteint" : "non atteint", toptxt);
}


/* An indicator paid by unit of its own measure (`points_fixes 100 par
   protocoles, 8 au plus`): the units counted, at most the cap, over the cap
   are its attainment; there is no objective to meet. */
static void per_unit(struct ev *e, const struct cb_node *n, const struct cb_points *pl,
                     struct cb_result *r) {
  const char *what = pl->euros ? "montant" : "points";
  if (!r->measure || !pl->cap) {
    set_status(r, CB_RES_UNDETERMINED,
               !pl->cap ? cb_arena_printf(e->a, "%s par unité sans plafond", what)
                        : "payé par unité : une mesure chiffrée (un nombre d'unités) est attendue");
    step(e, r, pl->loc, NOLOC, "%s par unité non calculable%s : %s", what,
         pl->euros ? "" : "s", r->reason);
    return;
  }
  mpq_ptr units = q_new(e);
  mpq_set(units, r->measure);
  const char *why = cb_arena_printf(e->a, "%s au plus", val(e, n, pl->cap));
  if (mpq_sgn(units) < 0) {
    mpq_set_ui(units, 0, 1);
    why = cb_arena_printf(e->a, "mesure %s négative comptée 0", val(e, n, r->measure));
  } else if (mpq_cmp(units, pl->cap) > 0) {
    mpq_set(units, pl->cap);
    why = cb_arena_printf(e->a, "mesure %s, %s au plus", val(e, n, r->measure),
                          val(e, n, pl->cap));
  }
  r->attainment = q_new(e);
  mpq_div(r->attainment, units, pl->cap);
  r->after = r->attainment;
  set_status(r, CB_RES_OK, NULL);
  if (pl->euros)
    step(e, r, pl->loc, NOLOC,
         "payé par unité : %s retenus (%s) = %s du montant possible, soit %s × %s = %s",
         val(e, n, units), why, pct(e, r->attainment), val(e, n, units), eur(e, pl->q),
         eur_product(e, pl->q, units));
  else
    step(e, r, pl->loc, NOLOC, "payé par unité : %s retenus (%s) = %s des points possibles",
         val(e, n, units), why, pct(e, r->attainment));
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
    step(e, r, pl->loc, NOLOC, "%s non calculable%s : %s", kind, pl->euros ? "" : "s", why);
    if (r->status == CB_RES_OK)
      set_status(r, CB_RES_UNDETERMINED, why);
    *whyp = why;
    return NULL;
  }
  const char *vt = pl->euros ? eur(e, v) : cb_fmt_value_a(e->a, v, NULL, false);
  step(e, r, pl->loc, NOLOC, "%s : la formule donne %s (exactement %s)", kind, vt, exact(e, v));
  if (pl->cap && mpq_cmp(v, pl->cap) > 0) {
    mpq_set(v, pl->cap);
    step(e, r, pl->loc, NOLOC, "%s : %s au plus, %s retenus", kind,
         pl->euros ? eur(e, pl->cap) : cb_fmt_value_a(e->a, pl->cap, NULL, false),
         pl->euros ? eur(e, v) : cb_fmt_value_a(e->a, v, NULL, false));
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
      step(e, r, pl->loc, NOLOC, "montant de la période : %s × %s « %s »%s = %s", eur(e, pl->q),
           cb_fmt_value_a(e->a, units, NULL, false), pl->par->id,
           units == d ? ""
                      : cb_arena_printf(e->a, " (%s, %s au plus)",
                                        cb_fmt_value_a(e->a, d, NULL, false),
                                        cb_fmt_value_a(e->a, pl->cap, NULL, false)),
           eur(e, v));
    } else {
      step(e, r, pl->loc, NOLOC, "montant de la période non calculable : %s", why);
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
  step(e, r, pl->loc, NOLOC,
       "taux versé = %s × montant de la période %s / montant maximal %s = %s (exactement %s)",
       pct(e, r->after), eur(e, v), eur(e, n->weight), pct(e, paid), exact(e, paid));
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

static void eval_indicator_body(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  const struct cb_period *p = e->p;
  const struct cb_measure *m = measure_in(e->ds, e->c, n, p);
  r->m = m->present ? m : NULL;
  /* the measure, or the computed value */
  if (n->expr) {
    mpq_ptr v = q_new(e);
    const char *why = NULL;
    struct ref_walk w = {e, n, r, ++e->ref_gen};
    cb_expr_each_ref(n->expr, explain_ref, &w);
    e->expr_work = CB_EXPR_MAX_WORK;
    if (eval_expr(e, n, n->expr, v, &why)) {
      r->measure = v;
      step(e, r, n->expr_loc, NOLOC, "valeur calculée par la formule : %s (exactement %s)",
           val(e, n, v), exact(e, v));
    } else {
      step(e, r, n->expr_loc, NOLOC, "valeur non calculable : %s", why);
      if (n->kind == CB_NODE_DONNEE) {
        set_status(r, CB_RES_MISSING, why);
        return;
      }
    }
  } else if (m->present && m->kind == CB_MVAL_NUMBER && m->value) {
    r->measure = m->value;
    step(e, r, m->loc, NOLOC, "mesure %s : %s (%s)", p->name, val(e, n, m->value),
         measure_origin(m));
  } else if (m->present && (m->kind == CB_MVAL_OUI || m->kind == CB_MVAL_NON)) {
    step(e, r, m->loc, NOLOC, "mesure %s : %s", p->name, m->kind == CB_MVAL_OUI ? "oui" : "non");
  } else if (m->present && (m->kind == CB_MVAL_LABEL ||
                            (m->kind == CB_MVAL_NUMBER && n->method == CB_METHOD_ETAPES))) {
    step(e, r, m->loc, NOLOC, "mesure %s : %d étape(s) franchie(s)", p->name, m->etape);
  }
  if (n->kind == CB_NODE_DONNEE) {
    if (!r->measure && !n->expr) {
      if (m->present && m->kind == CB_MVAL_ND)
        step(e, r, m->loc, NOLOC, "mesure %s : nd (non disponible)", p->name);
      else if (!m->present)
        step(e, r, NOLOC, NOLOC, "aucune mesure %s (ni bloc de mesures, ni fichier de mesures)",
             p->name);
    }
    if (r->measure)
      set_status(r, CB_RES_VALUE, NULL);
    else
      set_status(r, CB_RES_MISSING,
                 m->present && m->kind == CB_MVAL_ND ? "mesure non disponible (nd)"
                                                     : "mesure manquante");
    return;
  }
  /* neutralisation */
  if (n->neutralised[p->index] || (m->present && m->kind == CB_MVAL_NEUTRALISE)) {
    const char *why = n->neutralised[p->index] && n->neutral_reasons[p->index]
                          ? n->neutral_reasons[p->index]
                          : "neutralisé";
    set_status(r, CB_RES_NEUTRALISED, cb_arena_printf(e->a, "neutralisé en %s (%s)", p->name, why));
    step(e, r, n->neutralised[p->index] ? n->neutral_locs[p->index] : m->loc, NOLOC,
         "neutralisé en %s : %s", p->name, why);
    return;
  }
  /* the objective */
  const struct cb_mobjective *o = &n->objectives[p->index];
  const struct cb_points *unit = cb_points_per_unit(n); /* its units are its attainment */
  bool need_obj = !unit && needs_objective(n->method);
  bool stepped = false; /* no objective, the barème on the measure is the rule */
  if (need_obj || o->kind != CB_MOBJ_NONE) {
    switch (o->kind) {
    case CB_MOBJ_NONE:
      if (need_obj && cb_node_stepped(n)) {
        /* stated by its steps: the barème reading the measure is the rule */
        stepped = true;
        step(e, r, n->bareme_loc, NOLOC,
             "aucun objectif n'est fixé pour %s : le barème « %s » lit la mesure et fixe le "
             "versement (indicateur par paliers)",
             p->name, n->bareme->id ? n->bareme->id : "en ligne");
        break;
      }
      if (need_obj) {
        set_status(r, CB_RES_NO_OBJECTIVE, cb_arena_printf(e->a, "pas d'objectif pour %s", p->name));
        step(e, r, n->loc, NOLOC, "aucun objectif n'est fixé pour %s : non évalué", p->name);
        return;
      }
      break;
    case CB_MOBJ_A_DEFINIR:
      set_status(r, CB_RES_TO_DEFINE, cb_arena_printf(e->a, "objectif %s à définir", p->name));
      step(e, r, o->loc, NOLOC, "objectif %s « à définir » : non évalué", p->name);
      return;
    case CB_MOBJ_VALUE:
      r->objective = o->value;
      if (o->from_initial)
        step(e, r, o->loc, n->initial_loc, "objectif %s : initial %s %s %s = %s", p->name,
             val(e, n, n->initial), mpq_sgn(o->offset) < 0 ? "-" : "+", absval(e, n, o->offset),
             val(e, n, o->value));
      else
        step(e, r, o->loc, NOLOC, "objectif %s : %s%s%s", p->name,
             o->cmp_written ? cb_cmp_text(o->cmp) : "", o->cmp_written ? " " : "",
             val(e, n, o->value));
      break;
    case CB_MOBJ_PROGRESSION: {
      r->objective = o->value;
      step(e, r, o->loc, NOLOC, "objectif %s engendré par la progression : %ld pas de %s%s = %s",
           p->name, o->steps, mpq_sgn(o->offset) < 0 ? "-" : "+", absval(e, n, o->offset),
           val(e, n, o->value));
      break;
    }
    case CB_MOBJ_PRECEDENT: {
      const struct cb_period *pp = &e->c->periods[p->index - 1];
      const struct cb_measure *pm = measure_in(e->ds, e->c, n, pp);
      if (!pm->present || pm->kind != CB_MVAL_NUMBER) {
        set_status(r, CB_RES_UNDETERMINED,
                   cb_arena_printf(e->a, "objectif indéterminé : pas de mesure en %s pour « precedent »",
                                   pp->name));
        step(e, r, o->loc, NOLOC, "objectif %s = résultat de %s + écart, mais %s n'a pas de mesure",
             p->name, pp->name, pp->name);
        return;
      }
      mpq_ptr v = q_new(e);
      mpq_add(v, pm->value, o->value);
      r->objective = v;
      step(e, r, o->loc, pm->loc, "objectif %s : résultat %s %s %s %s = %s", p->name, pp->name,
           val(e, n, pm->value), mpq_sgn(o->value) < 0 ? "-" : "+", absval(e, n, o->value),
           val(e, n, v));
      break;
    }
    }
    r->cmp = o->cmp; /* resolved by the model from the written comparison or the sens */
  }
  /* a missing measure */
  bool have = r->measure || (m->present && (m->kind == CB_MVAL_OUI || m->kind == CB_MVAL_NON ||
                                            m->kind == CB_MVAL_LABEL ||
                                            (m->kind == CB_MVAL_NUMBER && n->method == CB_METHOD_ETAPES)));
  if (!have) {
    bool nd = m->present && m->kind == CB_MVAL_ND;
    const char *what = nd ? "mesure non disponible (nd)" : "mesure manquante";
    switch (n->missing_rule) {
    case CB_MISSING_ERREUR:
      set_status(r, CB_RES_MISSING, what);
      step(e, r, nd ? m->loc : n->loc, n->missing_loc,
           "%s en %s : pas de chiffre (règle mesure_manquante erreur)", what, p->name);
      return;
    case CB_MISSING_EXCLURE:
      set_status(r, CB_RES_EXCLUDED, cb_arena_printf(e->a, "%s : exclu du calcul", what));
      step(e, r, nd ? m->loc : n->loc, n->missing_loc,
           "%s en %s : exclu, son poids est redistribué (règle mesure_manquante exclure)", what,
           p->name);
      return;
    case CB_MISSING_ZERO:
      r->measure_counted_zero = true;
      r->attainment = q_new(e);
      r->after = r->attainment;
      r->met = 0;
      set_status(r, CB_RES_OK, NULL);
      step(e, r, n->missing_loc, NOLOC,
           "%s en %s : atteinte comptée 0 %% (règle mesure_manquante zero)", what, p->name);
      return;
    }
  }
  if (stepped) {
    eval_stepped(e, n, r);
    return;
  }
  /* ratio and met: the ratio grows with the measure in the direction of
     the sens whatever the signs (docs/langage.md, « Objectifs et mesures de
     tout signe »), and is 100 % exactly at the objective */
  bool unbounded = false; /* sens décroissant, measure <= 0 < objective */
  if (r->objective && r->measure) {
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
      step(e, r, n->sens_loc, NOLOC,
           "ratio = 1 + (mesure - objectif) / |objectif| (objectif négatif, sens croissant) "
           "= 1 + (%s - (%s)) / %s = %s (exactement %s)",
           val(e, n, r->measure), val(e, n, r->objective), absval(e, n, r->objective),
           pct(e, r->ratio), exact(e, r->ratio));
    } else if (dec && os < 0) {
      /* a decrease target below zero: the further below, the better */
      r->ratio = q_new(e);
      mpq_div(r->ratio, r->measure, r->objective);
      step(e, r, n->sens_loc, NOLOC,
           "ratio = mesure / objectif (objectif négatif, sens décroissant) = %s / %s = %s "
           "(exactement %s)",
           val(e, n, r->measure), val(e, n, r->objective), pct(e, r->ratio),
           exact(e, r->ratio));
    } else if (dec && os > 0 && mpq_sgn(r->measure) < 0) {
      /* below zero, better than any positive measure, whose ratio has no bound */
      r->ratio_undefined = true;
      unbounded = true;
      step(e, r, n->sens_loc, NOLOC,
           "ratio objectif / mesure non défini : mesure négative, meilleure que toute mesure "
           "positive (sens décroissant)");
    } else if (dec && os == 0 && mpq_sgn(r->measure) < 0) {
      /* 0 / m would be 0 % for a measure that meets the objective */
      r->ratio_undefined = true;
      step(e, r, n->sens_loc, NOLOC,
           "ratio objectif / mesure non défini : objectif nul, mesure négative (sens "
           "décroissant)");
    } else {
      mpq_srcptr num = dec ? r->objective : r->measure;
      mpq_srcptr den = dec ? r->measure : r->objective;
      if (mpq_sgn(den) == 0) {
        r->ratio_undefined = true;
        unbounded = dec && os > 0;
        step(e, r, NOLOC, NOLOC, "ratio %s non défini : division par zéro",
             dec ? "objectif / mesure" : "mesure / objectif");
      } else {
        r->ratio = q_new(e);
        mpq_div(r->ratio, num, den);
        step(e, r, n->sens_loc, NOLOC, "ratio = %s = %s / %s = %s (exactement %s)",
             dec ? "objectif / mesure (sens décroissant)" : "mesure / objectif",
             val(e, n, num), val(e, n, den), pct(e, r->ratio), exact(e, r->ratio));
      }
    }
    r->met = compare(r->measure, r->cmp, r->objective) ? 1 : 0;
    step(e, r, NOLOC, NOLOC, "objectif %s : %s %s %s", r->met ? "atteint" : "non atteint",
         val(e, n, r->measure), r->met ? cb_cmp_text(r->cmp)
                                       : (r->cmp == CB_CMP_GE   ? "<"
                                          : r->cmp == CB_CMP_GT ? "≤"
                                          : r->cmp == CB_CMP_LE ? ">"
                                          : r->cmp == CB_CMP_LT ? "≥"
                                                                : "≠"),
         val(e, n, r->objective));
  }
  if (unit) {
    per_unit(e, n, unit, r);
    return;
  }
  /* attainment by the method */
  mpq_ptr raw = q_new(e);
  switch (n->method) {
  case CB_METHOD_PROPORTIONNELLE:
    if (r->ratio) {
      mpq_set(raw, r->ratio);
      step(e, r, n->method_loc, NOLOC, "atteinte proportionnelle = ratio = %s", pct(e, raw));
    } else if (unbounded && r->met) {
      /* at 0 or below, better than every measure above 0: the most the
         plafond lets it earn; without plafond there is no such figure */
      if (!n->plafond) {
        set_status(r, CB_RES_UNDETERMINED,
                   "atteinte sans borne : mesure nulle ou négative en sens décroissant, sans "
                   "plafond");
        step(e, r, n->plafond_loc.src ? n->plafond_loc : n->method_loc, NOLOC,
             "atteinte proportionnelle sans borne : une mesure positive proche de 0 aurait un "
             "ratio aussi grand que l'on veut, et l'indicateur est sans plafond");
        return;
      }
      mpq_set(raw, n->plafond);
      step(e, r, n->method_loc, NOLOC,
           "atteinte proportionnelle : ratio non défini, la mesure %s vaut mieux que toute "
           "mesure positive : atteinte au plafond, %s",
           val(e, n, r->measure), pct(e, raw));
    } else {
      mpq_set_ui(raw, r->met ? 1 : 0, 1);
      step(e, r, n->method_loc, NOLOC,
           "atteinte proportionnelle : ratio non défini, l'objectif %s donne %s",
           r->met ? "atteint" : "non atteint", pct(e, raw));
    }
    break;
  case CB_METHOD_LINEAIRE: {
    struct cb_loc sl;
    mpq_srcptr s = cb_socle_for(n, (size_t)p->index, &sl, NULL);
    if (!s || mpq_equal(s, r->objective)) {
      mpq_set_ui(raw, r->met ? 1 : 0, 1);
      step(e, r, n->method_loc, NOLOC,
           "atteinte linéaire non définie (socle %s objectif) : l'objectif %s donne %s",
           s ? "égal à l'" : "absent,", r->met ? "atteint" : "non atteint", pct(e, raw));
      break;
    }
    if ((mpq_cmp(s, r->objective) > 0) != (n->sens == CB_SENS_DECROISSANT)) {
      /* the checker refuses a written objective on the wrong side (E0233);
         a chained one (`precedent`) is only known here */
      set_status(r, CB_RES_UNDETERMINED,
                 cb_arena_printf(e->a, "socle %s du mauvais côté de l'objectif %s",
                                 val(e, n, s), val(e, n, r->objective)));
      step(e, r, sl, NOLOC,
           "atteinte linéaire non définie : le socle %s est %s de l'objectif %s en sens %s, "
           "l'atteinte baisserait quand la mesure s'améliore",
           val(e, n, s), mpq_cmp(s, r->objective) > 0 ? "au-dessus" : "au-dessous",
           val(e, n, r->objective),
           n->sens == CB_SENS_DECROISSANT ? "décroissant" : "croissant");
      return;
    }
    mpq_t num, den;
    mpq_inits(num, den, NULL);
    mpq_sub(num, r->measure, s);
    mpq_sub(den, r->objective, s);
    mpq_div(raw, num, den);
    mpq_clears(num, den, NULL);
    step(e, r, n->method_loc, sl,
         "atteinte linéaire = (mesure - socle) / (objectif - socle) = (%s - %s) / (%s - %s) = %s",
         val(e, n, r->measure), val(e, n, s), val(e, n, r->objective), val(e, n, s), pct(e, raw));
    break;
  }
  case CB_METHOD_TOUT_OU_RIEN:
    mpq_set_ui(raw, r->met ? 1 : 0, 1);
    step(e, r, n->method_loc, NOLOC, "atteinte tout ou rien : objectif %s, %s",
         r->met ? "atteint" : "non atteint", pct(e, raw));
    break;
  case CB_METHOD_MESUREE:
    mpq_set(raw, r->measure);
    step(e, r, n->method_loc, NOLOC, "atteinte mesurée : la mesure est l'atteinte, %s",
         pct(e, raw));
    break;
  case CB_METHOD_OUI_NON:
    r->met = m->kind == CB_MVAL_OUI;
    mpq_set_ui(raw, r->met ? 1 : 0, 1);
    step(e, r, n->method_loc, NOLOC, "atteinte oui/non : %s", pct(e, raw));
    break;
  case CB_METHOD_ETAPES:
    if (m->etape > 0) {
      mpq_set(raw, n->etapes[m->etape - 1].value);
      step(e, r, n->etapes[m->etape - 1].loc, NOLOC, "étape « %s » franchie : %s",
           n->etapes[m->etape - 1].label, pct(e, raw));
    } else {
      step(e, r, n->method_loc, NOLOC, "aucune étape franchie : 0 %%");
    }
    r->met = n->netapes && m->etape == (int)n->netapes;
    break;
  }
  r->attainment = q_new(e);
  mpq_set(r->attainment, raw);
  if (n->plafond && mpq_cmp(raw, n->plafond) > 0) {
    mpq_set(r->attainment, n->plafond);
    r->capped = true;
    step(e, r, n->plafond_loc, NOLOC, "plafond %s : atteinte retenue %s", pct(e, n->plafond),
         pct(e, r->attainment));
  } else if (mpq_cmp(raw, n->plancher) < 0) {
    mpq_set(r->attainment, n->plancher);
    r->capped = true;
    step(e, r, n->plancher_loc, NOLOC, "plancher %s : atteinte retenue %s", pct(e, n->plancher),
         pct(e, r->attainment));
  }
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

static void eval_group(struct ev *e, const struct cb_node *n, struct cb_result *r) {
  r->children = cb_arena_array(e->a, n->nchildren ? n->nchildren : 1, sizeof *r->children);
  r->nchildren = n->nchildren;
  for (size_t i = 0; i < n->nchildren; i++)
    r->children[i] = eval_node(e, n->children[i]);
  if (n->kind == CB_NODE_GROUP) {
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
  /* weights */
  mpq_t num, den, w;
  mpq_inits(num, den, w, NULL);
  const struct cb_result *blocking = NULL;
  int scored = 0, unscored = 0, neutral = 0, all_met = 1;
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
      scored++;
      c->counted = true;
      mpq_add(den, den, w);
      mpq_mul(w, w, c->after ? c->after : c->attainment);
      mpq_add(num, num, w);
      if (c->met == 0 || (c->met < 0 && c->after && mpq_cmp_ui(c->after, 1, 1) < 0))
        all_met = 0;
      break;
    case CB_RES_NEUTRALISED:
    case CB_RES_EXCLUDED: {
      enum cb_neutral_rule rule =
          c->status == CB_RES_EXCLUDED ? CB_NEUTRAL_REDISTRIBUER : c->node->neutral_rule;
      neutral++;
      if (rule == CB_NEUTRAL_ACQUIS) {
        c->counted = true;
        c->after = q_new(e);
        mpq_set_ui(c->after, 1, 1);
        mpq_add(den, den, w);
        if (c->amount_scale) { /* 100 % of the period's amount */
          mpq_set(c->after, c->amount_scale);
          mpq_mul(w, w, c->after);
        }
        mpq_add(num, num, w);
        if (c->amount_scale)
          step(e, c, c->node->neutral_loc, NOLOC,
               "règle de neutralisation « acquis » : compté atteint à 100 %% du montant de la "
               "période, soit un taux versé de %s", pct(e, c->after));
        else
          step(e, c, c->node->neutral_loc, NOLOC, "règle de neutralisation « acquis » : compté atteint à 100 %%");
      } else if (rule == CB_NEUTRAL_EXCLU) {
        c->counted = true;
        c->after = q_new(e);
        mpq_add(den, den, w);
        step(e, c, c->node->neutral_loc, NOLOC,
             "règle de neutralisation « exclu » : sa part n'est pas versée");
      } else {
        c->weight = NULL;
        step(e, c, c->node->neutral_loc, NOLOC,
             "son poids est redistribué sur les autres éléments de « %s »", n->id);
      }
      break;
    }
    case CB_RES_NO_OBJECTIVE:
    case CB_RES_TO_DEFINE:
      unscored++;
      c->counted = true;
      c->after = NULL;
      mpq_add(den, den, w);
      break;
    case CB_RES_MISSING:
    case CB_RES_UNDETERMINED:
      if (!blocking)
        blocking = c;
      break;
    }
  }
  r->nscored = scored;
  r->nunscored = unscored;
  if (blocking) {
    set_status(r, CB_RES_UNDETERMINED,
               cb_arena_printf(e->a, "dépend de « %s » : %s", blocking->node->id,
                               blocking->reason ? blocking->reason : "sans chiffre"));
    step(e, r, blocking->node->loc, NOLOC, "pas de chiffre : « %s » n'en a pas (%s)",
         blocking->node->id, blocking->reason ? blocking->reason : "?");
  } else if (scored == 0 && unscored > 0) {
    set_status(r, CB_RES_NO_OBJECTIVE, cb_arena_printf(e->a, "aucun objectif fixé pour %s", e->p->name));
    step(e, r, n->loc, NOLOC, "aucun de ses éléments n'a d'objectif pour %s : non évalué", e->p->name);
  } else if (mpq_sgn(den) == 0) {
    if (neutral > 0) {
      set_status(r, CB_RES_NEUTRALISED, "tous ses éléments sont neutralisés ou exclus");
      step(e, r, n->loc, NOLOC, "tous ses éléments sont neutralisés ou exclus");
    } else {
      set_status(r, CB_RES_NO_OBJECTIVE, "aucun élément évalué");
    }
  } else if (n->aggr == CB_AGGR_TOUTES) {
    r->attainment = q_new(e);
    mpq_set_ui(r->attainment, all_met && unscored == 0 ? 1 : 0, 1);
    r->met = all_met && unscored == 0;
    r->after = r->attainment;
    set_status(r, CB_RES_OK, NULL);
    step(e, r, n->aggr_loc, NOLOC, "agrégation « toutes » : %s", r->met
         ? "chaque élément atteint son objectif, 100 %"
         : unscored ? "un élément n'a pas d'objectif, 0 %" : "un élément au moins n'atteint pas son objectif, 0 %");
  } else {
    r->attainment = q_new(e);
    mpq_div(r->attainment, num, den);
    r->after = r->attainment;
    r->met = mpq_cmp_ui(r->attainment, 1, 1) >= 0;
    set_status(r, CB_RES_OK, NULL);
    step(e, r, n->has_declared_aggr ? n->aggr_loc : n->loc, NOLOC,
         "%s des %d élément(s) évalué(s)%s = %s (exactement %s)",
         n->aggr == CB_AGGR_SOMME ? "somme pondérée" : "moyenne pondérée", scored + unscored,
         unscored ? cb_arena_printf(e->a, ", dont %d sans objectif comptés 0 %%", unscored) : "",
         pct(e, r->attainment), exact(e, r->attainment));
  }
  /* effective fractions */
  for (size_t i = 0; i < r->nchildren; i++) {
    struct cb_result *c = r->children[i];
    if (!c->weight || !c->counted || mpq_sgn(den) == 0 || blocking) {
      c->weight = NULL;
      continue;
    }
    mpq_div(c->weight, c->weight, den);
  }
  mpq_clears(num, den, w, NULL);
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
  mpq_t step_q;
  mpq_init(step_q);
  mpq_set_ui(step_q, 1, c->rounding == CB_ROUNDING_EURO ? 1 : 100);
  cb_num_round_step(out, q, step_q, c->round_mode);
  mpq_clear(step_q);
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
    step(e, r, c->rounding_loc, NOLOC, "arrondi %s %s (%s) : %s (exactement %s)",
         c->rounding == CB_ROUNDING_CENTIME ? "au centime" : "à l'euro",
         cb_round_stage_text(c->round_stage), cb_round_mode_text(c->round_mode), eur(e, rounded),
         exact(e, r->paid_exact));
}

static const char *amount_text(struct ev *e, const struct cb_result *r, mpq_srcptr q) {
  if (r->share_points) {
    struct cb_buf b = CB_BUF_INIT;
    cb_fmt_points(&b, q);
    cb_buf_puts(&b, " points");
    const char *s = cb_arena_strdup(e->a, cb_buf_str(&b));
    cb_buf_free(&b);
    return s;
  }
  return eur(e, q);
}

/* True when n is an indicator weighted by `montant`, or a group all of whose
   elements are, recursively; out receives the total. */
static bool montant_total(const struct cb_node *n, mpq_ptr *out) {
  if (n->kind == CB_NODE_INDICATOR) {
    if (n->weight_kind != CB_WEIGHT_MONTANT)
      return false;
    mpq_set(*out, n->weight);
    return true;
  }
  if ((n->kind != CB_NODE_GROUP && n->kind != CB_NODE_CONTRACT) || !n->nchildren ||
      n->variable.set)
    return false;
  mpq_t sum;
  mpq_init(sum);
  bool ok = true;
  for (size_t i = 0; i < n->nchildren && ok; i++) {
    ok = montant_total(n->children[i], out);
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

static const char *pts_text(struct ev *e, mpq_srcptr q);

/* The most an indicator paid in points can earn in the period:
   (fixed points + variable points × scale) × point value; pts receives the
   points. A line per unit of the indicator's own measure counts its most
   (points × cap); a line `= formule` counts the formula's value. */
static bool points_max(struct ev *e, struct cb_result *r, mpq_ptr out, mpq_ptr pts) {
  const struct cb_node *n = r->node;
  const struct cb_contract *c = e->c;
  mpq_t t, lp;
  mpq_inits(t, lp, NULL);
  mpq_set_ui(out, 0, 1);
  mpq_set_ui(pts, 0, 1);
  bool ok = true;
  for (int i = 0; i < 2 && ok; i++) {
    const struct cb_points *pl = &n->points[i];
    const char *kind = i == CB_PTS_FIXES ? "points fixes" : "points variables";
    if (!pl->set)
      continue;
    if (pl->expr) {
      if (!r->points_formula[i]) { /* said by eval_indicator */
        ok = false;
        break;
      }
      mpq_set(lp, r->points_formula[i]);
      mpq_mul(t, lp, c->valeur_point);
      step(e, r, pl->loc, c->valeur_point_loc, "%s par la formule : %s × %s = %s", kind,
           pts_text(e, lp), eur(e, c->valeur_point), eur(e, t));
    } else if (pl->par == n) {
      mpq_mul(lp, pl->q, pl->cap);
      mpq_mul(t, lp, c->valeur_point);
      step(e, r, pl->loc, c->valeur_point_loc,
           "%s : %s par unité, %s au plus = %s possibles × %s = %s", kind,
           cb_fmt_value_a(e->a, pl->q, NULL, false), cb_fmt_value_a(e->a, pl->cap, NULL, false),
           pts_text(e, lp), eur(e, c->valeur_point), eur(e, t));
    } else if (i == CB_PTS_FIXES && !pl->par) {
      mpq_set(lp, pl->q);
      mpq_mul(t, lp, c->valeur_point);
      step(e, r, pl->loc, c->valeur_point_loc, "points fixes : %s × %s = %s",
           cb_fmt_value_a(e->a, pl->q, NULL, false), eur(e, c->valeur_point), eur(e, t));
    } else {
      const char *why = NULL;
      const struct cb_node *d = pl->par ? pl->par : c->patientele;
      mpq_srcptr v = d ? donnee_value(e, d, &why) : NULL;
      if (!d)
        why = "pas de patientèle déclarée";
      if (!v) {
        set_status(r, CB_RES_UNDETERMINED, why);
        step(e, r, pl->loc, NOLOC, "%s non calculables : %s", kind, why);
        ok = false;
        break;
      }
      mpq_srcptr units = v;
      const char *capped = "";
      if (pl->cap && mpq_cmp(v, pl->cap) > 0) {
        units = pl->cap;
        capped = cb_arena_printf(e->a, " (%s, %s au plus)", cb_fmt_value_a(e->a, v, NULL, false),
                                 cb_fmt_value_a(e->a, pl->cap, NULL, false));
      }
      mpq_mul(lp, pl->q, units);
      if (!pl->par)
        mpq_div(lp, lp, c->patientele_ref);
      mpq_mul(t, lp, c->valeur_point);
      if (pl->par) {
        step(e, r, pl->loc, c->valeur_point_loc, "%s : %s × %s × %s « %s »%s = %s", kind,
             cb_fmt_value_a(e->a, pl->q, NULL, false), eur(e, c->valeur_point),
             cb_fmt_value_a(e->a, units, NULL, false), d->id, capped, eur(e, t));
      } else {
        step(e, r, pl->loc, c->patientele_ref_loc,
             "points variables : %s × %s × patientèle %s / %s = %s (exactement %s)",
             cb_fmt_value_a(e->a, pl->q, NULL, false), eur(e, c->valeur_point),
             cb_fmt_value_a(e->a, v, NULL, false),
             cb_fmt_value_a(e->a, c->patientele_ref, NULL, false), eur(e, t), exact(e, t));
      }
    }
    mpq_add(pts, pts, lp);
    mpq_add(out, out, t);
  }
  mpq_clears(t, lp, NULL);
  return ok;
}

static const char *pts_text(struct ev *e, mpq_srcptr q) {
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_points(&b, q);
  cb_buf_puts(&b, mpq_cmp_ui(q, 2, 1) >= 0 ? " points" : " point");
  const char *s = cb_arena_strdup(e->a, cb_buf_str(&b));
  cb_buf_free(&b);
  return s;
}

static void allocate_points(struct ev *e, struct cb_result *r) {
  const struct cb_node *n = r->node;
  if (n->kind == CB_NODE_DONNEE)
    return;
  if (n->kind == CB_NODE_INDICATOR) {
    mpq_ptr max = q_new(e), pts = q_new(e);
    if (!points_max(e, r, max, pts)) {
      r->share_unknown = r->reason ? r->reason : "points possibles non calculables";
      return;
    }
    r->share = max;
    r->points_share = pts;
    step(e, r, NOLOC, NOLOC, "points possibles : %s, soit %s", pts_text(e, pts), eur(e, max));
    if (r->status == CB_RES_MISSING || r->status == CB_RES_UNDETERMINED) {
      step(e, r, NOLOC, NOLOC, "rémunération possible de %s : montant non déterminé", eur(e, max));
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
      step(e, r, NOLOC, NOLOC, "versé = %s × %s = %s × %s = %s", pts_text(e, pts),
           pct(e, r->after), pts_text(e, r->points_paid), eur(e, e->c->valeur_point),
           eur(e, r->paid_exact));
    else
      step(e, r, NOLOC, NOLOC, "rémunération possible de %s non versée (%s)", eur(e, max),
           r->reason ? r->reason : "non évalué");
    round_paid(e, r, false);
    return;
  }
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
    if (ch->share)
      mpq_add(share, share, ch->share);
    else if (ch->share_at_least)
      mpq_add(share, share, ch->share_at_least);
    if (ch->points_share)
      mpq_add(pshare, pshare, ch->points_share);
    else if (ch->points_at_least)
      mpq_add(pshare, pshare, ch->points_at_least);
    if (ch->paid && ch->points_paid) {
      mpq_add(sum, sum, ch->paid);
      mpq_add(psum, psum, ch->points_paid);
    } else {
      determined = false;
    }
  }
  if (unknown.len) {
    /* what it can earn is not known: what is known is a lower bound, and
       it is said as one, with the elements that are missing */
    r->share_unknown = cb_arena_printf(e->a, "points possibles inconnus pour %s",
                                       cb_buf_str(&unknown));
    r->share_at_least = share;
    r->points_at_least = pshare;
    step(e, r, NOLOC, NOLOC, "points possibles : au moins %s, soit au moins %s (%s)",
         pts_text(e, pshare), eur(e, share), r->share_unknown);
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
  step(e, r, NOLOC, NOLOC, "versé = somme de ses éléments = %s sur %s possibles (%s sur %s)",
       eur(e, sum), eur(e, share), pts_text(e, psum), pts_text(e, pshare));
  round_paid(e, r, false);
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
    step(e, r, NOLOC, NOLOC, "versé 0 : %s", why);
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
    step(e, r, NOLOC, NOLOC, "versé à déterminer : %s", why);
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
    step(e, root, first->loc, NOLOC, "%s n'est due", why);
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
  step(e, root, first->loc, NOLOC, "pas de total : %s", why);
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
        step(e, ch, NOLOC, NOLOC, "après la reprise d'arrondi dans l'enveloppe : %s",
             eur(e, sum));
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
  struct cb_buf names = CB_BUF_INIT;
  for (size_t i = 0; i < take; i++) {
    struct cb_result *p = w.parts[i].r;
    mpq_ptr v = q_new(e);
    mpq_sub(v, p->paid, unit);
    step(e, p, c->rounding_loc, envloc,
         "reprise d'arrondi : les montants arrondis dépassent l'enveloppe de « %s » ; "
         "%s ramené à %s (exactement %s)",
         r->node->id, eur(e, p->paid), eur(e, v), exact(e, p->paid_exact));
    p->paid = v;
    p->rounding_taken = q_copy(e, unit);
    cb_buf_printf(&names, "%s« %s »", i ? ", " : "", p->node->id);
  }
  mpq_ptr before = q_copy(e, sum);
  resum(e, r, sum);
  r->envelope_taken = q_new(e);
  mpq_sub(r->envelope_taken, before, sum);
  step(e, r, c->rounding_loc, envloc,
       "les montants arrondis (%s) dépassent l'enveloppe de %s : %s repris sur %s%s "
       "(les plus relevés par l'arrondi) ; versé %s",
       eur(e, before), eur(e, over), eur(e, unit), take > 1 ? "chacun de " : "",
       cb_buf_str(&names), eur(e, sum));
  cb_buf_free(&names);
  mpz_clear(units);
  mpq_clears(unit, over, k, NULL);
}

/* `plafond_montant`: what the indicator pays in the period is at most the
   cap, applied to the exact amount, before any rounding. */
static void cap_amount(struct ev *e, struct cb_result *r) {
  const struct cb_node *n = r->node;
  if (!n->amount_cap || r->share_points || mpq_cmp(r->paid_exact, n->amount_cap) <= 0)
    return;
  mpq_t cents;
  mpq_init(cents);
  mpq_set_ui(cents, 100, 1);
  mpq_mul(cents, cents, n->amount_cap);
  bool whole_cents = mpz_cmp_ui(mpq_denref(cents), 1) == 0;
  mpq_clear(cents);
  step(e, r, n->amount_cap_loc, NOLOC, "plafond de montant : %s ramené à %s%s",
       eur(e, r->paid_exact), eur(e, n->amount_cap),
       whole_cents ? "" : cb_arena_printf(e->a, " (exactement %s)", exact(e, n->amount_cap)));
  r->paid_exact = q_copy(e, n->amount_cap);
}

static void allocate(struct ev *e, struct cb_result *r, mpq_srcptr share, bool points) {
  const struct cb_node *n = r->node;
  struct cb_loc loc = NOLOC, envloc = NOLOC;
  bool envelope_here = false;
  mpq_ptr share_buf = q_new(e);
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
      step(e, r, loc, NOLOC, "enveloppe variable %s : %s", e->p->name, eur(e, var));
    } else if (!share && n->points_total) {
      share = n->points_total;
      points = true;
      step(e, r, n->points_loc, NOLOC, "total de %s points à répartir",
           cb_fmt_value_a(e->a, n->points_total, NULL, false));
    }
  }
  if (!share && is_points_node(n)) {
    allocate_points(e, r);
    return;
  }
  if (!share && montant_total(n, &share_buf)) {
    /* amounts declared with `montant` and no envelope: they are the maxima */
    share = share_buf;
    points = false;
  }
  if (!share) {
    /* no envelope yet: one may be declared further down */
    for (size_t i = 0; i < r->nchildren; i++)
      allocate(e, r->children[i], NULL, false);
    return;
  }
  r->share = q_copy(e, share);
  r->share_points = points;
  if (n->kind == CB_NODE_DONNEE)
    return;
  if (n->kind == CB_NODE_INDICATOR) {
    if (r->status == CB_RES_MISSING || r->status == CB_RES_UNDETERMINED) {
      step(e, r, NOLOC, NOLOC, "part de %s : montant non déterminé", amount_text(e, r, share));
      return;
    }
    if (!r->after) {
      r->paid_exact = q_new(e);
      r->paid = r->paid_exact;
      step(e, r, NOLOC, NOLOC, "part de %s non versée (%s)", amount_text(e, r, share),
           r->reason ? r->reason : "non évalué");
      return;
    }
    if (r->paid_exact && r->tranche && r->tranche->pays_amount) {
      step(e, r, r->tranche->loc, NOLOC, "versé : montant de la tranche, %s", eur(e, r->paid_exact));
    } else {
      r->paid_exact = q_new(e);
      mpq_mul(r->paid_exact, share, r->after);
      step(e, r, NOLOC, NOLOC, "versé = %s × %s = %s", amount_text(e, r, share),
           pct(e, r->after), amount_text(e, r, r->paid_exact));
    }
    cap_amount(e, r);
    r->paid = r->paid_exact;
    round_paid(e, r, false);
    return;
  }
  /* a group: share the envelope by the effective weights */
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
    mpq_mul(part, share, c->weight);
    step(e, c, c->node->weight_loc, NOLOC, "part = %s × poids effectif %s = %s",
         amount_text(e, r, share), pct(e, c->weight), amount_text(e, r, part));
    allocate(e, c, part, points);
    if (c->paid)
      mpq_add(sum, sum, c->paid);
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
    step(e, r, NOLOC, NOLOC, "versé = %s × %s = %s", amount_text(e, r, share),
         r->after ? pct(e, r->after) : "0 %", amount_text(e, r, r->paid_exact));
    round_paid(e, r, true);
    return;
  }
  step(e, r, NOLOC, NOLOC, "versé = somme des parts de ses éléments = %s",
       amount_text(e, r, sum));
  if (envelope_here)
    fit_rounding(e, r, share, envloc, sum);
  r->paid_exact = sum;
  r->paid = sum;
  round_paid(e, r, false);
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
  allocate(&e, pe->root, NULL, false);
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
