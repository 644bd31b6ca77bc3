/*
 * signature.c: the strict profile of `cible check --signature` (see
 * signature.h).
 *
 * Owns the rules a contract must meet to be signed, on top of the ordinary
 * checks: E0430 an objective missing or `a definir` for a period, E0431 an
 * indicator without `source`, E0432 without `sens` when a measure is
 * compared with an objective (not for oui/non, étapes, or a measured
 * attainment without objective), E0433 a barème `sur valeur` that does not
 * cover every value from 0 to +inf, E0434 an
 * objective that moves against the indicator's direction from one period to
 * the next. Dates outside the contract are already errors of the ordinary
 * checks (E0409 avenants, E0502 mission starts and termination, E0210
 * periods), which must pass first. Indicators are examined in the version of the
 * contract in force for each period, each finding reported once.
 */
#include "signature.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "format.h"
#include "timeline.h"

static bool needs_objective(enum cb_method m) {
  return m == CB_METHOD_PROPORTIONNELLE || m == CB_METHOD_LINEAIRE ||
         m == CB_METHOD_TOUT_OU_RIEN;
}

static bool has_value(const struct cb_mobjective *o) {
  return o->kind == CB_MOBJ_VALUE || o->kind == CB_MOBJ_PROGRESSION;
}

/* Indicator id as it stands in period i, or NULL when not in force then. */
static const struct cb_node *at(const struct cb_contract *c, const char *id, size_t i) {
  const struct cb_node *n = cb_node_at(c, id, &c->periods[i]);
  return n && n->kind == CB_NODE_INDICATOR ? n : NULL;
}

static void objectives(struct cb_arena *a, const struct cb_contract *c, const char *id,
                       struct cb_diags *d) {
  struct cb_buf missing = CB_BUF_INIT;
  const struct cb_node *first = NULL, *prev_n = NULL;
  const struct cb_mobjective *prev = NULL;
  size_t nmissing = 0;
  for (size_t i = 0; i < c->nperiods; i++) {
    const struct cb_node *n = at(c, id, i);
    if (!n || !needs_objective(n->method) || cb_points_per_unit(n)) /* per unit: none */
      continue;
    if (!first)
      first = n;
    const struct cb_mobjective *o = &n->objectives[i];
    if (o->kind == CB_MOBJ_NONE && cb_node_stepped(n))
      continue; /* stated by its steps: its barème on the measure is the rule */
    if (o->kind == CB_MOBJ_NONE) {
      cb_buf_printf(&missing, "%s%s", nmissing++ ? ", " : "", c->periods[i].name);
      continue;
    }
    if (o->kind == CB_MOBJ_A_DEFINIR) {
      cb_diag_error(d, o->loc, "E0430",
                    "objectif %s de « %s » à définir : un contrat à signer fixe chaque objectif",
                    c->periods[i].name, id);
      continue;
    }
    if (has_value(o) && prev && n->sens != CB_SENS_NONE && prev_n->sens == n->sens) {
      int cmp = mpq_cmp(o->value, prev->value);
      if ((n->sens == CB_SENS_CROISSANT && cmp < 0) ||
          (n->sens == CB_SENS_DECROISSANT && cmp > 0)) {
        cb_diag_error(d, o->loc, "E0434",
                      "l'objectif %s de « %s » (%s) %s celui de la période précédente (%s) alors "
                      "que l'indicateur est %s",
                      c->periods[i].name, id, cb_fmt_value_a(a, o->value, &n->unit, true),
                      cmp < 0 ? "est en dessous de" : "dépasse",
                      cb_fmt_value_a(a, prev->value, &n->unit, true),
                      n->sens == CB_SENS_CROISSANT ? "croissant" : "décroissant");
        cb_diag_note(d, prev->loc, "objectif précédent");
      }
    }
    prev = has_value(o) ? o : NULL;
    prev_n = n;
  }
  if (nmissing)
    cb_diag_error(d, first->id_loc, "E0430",
                  "« %s » n'a pas d'objectif pour %s : un contrat à signer fixe chaque objectif",
                  id, cb_buf_str(&missing));
  cb_buf_free(&missing);
}

static void coverage(const struct cb_node *n, struct cb_diags *d) {
  const struct cb_bareme *br = n->bareme;
  if (!br || !br->sur_valeur || !br->ntranches)
    return;
  const char *name = br->id ? br->id : "en ligne";
  const struct cb_mtranche *first = &br->tranches[0], *last = &br->tranches[br->ntranches - 1];
  int c = first->lo_inf ? -1 : mpq_sgn(first->lo);
  if (c > 0 || (c == 0 && !first->lo_closed)) {
    cb_diag_error(d, first->loc, "E0433",
                  "le barème « %s » ne dit pas ce que paie une mesure de 0 : sa première tranche "
                  "est %s",
                  name, first->text);
    cb_diag_note(d, n->bareme_loc, "barème employé ici par « %s »", n->id);
  }
  if (!last->hi_inf) {
    cb_diag_error(d, last->loc, "E0433",
                  "le barème « %s » ne dit pas ce que paie une mesure au-delà de sa dernière "
                  "tranche %s : elle doit aller jusqu'à +inf",
                  name, last->text);
    cb_diag_note(d, n->bareme_loc, "barème employé ici par « %s »", n->id);
  }
}

static void indicator(struct cb_arena *a, const struct cb_contract *c, const char *id,
                      struct cb_diags *d) {
  const struct cb_node *n = NULL;
  for (size_t i = 0; i < c->nperiods && !n; i++)
    n = at(c, id, i);
  if (!n)
    return;
  if (!n->source)
    cb_diag_error(d, n->id_loc, "E0431",
                  "« %s » n'a pas de source : écrivez d'où vient sa mesure (source \"…\")", id);
  /* sens says which way a measure meets its objective: it means nothing
     for oui/non, étapes, a measured attainment without objective, or a line
     paid per unit of the measure (each unit pays, there is no objective) */
  bool compared = false;
  for (size_t i = 0; i < c->nperiods && !compared; i++) {
    const struct cb_node *v = at(c, id, i);
    compared = v && !cb_points_per_unit(v) &&
               (needs_objective(v->method) || v->objectives[i].kind != CB_MOBJ_NONE);
  }
  if (compared && n->sens == CB_SENS_NONE)
    cb_diag_error(d, n->id_loc, "E0432",
                  "« %s » n'a pas de sens : écrivez « sens croissant » ou « sens decroissant »",
                  id);
  /* each barème of each version, once */
  const struct cb_bareme **seen = NULL;
  size_t nseen = 0, capseen = 0;
  for (size_t i = 0; i < c->nperiods; i++) {
    const struct cb_node *v = at(c, id, i);
    if (!v || !v->bareme)
      continue;
    bool done = false;
    for (size_t k = 0; k < nseen && !done; k++)
      done = seen[k] == v->bareme || (seen[k]->loc.src == v->bareme->loc.src &&
                                      seen[k]->loc.line == v->bareme->loc.line);
    if (done)
      continue;
    seen = cb_arena_grow(a, seen, nseen, &capseen, sizeof *seen);
    seen[nseen++] = v->bareme;
    coverage(v, d);
  }
  objectives(a, c, id, d);
}

void cb_signature_check(struct cb_arena *a, const struct cb_program *p, struct cb_diags *d) {
  for (const struct cb_contract *c = p->contracts; c; c = c->next) {
    if (!c->nperiods)
      continue;
    size_t nids;
    const char **ids = cb_contract_ids(a, c, true, &nids);
    for (size_t j = 0; j < nids; j++)
      indicator(a, c, ids[j], d);
  }
}
