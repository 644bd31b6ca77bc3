/*
 * check.c: whole-contract consistency checks (see check.h).
 *
 * Each check walks the model once; weight sums and barème coverage are
 * computed exactly with GMP, so 33,33 % + 33,33 % + 33,34 % is 100 % and
 * 33,33 % × 3 is not. The walk over groups is recursive, bounded by the
 * parser's nesting limit.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "format.h"
#include "model.h"
#include "num.h"
#include "parse.h"

/* ---- barèmes ----------------------------------------------------------- */

/* The most and the least tranche t pays (a rate or euros). */
static mpq_srcptr tranche_top(const struct cb_mtranche *t) {
  return t->pay == CB_PAY_VALUE ? t->value : mpq_cmp(t->from, t->to) > 0 ? t->from : t->to;
}
static mpq_srcptr tranche_bottom(const struct cb_mtranche *t) {
  return t->pay == CB_PAY_VALUE ? t->value : mpq_cmp(t->from, t->to) < 0 ? t->from : t->to;
}

/* A tranche never pays a negative rate or amount: it would book a reprise
   nobody wrote. */
static void check_negative_pay(const struct cb_bareme *br, struct cb_diags *d) {
  const char *name = br->id ? br->id : "en ligne";
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    mpq_srcptr low = tranche_bottom(t);
    if (mpq_sgn(low) >= 0)
      continue;
    struct cb_buf b = CB_BUF_INIT;
    if (t->pays_amount) {
      cb_num_fmt(&b, low, 2, CB_WRITE_GROUP);
      cb_buf_puts(&b, " €");
    } else {
      cb_fmt_pct_natural(&b, low);
    }
    cb_diag_error(d, t->loc, "E0235",
                  "la tranche %s du barème « %s » verse %s : un barème ne verse pas de %s "
                  "négatif",
                  t->text, name, cb_buf_str(&b), t->pays_amount ? "montant" : "taux");
    cb_buf_free(&b);
  }
}

/* Checks order, overlaps and gaps between consecutive tranches. */
static bool check_tranches(const struct cb_bareme *br, struct cb_diags *d) {
  bool ok = true;
  const char *name = br->id ? br->id : "en ligne";
  check_negative_pay(br, d);
  const struct cb_mtranche *p = NULL; /* previous non-empty tranche */
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    if (!t->lo_inf && !t->hi_inf) {
      int c = mpq_cmp(t->lo, t->hi);
      if (c > 0 || (c == 0 && !(t->lo_closed && t->hi_closed))) {
        cb_diag_error(d, t->loc, "E0207", "la tranche %s du barème « %s » est vide", t->text,
                      name);
        ok = false;
        continue; /* reported: do not also call its neighbours a gap */
      }
    }
    const struct cb_mtranche *prev = p;
    p = t;
    if (!prev)
      continue;
    if (prev->hi_inf) {
      cb_diag_error(d, t->loc, "E0207",
                    "la tranche %s du barème « %s » suit une tranche qui va jusqu'à +inf",
                    t->text, name);
      ok = false;
      continue;
    }
    if (t->lo_inf) {
      cb_diag_error(d, t->loc, "E0207",
                    "les tranches du barème « %s » se chevauchent : %s commence à -inf", name,
                    t->text);
      ok = false;
      continue;
    }
    int c = mpq_cmp(prev->hi, t->lo);
    if (c > 0 || (c == 0 && prev->hi_closed && t->lo_closed)) {
      cb_diag_error(d, t->loc, "E0207", "les tranches %s et %s du barème « %s » se chevauchent",
                    prev->text, t->text, name);
      ok = false;
    } else if (c < 0 || (c == 0 && !prev->hi_closed && !t->lo_closed)) {
      cb_diag_error(d, t->loc, "E0208",
                    "trou entre les tranches %s et %s du barème « %s » : une valeur entre "
                    "les deux ne serait dans aucune tranche",
                    prev->text, t->text, name);
      ok = false;
    }
  }
  return ok;
}

/* A barème on attainment must cover [plancher, plafond] of each user. */
static void check_coverage(const struct cb_node *n, struct cb_diags *d) {
  const struct cb_bareme *br = n->bareme;
  if (!br->ntranches)
    return;
  const char *name = br->id ? br->id : "en ligne";
  if (br->sur_valeur) {
    for (size_t i = 0; i < 2 * br->ntranches; i++) {
      const struct cb_value *v = &br->bound_values[i];
      if (v->infinite || v->unit.kind == CB_UNIT_NONE)
        continue;
      mpq_t q;
      mpq_init(q);
      if (!cb_model_value(d, n, v, "une borne du barème sur valeur", q))
        cb_diag_note(d, n->bareme_loc, "barème employé ici par « %s »", n->id);
      mpq_clear(q);
      break;
    }
    return;
  }
  const struct cb_mtranche *first = &br->tranches[0], *last = &br->tranches[br->ntranches - 1];
  mpq_srcptr lo = n->plancher;
  int c = first->lo_inf ? -1 : mpq_cmp(first->lo, lo);
  if (c > 0 || (c == 0 && !first->lo_closed)) {
    struct cb_buf b = CB_BUF_INIT;
    cb_fmt_pct_natural(&b, lo);
    cb_diag_error(d, first->loc, "E0208",
                  "le barème « %s » ne couvre pas une atteinte de %s : sa première tranche "
                  "est %s",
                  name, cb_buf_str(&b), first->text);
    cb_diag_note(d, n->bareme_loc, "barème employé ici par « %s »", n->id);
    cb_buf_free(&b);
  }
  if (last->hi_inf)
    return;
  if (!n->plafond) {
    cb_diag_error(d, last->loc, "E0208",
                  "le barème « %s » s'arrête à %s mais « %s » est sans plafond : sa dernière "
                  "tranche doit aller jusqu'à +inf",
                  name, last->text, n->id);
    cb_diag_note(d, n->bareme_loc, "barème employé ici par « %s »", n->id);
    return;
  }
  c = mpq_cmp(last->hi, n->plafond);
  if (c < 0 || (c == 0 && !last->hi_closed)) {
    struct cb_buf b = CB_BUF_INIT;
    cb_fmt_pct_natural(&b, n->plafond);
    cb_diag_error(d, last->loc, "E0208",
                  "le barème « %s » ne couvre pas une atteinte de %s (le plafond de « %s ») : "
                  "sa dernière tranche est %s",
                  name, cb_buf_str(&b), n->id, last->text);
    cb_diag_note(d, n->bareme_loc, "barème employé ici par « %s »", n->id);
    cb_buf_free(&b);
  }
}

/* A rate over 100 % pays more than the share: only under `sans plafond`,
   or up to a plafond written above 100 %. */
static void check_rate_ceiling(const struct cb_node *n, struct cb_diags *d) {
  const struct cb_bareme *br = n->bareme;
  if (!n->plafond)
    return;
  mpq_t lim;
  mpq_init(lim);
  mpq_set_ui(lim, 1, 1);
  if (mpq_cmp(n->plafond, lim) > 0)
    mpq_set(lim, n->plafond);
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    if (t->pays_amount || mpq_cmp(tranche_top(t), lim) <= 0)
      continue;
    struct cb_buf b = CB_BUF_INIT, l = CB_BUF_INIT;
    cb_fmt_pct_natural(&b, tranche_top(t));
    cb_fmt_pct_natural(&l, lim);
    cb_diag_error(d, t->loc, "E0236",
                  "la tranche %s du barème « %s » verse %s de la part de « %s », plus que %s%s : "
                  "écrivez « sans plafond » sur l'indicateur si le contrat le prévoit",
                  t->text, br->id ? br->id : "en ligne", cb_buf_str(&b), n->id, cb_buf_str(&l),
                  mpq_cmp_ui(lim, 1, 1) > 0 ? ", son plafond" : "");
    cb_diag_note(d, n->bareme_loc, "barème employé ici par « %s »", n->id);
    cb_buf_free(&b);
    cb_buf_free(&l);
    break;
  }
  mpq_clear(lim);
}

static void check_amount_bareme(const struct cb_node *n, struct cb_diags *d) {
  const struct cb_bareme *br = n->bareme;
  bool amounts = false;
  for (size_t i = 0; i < br->ntranches; i++)
    amounts = amounts || br->tranches[i].pays_amount;
  if (!amounts || cb_amount_varies(n) || cb_points_per_unit(n))
    return; /* E0509, E0507 (model.c) */
  if (n->weight_kind != CB_WEIGHT_MONTANT) {
    cb_diag_error(d, n->bareme_loc, "E0227",
                  "le barème de « %s » verse des montants en € : l'indicateur doit déclarer "
                  "son « montant » maximal",
                  n->id);
    return;
  }
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    if (!t->pays_amount) {
      cb_diag_error(d, t->loc, "E0227",
                    "le barème « %s » mélange des taux et des montants : écrivez toutes ses "
                    "tranches en € ou toutes en %%",
                    br->id ? br->id : "en ligne");
      return;
    }
    mpq_srcptr top = tranche_top(t);
    if (mpq_cmp(top, n->weight) > 0) {
      struct cb_buf b = CB_BUF_INIT;
      cb_num_fmt(&b, top, 2, CB_WRITE_GROUP);
      cb_buf_puts(&b, " €, plus que le montant de « ");
      cb_buf_puts(&b, n->id);
      cb_buf_puts(&b, " » (");
      cb_num_fmt(&b, n->weight, 2, CB_WRITE_GROUP);
      cb_buf_puts(&b, " €)");
      cb_diag_error(d, t->loc, "E0228", "la tranche %s verse %s", t->text, cb_buf_str(&b));
      cb_buf_free(&b);
      return;
    }
  }
}

/* ---- indicators -------------------------------------------------------- */


static void check_expr_refs(const struct cb_contract *c, const struct cb_node *self,
                            const struct cb_expr *e, struct cb_diags *d) {
  switch (e->kind) {
  case CB_EXPR_NUM:
    return;
  case CB_EXPR_REF: {
    const struct cb_node *r = cb_contract_lookup(c, e->as.ref);
    if (!r)
      cb_diag_error(d, e->loc, "E0201", "« %s » inconnu dans la valeur de « %s »", e->as.ref,
                    self->id);
    else if (r->kind == CB_NODE_GROUP)
      cb_diag_error(d, e->loc, "E0201",
                    "« %s » est un groupe : une valeur calculée se fonde sur des données et "
                    "des indicateurs",
                    e->as.ref);
    else if (r == self)
      cb_diag_error(d, e->loc, "E0226", "la valeur de « %s » dépend d'elle-même", self->id);
    return;
  }
  case CB_EXPR_BIN:
  case CB_EXPR_CMP:
  case CB_EXPR_AND:
  case CB_EXPR_OR:
    check_expr_refs(c, self, e->as.bin.l, d);
    check_expr_refs(c, self, e->as.bin.r, d);
    return;
  case CB_EXPR_NEG:
    check_expr_refs(c, self, e->as.un, d);
    return;
  case CB_EXPR_CALL:
    if (strcmp(e->as.call.fn, "min") != 0 && strcmp(e->as.call.fn, "max") != 0)
      cb_diag_error(d, e->loc, "E0219", "fonction « %s » inconnue : min ou max attendu",
                    e->as.call.fn);
    else if (e->as.call.nargs < 2)
      cb_diag_error(d, e->loc, "E0219", "« %s » attend au moins deux arguments",
                    e->as.call.fn);
    for (int i = 0; i < e->as.call.nargs; i++)
      check_expr_refs(c, self, e->as.call.args[i], d);
    return;
  case CB_EXPR_IF:
    check_expr_refs(c, self, e->as.cond.c, d);
    check_expr_refs(c, self, e->as.cond.t, d);
    check_expr_refs(c, self, e->as.cond.e, d);
    return;
  }
}

/* E0233: the socle of a linear attainment lies beyond the objective (above
   it for a croissant indicator): the attainment would fall as the measure
   improves. */
static void wrong_side_socle(const struct cb_contract *c, const struct cb_node *n, size_t i,
                             struct cb_diags *d) {
  const struct cb_mobjective *o = &n->objectives[i];
  bool dec = n->sens == CB_SENS_DECROISSANT;
  struct cb_loc sl;
  bool initial;
  mpq_srcptr s = cb_socle_for(n, i, &sl, &initial);
  struct cb_buf sb = CB_BUF_INIT, ob = CB_BUF_INIT;
  cb_fmt_value(&sb, s, &n->unit, true);
  cb_fmt_value(&ob, o->value, &n->unit, true);
  const char *ss = cb_buf_str(&sb), *os = cb_buf_str(&ob);
  const char *what = initial ? "la valeur initiale (socle)" : "le socle";
  cb_diag_error(d, o->loc, "E0233",
                "%s de « %s » (%s) est %s de son objectif %s (%s) en sens %s : l'atteinte "
                "linéaire baisserait quand la mesure s'améliore",
                what, n->id, ss, dec ? "au-dessous" : "au-dessus", c->periods[i].name, os,
                dec ? "décroissant" : "croissant");
  if (sl.src)
    cb_diag_note(d, sl, "%s est fixé%s ici", what, initial ? "e" : "");
  cb_buf_free(&sb);
  cb_buf_free(&ob);
}

/* E0234: a written comparison that looks the other way than the sens
   (`objectif 2020 : <= 5` on a croissant indicator), or `=` where the
   attainment grows past the objective: « atteint » and the attainment would
   disagree. */
static void check_written_cmp(const struct cb_contract *c, const struct cb_node *n, size_t i,
                              struct cb_diags *d) {
  const struct cb_mobjective *o = &n->objectives[i];
  bool dec = n->sens == CB_SENS_DECROISSANT;
  bool against = dec ? (o->cmp == CB_CMP_GT || o->cmp == CB_CMP_GE)
                     : (o->cmp == CB_CMP_LT || o->cmp == CB_CMP_LE);
  if (against)
    cb_diag_error(d, o->loc, "E0234",
                  "l'objectif %s de « %s » est écrit « %s » mais l'indicateur est en sens %s : "
                  "« atteint » dirait le contraire de l'atteinte",
                  c->periods[i].name, n->id, cb_cmp_text(o->cmp),
                  dec ? "décroissant" : "croissant");
  else if (o->cmp == CB_CMP_EQ &&
           (n->method == CB_METHOD_PROPORTIONNELLE || n->method == CB_METHOD_LINEAIRE))
    cb_diag_error(d, o->loc, "E0234",
                  "l'objectif %s de « %s » est écrit « = » mais l'atteinte %s dépasse 100 %% "
                  "au-delà de l'objectif : écrivez « %s » ou « atteinte tout_ou_rien »",
                  c->periods[i].name, n->id, cb_method_name(n->method), dec ? "<=" : ">=");
  else if ((o->cmp == CB_CMP_GT || o->cmp == CB_CMP_LT) &&
           (n->method == CB_METHOD_PROPORTIONNELLE || n->method == CB_METHOD_LINEAIRE))
    /* at the objective the ratio is exactly 100 % while « atteint » says no:
       the two would disagree at that one point */
    cb_diag_error(d, o->loc, "E0234",
                  "l'objectif %s de « %s » est écrit « %s » mais, en atteinte %s, une mesure "
                  "égale à l'objectif aurait un ratio de 100 %% sans être « atteinte » : écrivez "
                  "« %s » ou « atteinte tout_ou_rien »",
                  c->periods[i].name, n->id, cb_cmp_text(o->cmp), cb_method_name(n->method),
                  dec ? "<=" : ">=");
}

/* A formula of n (`valeur = …`, `points_fixes = …`): not too deep (E0102),
   its references known. */
static void check_formula(const struct cb_contract *c, const struct cb_node *n,
                          const struct cb_expr *x, struct cb_loc loc, struct cb_diags *d) {
  if (x->depth > CB_MAX_EXPR_DEPTH)
    cb_diag_error(d, loc, "E0102", "expression trop profonde : la limite est de %d niveaux",
                  CB_MAX_EXPR_DEPTH);
  else
    check_expr_refs(c, n, x, d);
}

/* The socle of a linear attainment against objective i (E0225, E0213,
   E0233), by the one socle rule (cb_socle_for). */
static void check_linear_socle(const struct cb_contract *c, const struct cb_node *n, size_t i,
                               struct cb_diags *d) {
  const struct cb_mobjective *o = &n->objectives[i];
  mpq_srcptr s = cb_socle_for(n, i, NULL, NULL);
  if (!s)
    cb_diag_error(d, o->loc, "E0225",
                  "« %s » est en atteinte linéaire mais n'a ni socle ni valeur initiale "
                  "pour %s",
                  n->id, c->periods[i].name);
  else if (mpq_equal(s, o->value))
    cb_diag_error(d, o->loc, "E0213",
                  "le socle de « %s » est égal à son objectif %s : l'atteinte linéaire "
                  "n'est pas définie",
                  n->id, c->periods[i].name);
  else if (n->sens != CB_SENS_NONE &&
           (mpq_cmp(s, o->value) > 0) != (n->sens == CB_SENS_DECROISSANT))
    wrong_side_socle(c, n, i, d);
}

/* The objectives of n for the periods: each written one checked, the
   missing ones listed in *missing (*nmissing of them, among *nforce periods
   in force). True when some period has an objective. */
static bool check_objectives(const struct cb_contract *c, const struct cb_node *n,
                             struct cb_buf *missing, size_t *nmissing, size_t *nforce,
                             struct cb_diags *d) {
  bool any_obj = false;
  for (size_t i = 0; i < c->nperiods; i++) {
    const struct cb_mobjective *o = &n->objectives[i];
    /* a version of a contract that changes in time (version.c) speaks
       only for its own periods */
    bool force = cb_contract_in_force(c, &c->periods[i]);
    *nforce += force;
    if (!force && (o->kind == CB_MOBJ_NONE || o->kind == CB_MOBJ_A_DEFINIR))
      continue;
    if (o->kind == CB_MOBJ_NONE) {
      if (cb_node_stepped(n))
        continue; /* its barème on the measure is its rule for the period */
      if ((*nmissing)++)
        cb_buf_puts(missing, ", ");
      cb_buf_puts(missing, c->periods[i].name);
      continue;
    }
    if (o->kind == CB_MOBJ_A_DEFINIR) {
      cb_diag_warning(d, o->loc, "W0102",
                      "objectif %s de « %s » à définir : l'indicateur ne sera pas évalué "
                      "pour cette période",
                      c->periods[i].name, n->id);
      continue;
    }
    any_obj = true;
    if (n->method == CB_METHOD_LINEAIRE &&
        (o->kind == CB_MOBJ_VALUE || o->kind == CB_MOBJ_PROGRESSION))
      check_linear_socle(c, n, i, d);
    if (o->cmp_written && n->sens != CB_SENS_NONE)
      check_written_cmp(c, n, i, d);
  }
  return any_obj;
}

/* E0215 objectives without sens, W0101 periods without objective. */
static void check_objective_presence(const struct cb_contract *c, const struct cb_node *n,
                                     struct cb_diags *d) {
  struct cb_buf missing = CB_BUF_INIT;
  size_t nmissing = 0, nforce = 0;
  bool any_obj = check_objectives(c, n, &missing, &nmissing, &nforce, d);
  if (cb_method_needs_objective(n->method) && !cb_points_per_unit(n)) { /* per unit: no objective */
    if (any_obj && n->sens == CB_SENS_NONE)
      cb_diag_error(d, n->id_loc, "E0215",
                    "« %s » a des objectifs mais pas de sens : déclarez « sens croissant » "
                    "ou « sens decroissant »",
                    n->id);
    /* a version that is not the whole contract (version.c) names the periods
       it lacks, even when it lacks them all: another version may have
       objectives, and the contract's other periods are not its to count */
    if (n->refused) /* its objective or its pay line may be what was refused */
      ;
    else if (nmissing && (nmissing < nforce || nforce < c->nperiods))
      cb_diag_warning(d, n->id_loc, "W0101",
                      "« %s » n'a pas d'objectif pour %s : il n'y sera pas évalué", n->id,
                      cb_buf_str(&missing));
    else if (nmissing && nmissing == c->nperiods)
      cb_diag_warning(d, n->id_loc, "W0101",
                      "« %s » n'a aucun objectif : il ne sera évalué pour aucune période",
                      n->id);
  }
  cb_buf_free(&missing);
}

static void check_indicator(const struct cb_contract *c, const struct cb_node *n,
                            struct cb_diags *d) {
  if (n->expr)
    check_formula(c, n, n->expr, n->expr_loc, d);
  if (n->kind != CB_NODE_INDICATOR)
    return;
  if (n->method == CB_METHOD_MESUREE && n->sens == CB_SENS_DECROISSANT)
    cb_diag_error(d, n->sens_loc.src ? n->sens_loc : n->id_loc, "E0237",
                  "« %s » est en sens décroissant mais en atteinte mesuree, où l'atteinte est "
                  "la mesure : elle monterait quand la mesure se dégrade",
                  n->id);
  for (int i = 0; i < 2; i++) /* `points_fixes = …` */
    if (n->points[i].expr)
      check_formula(c, n, n->points[i].expr, n->points[i].loc, d);
  if (n->plafond && mpq_cmp(n->plafond, n->plancher) < 0)
    cb_diag_error(d, n->plafond_loc.src ? n->plafond_loc : n->id_loc, "E0223",
                  "le plafond de « %s » est inférieur à son plancher", n->id);
  check_objective_presence(c, n, d);
  if (n->bareme) {
    check_coverage(n, d);
    check_amount_bareme(n, d);
    check_rate_ceiling(n, d);
  }
}

/* ---- weights and envelopes --------------------------------------------- */

/* Weight kind of a node as its parent sees it: declared, or derived from
   its children when they all carry points or amounts. */
static enum cb_weight_kind effective_kind(const struct cb_node *n, mpq_ptr sum) {
  if (n->weight_kind != CB_WEIGHT_NONE) {
    if (sum)
      mpq_set(sum, n->weight);
    return n->weight_kind;
  }
  if (n->kind != CB_NODE_GROUP || !n->nchildren)
    return CB_WEIGHT_NONE;
  enum cb_weight_kind k = CB_WEIGHT_NONE;
  mpq_t s, t;
  mpq_inits(s, t, NULL);
  for (size_t i = 0; i < n->nchildren; i++) {
    enum cb_weight_kind ck = effective_kind(n->children[i], t);
    if (ck != CB_WEIGHT_POINTS && ck != CB_WEIGHT_MONTANT) {
      k = CB_WEIGHT_NONE;
      break;
    }
    if (i && ck != k) {
      k = CB_WEIGHT_NONE;
      break;
    }
    k = ck;
    mpq_add(s, s, t);
  }
  if (sum)
    mpq_set(sum, s);
  mpq_clears(s, t, NULL);
  return k;
}

static const char *kind_word(enum cb_weight_kind k) {
  switch (k) {
  case CB_WEIGHT_PERCENT:
    return "en %";
  case CB_WEIGHT_POINTS:
    return "en points";
  case CB_WEIGHT_MONTANT:
    return "en montant";
  case CB_WEIGHT_NONE:
    break;
  }
  return "sans poids";
}

/* Whether the weight of an element of g is unknown: written but refused, or
   a `montant` without its maximum (reported where it is written), or
   derived from elements of its own with such a weight. Sums of weights are
   then unknown, and a refused weight is not a missing one. */
static bool weights_unknown(const struct cb_node *g) {
  for (size_t i = 0; i < g->nchildren; i++) {
    const struct cb_node *ch = g->children[i];
    if (ch->weight_unknown || (ch->weight_kind == CB_WEIGHT_NONE && weights_unknown(ch)))
      return true;
  }
  return false;
}

/* The kind of weight of g's children (*kind) and their sum: E0206 when
   they mix two kinds, or some have none. True when they do (mixed). */
static bool weights_mixed(const struct cb_node *g, enum cb_weight_kind *kind, mpq_ptr sum,
                          struct cb_diags *d) {
  const struct cb_node *first_weighted = NULL, *first_unweighted = NULL;
  bool mixed = false;
  mpq_t w;
  mpq_init(w);
  for (size_t i = 0; i < g->nchildren; i++) {
    const struct cb_node *ch = g->children[i];
    enum cb_weight_kind k = effective_kind(ch, w);
    if (k == CB_WEIGHT_NONE) {
      if (!first_unweighted)
        first_unweighted = ch;
      continue;
    }
    if (!first_weighted) {
      first_weighted = ch;
      *kind = k;
    } else if (k != *kind && !mixed) {
      cb_diag_error(d, ch->weight_loc.src ? ch->weight_loc : ch->id_loc, "E0206",
                    "les poids dans « %s » mélangent deux sortes : « %s » est pesé %s, « %s » "
                    "%s",
                    g->id, first_weighted->id, kind_word(*kind), ch->id, kind_word(k));
      mixed = true;
    }
    mpq_add(sum, sum, w);
  }
  mpq_clear(w);
  if (first_weighted && first_unweighted && !mixed) {
    cb_diag_error(d, first_unweighted->id_loc, "E0206",
                  "« %s » n'a pas de poids alors que d'autres éléments de « %s » en ont "
                  "(par exemple « %s »)",
                  first_unweighted->id, g->id, first_weighted->id);
    mixed = true;
  }
  return mixed;
}

/* E0203: percentages that do not make 100 %, each weight in a note. */
static void check_percent_sum(const struct cb_node *g, mpq_srcptr sum, struct cb_diags *d) {
  if (mpq_cmp_ui(sum, 1, 1) == 0)
    return;
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_pct_natural(&b, sum);
  cb_diag_error(d, g->id_loc, "E0203", "les poids %s « %s » font %s, pas 100 %%",
                g->kind == CB_NODE_CONTRACT ? "du contrat" : "de", g->id, cb_buf_str(&b));
  for (size_t i = 0; i < g->nchildren; i++) {
    const struct cb_node *ch = g->children[i];
    if (ch->weight_kind == CB_WEIGHT_PERCENT) {
      cb_buf_clear(&b);
      cb_fmt_pct_natural(&b, ch->weight);
      cb_diag_note(d, ch->weight_loc, "poids de « %s » : %s", ch->id, cb_buf_str(&b));
    }
  }
  cb_buf_free(&b);
}

/* E0204: points that do not make the declared total; E0205: montants that
   do not make the variable envelope. */
static void check_declared_total(const struct cb_node *g, enum cb_weight_kind kind,
                                 mpq_srcptr sum, struct cb_diags *d) {
  struct cb_buf b = CB_BUF_INIT, t = CB_BUF_INIT;
  if (kind == CB_WEIGHT_POINTS && g->points_total && !mpq_equal(sum, g->points_total)) {
    cb_num_fmt(&b, sum, 2, CB_WRITE_GROUP | CB_WRITE_NATURAL);
    cb_num_fmt(&t, g->points_total, 2, CB_WRITE_GROUP | CB_WRITE_NATURAL);
    cb_diag_error(d, g->points_loc, "E0204",
                  "les poids %s « %s » font %s points, pas les %s points déclarés",
                  g->kind == CB_NODE_CONTRACT ? "du contrat" : "de", g->id, cb_buf_str(&b),
                  cb_buf_str(&t));
  }
  if (kind == CB_WEIGHT_MONTANT && g->variable.set && g->variable.dflt &&
      !mpq_equal(sum, g->variable.dflt)) {
    cb_num_fmt(&b, sum, 2, CB_WRITE_GROUP);
    cb_num_fmt(&t, g->variable.dflt, 2, CB_WRITE_GROUP);
    cb_diag_error(d, g->variable.dflt_loc, "E0205",
                  "les montants des indicateurs de « %s » font %s €, pas l'enveloppe "
                  "variable de %s €",
                  g->id, cb_buf_str(&b), cb_buf_str(&t));
  }
  cb_buf_free(&b);
  cb_buf_free(&t);
  if (kind != CB_WEIGHT_POINTS && g->points_total)
    cb_diag_error(d, g->points_loc, "E0204",
                  "« %s » déclare un total de points mais ses éléments ne sont pas pesés en "
                  "points",
                  g->id);
}

static void check_weights(const struct cb_node *g, struct cb_diags *d) {
  if (!g->nchildren || weights_unknown(g)) /* one mistake, one message: said where it is written */
    return;
  enum cb_weight_kind kind = CB_WEIGHT_NONE;
  mpq_t sum;
  mpq_init(sum);
  if (!weights_mixed(g, &kind, sum, d)) {
    if (kind == CB_WEIGHT_PERCENT)
      check_percent_sum(g, sum, d);
    check_declared_total(g, kind, sum, d);
  }
  mpq_clear(sum);
}

static void check_node(const struct cb_contract *c, const struct cb_node *n,
                       const struct cb_node *envelope_holder, struct cb_diags *d) {
  if (n->kind == CB_NODE_INDICATOR || n->kind == CB_NODE_DONNEE) {
    check_indicator(c, n, d);
    return;
  }
  if (n->variable.set) {
    if (envelope_holder) {
      cb_diag_error(d, n->variable.dflt ? n->variable.dflt_loc : n->id_loc, "E0216",
                    "« %s » déclare une enveloppe variable alors que « %s », qui le contient, "
                    "en a déjà une",
                    n->id, envelope_holder->id);
    } else {
      envelope_holder = n;
    }
  }
  if (n->aggr == CB_AGGR_SOMME) {
    for (size_t i = 0; i < n->nchildren; i++)
      if (n->children[i]->weight_kind == CB_WEIGHT_PERCENT) {
        cb_diag_error(d, n->children[i]->weight_loc, "E0206",
                      "« %s » additionne ses éléments (agregation somme) : leurs poids "
                      "s'écrivent en points ou en montant, pas en %%",
                      n->id);
        break;
      }
  }
  check_weights(n, d);
  for (size_t i = 0; i < n->nchildren; i++)
    check_node(c, n->children[i], envelope_holder, d);
}

/* ---- computed values: cycles and chains ---------------------------------- */

struct deps {
  int *v;
  size_t n, cap;
};

static void deps_push(struct deps *ds, int x) {
  if (ds->n == ds->cap) {
    ds->cap = ds->cap ? 2 * ds->cap : 4;
    ds->v = cb_xrealloc(ds->v, ds->cap * sizeof *ds->v);
  }
  ds->v[ds->n++] = x;
}

/* Collects the indices of the computed nodes an expression refers to. */
struct dep_walk {
  const struct cb_contract *c;
  const struct cb_node *self;
  struct deps *out;
};

static void dep_of_ref(void *ctx, const struct cb_expr *ref) {
  struct dep_walk *w = ctx;
  const struct cb_node *r = cb_contract_lookup(w->c, ref->as.ref);
  if (r && r != w->self && r->expr && (r->kind == CB_NODE_INDICATOR || r->kind == CB_NODE_DONNEE))
    deps_push(w->out, r->index);
}

/* The graph of computed values: users[i] lists the indicators whose
   `valeur = …` reads indicator i, pending[i] counts what indicator i reads. */
static void dep_graph(const struct cb_contract *c, struct deps *users, int *pending) {
  struct deps tmp = {0};
  for (size_t i = 0; i < c->nindicators; i++) {
    const struct cb_node *x = c->indicators[i];
    pending[i] = 0;
    if (!x->expr || x->expr->depth > CB_MAX_EXPR_DEPTH)
      continue;
    tmp.n = 0;
    struct dep_walk w = {c, x, &tmp};
    cb_expr_each_ref(x->expr, dep_of_ref, &w);
    pending[i] = (int)tmp.n;
    for (size_t k = 0; k < tmp.n; k++)
      deps_push(&users[tmp.v[k]], (int)i);
  }
  free(tmp.v);
}

/* Computed values may use other computed values, but not in a cycle, and
   not in chains deeper than CB_MAX_REF_DEPTH (the evaluator follows them
   recursively). Kahn's algorithm peels the dependency graph in linear time;
   what cannot be peeled depends on a cycle. */
static void check_computed(const struct cb_contract *c, struct cb_diags *d) {
  size_t n = c->nindicators;
  if (!n)
    return;
  struct deps *users = cb_xmalloc(n * sizeof *users);
  int *pending = cb_xmalloc(n * sizeof *pending);
  int *level = cb_xmalloc(n * sizeof *level);
  int *queue = cb_xmalloc(n * sizeof *queue);
  memset(users, 0, n * sizeof *users);
  size_t qh = 0, qt = 0;
  dep_graph(c, users, pending);
  for (size_t i = 0; i < n; i++)
    level[i] = 1;
  for (size_t i = 0; i < n; i++)
    if (pending[i] == 0)
      queue[qt++] = (int)i;
  bool too_deep = false;
  while (qh < qt) {
    int i = queue[qh++];
    if (level[i] > CB_MAX_REF_DEPTH && !too_deep) {
      const struct cb_node *x = c->indicators[i];
      cb_diag_error(d, x->expr_loc, "E0102",
                    "la valeur de « %s » s'appuie sur une chaîne de plus de %d valeurs "
                    "calculées",
                    x->id, CB_MAX_REF_DEPTH);
      too_deep = true;
    }
    for (size_t k = 0; k < users[i].n; k++) {
      int u = users[i].v[k];
      if (level[i] + 1 > level[u])
        level[u] = level[i] + 1;
      if (--pending[u] == 0)
        queue[qt++] = u;
    }
  }
  for (size_t i = 0; i < n; i++)
    if (pending[i] > 0)
      cb_diag_error(d, c->indicators[i]->expr_loc, "E0226",
                    "la valeur de « %s » dépend d'un cycle de valeurs calculées : elle ne peut "
                    "pas être calculée",
                    c->indicators[i]->id);
  for (size_t i = 0; i < n; i++)
    free(users[i].v);
  free(users);
  free(pending);
  free(level);
  free(queue);
}

/* ---- calendar ------------------------------------------------------------- */

static const char *date_str(struct cb_buf *b, struct cb_date dt) {
  cb_buf_clear(b);
  cb_date_fmt(b, dt);
  return cb_buf_str(b);
}

/* Start dates inside the contract, and no later than the accord's
   deployment calendar allows (W0105); a termination inside the contract. */
static void check_dates_node(const struct cb_contract *c, const struct cb_node *n,
                             struct cb_diags *d, struct cb_buf *b1, struct cb_buf *b2) {
  if (n->has_demarrage && c->nperiods && c->periods[0].dated) {
    struct cb_date first = c->periods[0].start, last = c->periods[c->nperiods - 1].end;
    if (cb_date_cmp(n->demarrage, first) < 0 || cb_date_cmp(n->demarrage, last) > 0) {
      date_str(b1, first);
      date_str(b2, last);
      cb_diag_error(d, n->demarrage_loc, "E0502",
                    "la mission « %s » démarre hors du contrat, qui court du %s au %s", n->id,
                    cb_buf_str(b1), cb_buf_str(b2));
    } else if (c->has_signature) {
      for (size_t i = 0; i < c->ndelays; i++) {
        const struct cb_start_delay *dl = &c->delays[i];
        if (strcmp(dl->mission, n->id) != 0)
          continue;
        struct cb_date limit = cb_date_add_months(c->signature, (int)dl->months);
        if (cb_date_cmp(n->demarrage, limit) > 0) {
          date_str(b1, n->demarrage);
          date_str(b2, limit);
          cb_diag_warning(d, n->demarrage_loc, "W0105",
                          "la mission « %s » démarre le %s, plus de %ld mois après la signature "
                          "(au plus tard le %s selon l'accord)",
                          n->id, cb_buf_str(b1), dl->months, cb_buf_str(b2));
          cb_diag_note(d, dl->loc, "délai de démarrage fixé ici");
        }
      }
    }
  }
  for (size_t i = 0; i < n->nchildren; i++)
    if (n->children[i]->kind == CB_NODE_GROUP)
      check_dates_node(c, n->children[i], d, b1, b2);
}

static void check_dates(const struct cb_contract *c, struct cb_diags *d) {
  struct cb_buf b1 = CB_BUF_INIT, b2 = CB_BUF_INIT;
  if (c->has_resiliation && c->nperiods && c->periods[0].dated) {
    struct cb_date first = c->periods[0].start, last = c->periods[c->nperiods - 1].end;
    if (cb_date_cmp(c->resiliation, first) < 0 || cb_date_cmp(c->resiliation, last) > 0) {
      date_str(&b1, first);
      date_str(&b2, last);
      cb_diag_error(d, c->resiliation_loc, "E0502",
                    "la résiliation tombe hors du contrat, qui court du %s au %s",
                    cb_buf_str(&b1), cb_buf_str(&b2));
    }
  }
  check_dates_node(c, c->root, d, &b1, &b2);
  cb_buf_free(&b1);
  cb_buf_free(&b2);
}

void cb_check_program(struct cb_program *p, struct cb_diags *d) {
  for (struct cb_contract *c = p->contracts; c; c = c->next) {
    for (size_t i = 0; i < c->nbaremes; i++)
      check_tranches(c->baremes[i], d);
    for (size_t i = 0; i < c->nindicators; i++) {
      const struct cb_node *n = c->indicators[i];
      if (n->bareme && !n->bareme->id)
        check_tranches(n->bareme, d);
    }
    check_node(c, c->root, NULL, d);
    check_computed(c, d);
    check_dates(c, d);
  }
}
