/*
 * payrule.c: builds the payment rules of `versement` blocks (payrule.h).
 *
 * A block holds one fact per line:
 *
 *   versement fixe {
 *     avance 75 % au demarrage          # first year: at the mission's start
 *     avance 75 % a chaque anniversaire # other years: at the year's start
 *     solde a l'anniversaire suivant    # what is left, at the next one
 *     prorata jours                     # incomplete first year: by days
 *   }
 *
 * Events are `a la signature` and `au demarrage` (the first year of the
 * envelope only), `a chaque anniversaire` and `le 30 avril` (each year);
 * the balance comes `a l'anniversaire suivant` or `le 30 avril suivant`.
 * Every mistake is located and coded (E0501, E0212, E0219, E0230).
 */
#include "payrule.h"

#include <string.h>

#include "arena.h"
#include "diag.h"
#include "stmt_kinds.h"

static const char *const months[] = {"janvier", "fevrier", "mars",      "avril",
                                      "mai",     "juin",    "juillet",   "aout",
                                      "septembre", "octobre", "novembre", "decembre"};
static const char *const months_fr[] = {"janvier", "février", "mars",      "avril",
                                        "mai",     "juin",    "juillet",   "août",
                                        "septembre", "octobre", "novembre", "décembre"};

const char *cb_month_name(int month) {
  return month >= 1 && month <= 12 ? months_fr[month - 1] : "?";
}

int cb_month_parse(const char *word) {
  if (!word)
    return 0;
  for (int i = 0; i < 12; i++)
    if (cb_word_is(word, months[i]))
      return i + 1;
  return 0;
}

const char *cb_envelope_name(enum cb_envelope e) {
  switch (e) {
  case CB_ENV_FONCTIONNEMENT:
    return "fonctionnement";
  case CB_ENV_FIXE:
    return "fixe";
  case CB_ENV_VARIABLE:
    return "variable";
  case CB_ENV_COUNT:
    break;
  }
  return "?";
}

static enum cb_envelope envelope_of(const char *word) {
  if (strcmp(word, "fonctionnement") == 0)
    return CB_ENV_FONCTIONNEMENT;
  if (strcmp(word, "fixe") == 0)
    return CB_ENV_FIXE;
  return CB_ENV_VARIABLE;
}

/* `le 30 avril`: a day and a month that exist every year. */
static bool day_month(struct cb_diags *d, const struct cb_value *v, int *day, int *month) {
  int m = v->unit.kind == CB_UNIT_NOUN ? cb_month_parse(v->unit.word) : 0;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (!m) {
    cb_diag_error(d, v->loc, "E0501",
                  "une date de versement s'écrit jour et mois en lettres : « le 30 avril »");
    return false;
  }
  if (mpz_cmp_ui(mpq_denref(v->q), 1) != 0 || mpq_sgn(v->q) <= 0 ||
      mpz_cmp_ui(mpq_numref(v->q), (unsigned long)mdays[m - 1]) > 0) {
    cb_diag_error(d, v->loc, "E0501", "le %s n'existe pas chaque année",
                  m == 2 && mpz_cmp_ui(mpq_numref(v->q), 29) == 0 ? "29 février" : "jour écrit");
    return false;
  }
  *day = (int)mpz_get_si(mpq_numref(v->q));
  *month = m;
  return true;
}

static bool first_year_event(enum cb_pay_event e) {
  return e == CB_EVENT_SIGNATURE || e == CB_EVENT_DEMARRAGE;
}

static void advance_stmt(struct cb_arena *a, struct cb_diags *d, struct cb_payrule *r,
                         enum cb_envelope env, const struct cb_stmt *st) {
  const struct cb_value *v = &st->value;
  if (v->unit.kind != CB_UNIT_PERCENT) {
    cb_diag_error(d, v->loc, "E0501", "le taux d'une avance s'écrit en %% (« avance 75 %% … »)");
    return;
  }
  mpq_ptr rate = cb_arena_mpq(a);
  mpq_set_ui(rate, 1, 100);
  mpq_mul(rate, rate, v->q);
  if (mpq_sgn(rate) <= 0 || mpq_cmp_ui(rate, 1, 1) > 0) {
    cb_diag_error(d, v->loc, "E0501", "le taux d'une avance est compris entre 0 %% exclu et 100 %%");
    return;
  }
  struct cb_advance_rule ar;
  memset(&ar, 0, sizeof ar);
  ar.rate = rate;
  ar.loc = st->loc;
  if (strcmp(st->word, "signature") == 0)
    ar.event = CB_EVENT_SIGNATURE;
  else if (strcmp(st->word, "demarrage") == 0)
    ar.event = CB_EVENT_DEMARRAGE;
  else if (strcmp(st->word, "anniversaire") == 0)
    ar.event = CB_EVENT_ANNIVERSAIRE;
  else
    ar.event = CB_EVENT_DATE;
  if (ar.event == CB_EVENT_DATE && !day_month(d, &st->as.value2, &ar.day, &ar.month))
    return;
  if (ar.event == CB_EVENT_DEMARRAGE && env == CB_ENV_FONCTIONNEMENT) {
    cb_diag_error(d, st->word_loc, "E0501",
                  "« au demarrage » vaut pour les enveloppes d'une mission (fixe, variable), "
                  "pas pour le fonctionnement du contrat");
    return;
  }
  for (size_t i = 0; i < r->nadvances; i++) {
    const struct cb_advance_rule *o = &r->advances[i];
    if (o->event == ar.event || (first_year_event(o->event) && first_year_event(ar.event)) ||
        (!first_year_event(o->event) && !first_year_event(ar.event))) {
      cb_diag_error(d, st->loc, "E0501",
                    "deux avances pour la même année : celle-ci et celle de la ligne %d",
                    o->loc.line);
      return;
    }
  }
  r->advances[r->nadvances++] = ar;
}

/* `solde a l'anniversaire suivant` or `solde le 30 avril suivant`: once. */
static void solde_stmt(struct cb_diags *d, struct cb_payrule *r, const struct cb_stmt *x) {
  if (r->solde != CB_SOLDE_NONE) {
    cb_diag_error(d, x->loc, "E0212", "« solde » est déjà déclaré ligne %d", r->solde_loc.line);
    return;
  }
  if (strcmp(x->word, "anniversaire") == 0) {
    r->solde = CB_SOLDE_ANNIVERSAIRE;
  } else {
    if (!day_month(d, &x->as.value2, &r->solde_day, &r->solde_month))
      return;
    r->solde = CB_SOLDE_DATE;
  }
  r->solde_loc = x->loc;
}

/* `prorata jours|mois|aucun`: once (seen says whether it was written). */
static void prorata_stmt(struct cb_diags *d, struct cb_payrule *r, const struct cb_stmt *x,
                         bool *seen) {
  if (*seen) {
    cb_diag_error(d, x->loc, "E0212", "« prorata » est déjà déclaré ligne %d", r->prorata_loc.line);
    return;
  }
  *seen = true;
  r->prorata_loc = x->loc;
  if (cb_word_is(x->word, "jours"))
    r->prorata = CB_PRORATA_JOURS;
  else if (cb_word_is(x->word, "mois"))
    r->prorata = CB_PRORATA_MOIS;
  else if (cb_word_is(x->word, "aucun"))
    r->prorata = CB_PRORATA_AUCUN;
  else
    cb_diag_error(d, x->word_loc, "E0219", "prorata « %s » inconnu : jours, mois ou aucun attendu",
                  x->word);
}

/* `assiette enveloppe|socle`: once (seen says whether it was written);
   `socle` for the variable part only. */
static void assiette_stmt(struct cb_diags *d, struct cb_payrule *r, enum cb_envelope env,
                          const struct cb_stmt *x, bool *seen) {
  if (*seen) {
    cb_diag_error(d, x->loc, "E0212", "« assiette » est déjà déclaré ligne %d",
                  r->assiette_loc.line);
    return;
  }
  *seen = true;
  r->assiette_loc = x->loc;
  if (cb_word_is(x->word, "enveloppe")) {
    r->assiette = CB_ASSIETTE_ENVELOPPE;
  } else if (cb_word_is(x->word, "socle")) {
    if (env != CB_ENV_VARIABLE)
      cb_diag_error(d, x->loc, "E0501",
                    "l'assiette « socle » (indicateurs prérequis et socle) vaut pour la part "
                    "variable seulement");
    else
      r->assiette = CB_ASSIETTE_SOCLE;
  } else {
    cb_diag_error(d, x->word_loc, "E0219", "assiette « %s » inconnue : enveloppe ou socle attendu",
                  x->word);
  }
}

/* What the whole block must say once its lines are read: when the balance
   of advances comes, and, on the variable part, an assiette known in
   advance. */
static void check_rule(struct cb_diags *d, const struct cb_payrule *r, enum cb_envelope env,
                       const struct cb_stmt *st) {
  if (r->nadvances && r->solde == CB_SOLDE_NONE)
    cb_diag_error(d, st->loc, "E0501",
                  "« versement %s » verse des avances sans dire quand vient le solde", st->word);
  if (env == CB_ENV_VARIABLE && r->nadvances && r->assiette != CB_ASSIETTE_SOCLE)
    cb_diag_error(d, r->advances[0].loc, "E0501",
                  "une avance sur la part variable se calcule sur une assiette connue d'avance : "
                  "écrivez « assiette socle »");
}

void cb_payrule_build(struct cb_arena *a, struct cb_diags *d, struct cb_contract *c,
                      const struct cb_stmt *st) {
  enum cb_envelope env = envelope_of(st->word);
  struct cb_payrule *r = &c->payrules[env];
  if (r->set) {
    cb_diag_error(d, st->loc, "E0212", "« versement %s » est déjà déclaré ligne %d",
                  st->word, r->loc.line);
    return;
  }
  memset(r, 0, sizeof *r);
  r->set = true;
  r->loc = st->loc;
  bool has_prorata = false, has_assiette = false;
  for (const struct cb_stmt *x = st->body; x; x = x->next) {
    if (!cb_stmt_allowed(x->kind, CB_IN_VERSEMENT)) {
      cb_diag_error(d, x->loc, "E0230",
                    "cette ligne n'a pas sa place dans un bloc « versement » (avance, solde, "
                    "prorata, assiette)");
      continue;
    }
    switch (x->kind) {
    case CB_ST_AVANCE:
      advance_stmt(a, d, r, env, x);
      break;
    case CB_ST_SOLDE:
      solde_stmt(d, r, x);
      break;
    case CB_ST_PRORATA:
      prorata_stmt(d, r, x, &has_prorata);
      break;
    case CB_ST_ASSIETTE:
      assiette_stmt(d, r, env, x, &has_assiette);
      break;
    default:
      break;
    }
  }
  check_rule(d, r, env, st);
}

void cb_payrule_defaults(struct cb_contract *c) {
  for (int e = 0; e < CB_ENV_COUNT; e++) {
    struct cb_payrule *r = &c->payrules[e];
    if (r->set)
      continue;
    r->solde = CB_SOLDE_ANNIVERSAIRE;
    r->prorata = CB_PRORATA_JOURS;
  }
}
