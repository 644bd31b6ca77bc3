/*
 * schedule.c: builds the payment schedule of a contract (schedule.h).
 *
 * For each envelope holder (the contract for `fonctionnement`, and every
 * node with a `fixe` or `variable` envelope, or the contract of an ACI MSP
 * paid in points) and each year it covers, it computes what is due for the
 * year (the envelope prorated over the part of the year covered, by days
 * over the year's own length, by whole months, or not at all), the advance
 * the rule pays and when, then the balance: due minus advance, a recovery
 * when negative. Every amount is rounded as the contract's `arrondi` says
 * (step and mode), and balances are computed from rounded figures so that
 * the lines add up to the cent. With avenants, each year's envelope comes
 * from the version of the contract in force that year (the evaluation
 * says which), and holders an avenant adds are walked from the version
 * that adds them. Lines are then sorted by date (stable), and the running
 * total is kept: the sum of the amounts as printed (to the centime), so that
 * without an `arrondi` rule the cumul and the total still add up the column
 * of amounts. Linear in holders × years, plus the sort.
 */
#include "schedule.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "format.h"
#include "payrule.h"

struct sb {
  struct cb_arena *a;
  const struct cb_contract *c;
  const struct cb_contract **versions; /* by period index (avenants), or NULL */
  const struct cb_period_eval **by_period; /* nperiods, NULL when not evaluated */
  const struct cb_result ***groups;         /* nperiods × ngroups, built on demand */
  struct cb_pay_line *lines;
  size_t n, cap;
  bool points; /* an ACI MSP contract paid in points */
};

static const struct cb_loc NOLOC = {0};

static const char *eur(struct sb *b, mpq_srcptr q) { return cb_fmt_eur_a(b->a, q); }

static struct cb_pay_line *new_line(struct sb *b) {
  b->lines = cb_arena_grow(b->a, b->lines, b->n, &b->cap, sizeof *b->lines);
  struct cb_pay_line *l = &b->lines[b->n++];
  memset(l, 0, sizeof *l);
  l->order = (int)b->n;
  return l;
}

static int64_t days_incl(struct cb_date from, struct cb_date to) {
  return cb_date_to_days(to) - cb_date_to_days(from) + 1;
}

static struct cb_date max_date(struct cb_date x, struct cb_date y) {
  return cb_date_cmp(x, y) >= 0 ? x : y;
}

/* The first (day, month) on or after `from` (strictly after when strict). */
static struct cb_date next_day_month(struct cb_date from, int day, int month, bool strict) {
  struct cb_date d = {from.y, month, day};
  int c = cb_date_cmp(d, from);
  if (c < 0 || (strict && c == 0))
    d.y++;
  return d;
}

/* Whole months from `from` to the day after `to`: the largest m such that
   `from` + m months (cb_date_add_months: 31 January + 1 month is the last
   day of February) is not after that day. */
static long whole_months(struct cb_date from, struct cb_date to) {
  struct cb_date e = cb_date_add_days(to, 1);
  long m = (long)(e.y - from.y) * 12 + (e.m - from.m);
  if (m < 0)
    return 0;
  while (m > 0 && cb_date_cmp(cb_date_add_months(from, (int)m), e) > 0)
    m--;
  return m;
}

static void round_amount(struct sb *b, mpq_ptr out, mpq_srcptr q) {
  if (b->c->rounding == CB_ROUNDING_NONE)
    mpq_set(out, q);
  else
    cb_round_amount(b->c, out, q);
}

/* The result of `owner` for period p, or NULL. */
static const struct cb_result *result_of(struct sb *b, const struct cb_period *p,
                                         const struct cb_node *owner) {
  const struct cb_period_eval *pe = b->by_period[p->index];
  if (!pe)
    return NULL;
  if (owner->kind == CB_NODE_CONTRACT)
    return pe->root;
  /* the holder as the version evaluated declares it (avenants: by name) */
  const struct cb_node *vo = cb_contract_node(pe->contract, owner);
  if (!vo || vo->kind != CB_NODE_GROUP)
    return NULL;
  /* the group results of a period, indexed by group once: no search per
     holder and year */
  const struct cb_result **g = b->groups[p->index];
  if (!g) {
    size_t ng = pe->contract->ngroups;
    g = cb_arena_array(b->a, ng ? ng : 1, sizeof *g);
    for (size_t i = 0; i < pe->ngroups; i++)
      g[pe->groups[i]->node->group_index] = pe->groups[i];
    b->groups[p->index] = g;
  }
  return g[vo->group_index];
}

/* The variable part earned for p, or NULL with *why. */
static mpq_srcptr variable_earned(struct sb *b, const struct cb_period *p, const struct cb_node *owner,
                                  const char **why, struct cb_loc *loc) {
  const struct cb_result *r = result_of(b, p, owner);
  *loc = owner->loc;
  if (!r) {
    *why = cb_arena_printf(b->a, "ni objectif ni mesure pour %s", p->name);
    return NULL;
  }
  if (r->status == CB_RES_NO_OBJECTIVE || r->status == CB_RES_TO_DEFINE) {
    *why = r->reason ? r->reason : cb_arena_printf(b->a, "aucun objectif fixé pour %s", p->name);
    return NULL;
  }
  if (!r->paid) {
    *why = r->reason ? r->reason : "montant non déterminé";
    return NULL;
  }
  return r->paid;
}

/* What an advance on the variable part is computed on under `assiette
   socle`: the most the prérequis and socle indicators can earn. */
static mpq_srcptr socle_base(struct sb *b, const struct cb_period *p, const char **why) {
  const struct cb_period_eval *pe = b->by_period[p->index];
  if (!pe) {
    *why = cb_arena_printf(b->a, "ni objectif ni mesure pour %s", p->name);
    return NULL;
  }
  mpq_ptr sum = cb_arena_mpq(b->a);
  for (size_t i = 0; i < b->c->nindicators; i++) {
    const struct cb_node *n = b->c->indicators[i];
    if (n->kind != CB_NODE_INDICATOR || (n->type != CB_TYPE_PREREQUIS && n->type != CB_TYPE_SOCLE))
      continue;
    /* another version of the contract (avenants): the indicator by name */
    const struct cb_node *vn = cb_contract_node(pe->contract, n);
    const struct cb_result *r = vn ? pe->by_index[vn->index] : NULL;
    if (!r || !r->share) {
      *why = cb_arena_printf(b->a, "la rémunération possible de « %s » n'est pas connue (%s)",
                             n->id, r && r->reason ? r->reason : "sans chiffre");
      return NULL;
    }
    mpq_add(sum, sum, r->share);
  }
  return sum;
}

struct year {
  const struct cb_period *p;
  struct cb_date s, e;  /* covered part of the year */
  bool first;           /* first year the holder covers */
  bool cut;             /* ends at the termination */
  mpq_ptr f;            /* proration, NULL when whole */
  const char *ftext;
};

/* The proration of a year covered from y->s to y->e under rule r. */
static void prorate(struct sb *b, struct year *y, const struct cb_payrule *r) {
  const struct cb_period *p = y->p;
  y->f = NULL;
  y->ftext = NULL;
  if ((cb_date_cmp(y->s, p->start) == 0 && cb_date_cmp(y->e, p->end) == 0) ||
      r->prorata == CB_PRORATA_AUCUN)
    return;
  y->f = cb_arena_mpq(b->a);
  if (r->prorata == CB_PRORATA_MOIS) {
    long m = whole_months(y->s, y->e);
    mpq_set_si(y->f, m, 12);
    mpq_canonicalize(y->f);
    y->ftext = cb_arena_printf(b->a, "%ld/12 mois", m);
  } else {
    int64_t num = days_incl(y->s, y->e), den = days_incl(p->start, p->end);
    mpq_set_si(y->f, (long)num, (unsigned long)den);
    mpq_canonicalize(y->f);
    y->ftext = cb_arena_printf(b->a, "%lld/%lld jours", (long long)num, (long long)den);
  }
}

static const char *advance_object(struct sb *b, const struct cb_advance_rule *ar) {
  switch (ar->event) {
  case CB_EVENT_SIGNATURE:
    return "avance à la signature";
  case CB_EVENT_DEMARRAGE:
    return "avance au démarrage";
  case CB_EVENT_ANNIVERSAIRE:
    return "avance";
  case CB_EVENT_DATE:
    return cb_arena_printf(b->a, "avance du %d %s", ar->day, cb_month_name(ar->month));
  }
  return "avance";
}

/* The advance rule of a year: a first-year one for the first year covered,
   else a yearly one. */
static const struct cb_advance_rule *advance_rule(const struct cb_payrule *r, bool first) {
  const struct cb_advance_rule *yearly = NULL;
  for (size_t i = 0; i < r->nadvances; i++) {
    const struct cb_advance_rule *ar = &r->advances[i];
    bool fy = ar->event == CB_EVENT_SIGNATURE || ar->event == CB_EVENT_DEMARRAGE;
    if (fy && first)
      return ar;
    if (!fy)
      yearly = ar;
  }
  return yearly;
}

static struct cb_date advance_date(struct sb *b, const struct cb_advance_rule *ar,
                                   const struct year *y) {
  switch (ar->event) {
  case CB_EVENT_SIGNATURE:
    return b->c->has_signature ? b->c->signature : y->p->start;
  case CB_EVENT_DEMARRAGE:
    return y->s;
  case CB_EVENT_ANNIVERSAIRE:
    return max_date(y->p->start, y->s);
  case CB_EVENT_DATE:
    return max_date(next_day_month(y->p->start, ar->day, ar->month, false), y->s);
  }
  return y->s;
}

static struct cb_date solde_date(struct sb *b, const struct cb_payrule *r, const struct year *y) {
  struct cb_date d;
  if (r->solde == CB_SOLDE_DATE)
    d = next_day_month(y->p->end, r->solde_day, r->solde_month, true);
  else
    d = cb_date_add_days(y->p->end, 1);
  if (b->c->has_resiliation && cb_date_cmp(d, b->c->resiliation) > 0)
    d = b->c->resiliation;
  return d;
}

/* The version of the contract in force for p (the contract itself when it
   has a single version). */
static const struct cb_contract *version_for(const struct sb *b, const struct cb_period *p) {
  const struct cb_contract *v = b->versions ? b->versions[p->index] : NULL;
  return v ? v : b->c;
}

/* Whether n holds the fixed or the variable envelope (the contract of an
   ACI MSP paid in points holds its variable part). */
static bool holds(const struct sb *b, const struct cb_node *n, enum cb_envelope env) {
  if (env == CB_ENV_FIXE)
    return n->fixe.set;
  return n->variable.set || (b->points && n->kind == CB_NODE_CONTRACT);
}

/* What one year of one envelope holder rests on: the year's envelope, from
   the terms in force that year (an avenant may change it), and for the
   variable part what was earned. */
struct year_terms {
  mpq_srcptr base, earned;
  struct cb_loc base_loc;
  const char *why; /* why earned is unknown */
};

/* False when the holder does not exist that year, or holds no such envelope. */
static bool year_terms(struct sb *b, const struct cb_node *owner, enum cb_envelope env,
                       const struct cb_period *p, struct year_terms *t) {
  t->base = t->earned = NULL;
  t->base_loc = NOLOC;
  t->why = NULL;
  const struct cb_contract *vc = version_for(b, p);
  const struct cb_node *vo = cb_contract_node(vc, owner);
  const struct cb_period *vp = &vc->periods[p->index];
  if (!vo || (env != CB_ENV_FONCTIONNEMENT && !holds(b, vo, env)))
    return false;
  if (env == CB_ENV_FONCTIONNEMENT)
    t->base = cb_amount_for(&vc->fonctionnement, vp, &t->base_loc);
  else if (env == CB_ENV_FIXE)
    t->base = cb_amount_for(&vo->fixe, vp, &t->base_loc);
  else {
    t->base = cb_amount_for(&vo->variable, vp, &t->base_loc);
    t->earned = variable_earned(b, p, owner, &t->why, &t->base_loc);
    if (!t->base) {
      const struct cb_result *res = result_of(b, p, owner);
      t->base = res ? res->share : NULL;
    }
  }
  return env == CB_ENV_VARIABLE || t->base;
}

/* The year's advance line, at the year as it was planned; *skipped when it
   falls after the termination (never paid). Returns its amount, or NULL. */
static mpq_ptr pay_advance(struct sb *b, const struct cb_node *owner, enum cb_envelope env,
                           const struct cb_payrule *r, const struct cb_advance_rule *ar,
                           const struct year *planned, const struct year_terms *t,
                           bool *skipped) {
  const struct cb_period *p = planned->p;
  struct cb_date when = advance_date(b, ar, planned);
  *skipped = false;
  if (b->c->has_resiliation && cb_date_cmp(when, b->c->resiliation) > 0) {
    *skipped = true;
    return NULL;
  }
  struct cb_pay_line *l = new_line(b);
  l->date = when;
  l->period = p;
  l->owner = owner;
  l->env = env;
  l->kind = CB_PAY_AVANCE;
  l->object = advance_object(b, ar);
  l->rate = ar->rate;
  l->prorata = planned->f;
  l->prorata_text = planned->ftext;
  l->rule_loc = ar->loc;
  l->amount_loc = t->base_loc;
  const char *bwhy = NULL;
  bool on_socle = env == CB_ENV_VARIABLE && r->assiette == CB_ASSIETTE_SOCLE;
  mpq_srcptr abase = on_socle ? socle_base(b, p, &bwhy) : t->base;
  if (!abase) {
    l->why = bwhy;
    return NULL;
  }
  l->base = cb_arena_mpq_copy(b->a, abase);
  l->amount_exact = cb_arena_mpq(b->a);
  mpq_mul(l->amount_exact, abase, ar->rate);
  if (planned->f)
    mpq_mul(l->amount_exact, l->amount_exact, planned->f);
  l->amount = cb_arena_mpq(b->a);
  round_amount(b, l->amount, l->amount_exact);
  l->detail = cb_arena_printf(b->a, "%s%s × %s%s%s = %s",
                              on_socle ? "rémunération socle possible " : "", eur(b, abase),
                              cb_fmt_pct_a(b->a, ar->rate), planned->f ? " × " : "",
                              planned->ftext ? planned->ftext : "", eur(b, l->amount));
  return l->amount;
}

/* The balance of the year (or its variable part, or a recovery): what is
   due for the covered part, less the advance paid. */
static void pay_balance(struct sb *b, const struct cb_node *owner, enum cb_envelope env,
                        const struct cb_payrule *r, const struct year *y,
                        const struct year_terms *t, bool advance_owed, mpq_srcptr adv) {
  const struct cb_period *p = y->p;
  struct cb_pay_line *l = new_line(b);
  l->date = solde_date(b, r, y);
  l->period = p;
  l->owner = owner;
  l->env = env;
  l->rule_loc = r->solde_loc.src ? r->solde_loc : r->loc;
  l->amount_loc = t->base_loc;
  l->prorata = y->f;
  l->prorata_text = y->ftext;
  l->resiliation =
      y->cut || (b->c->has_resiliation && cb_date_cmp(l->date, b->c->resiliation) == 0);
  l->base = t->base ? cb_arena_mpq_copy(b->a, t->base) : NULL;
  bool variable_only = env == CB_ENV_VARIABLE && r->nadvances == 0;
  l->kind = variable_only ? CB_PAY_PART_VARIABLE : CB_PAY_SOLDE;
  l->object = variable_only ? (b->points && owner->kind == CB_NODE_CONTRACT ? "rémunération"
                                                                           : "part variable")
                            : "solde";
  /* what is due for the covered part */
  mpq_srcptr full = env == CB_ENV_VARIABLE ? t->earned : t->base;
  if (!full) {
    l->why = t->why ? t->why : "montant non déterminé";
    return;
  }
  mpq_ptr due = cb_arena_mpq(b->a);
  mpq_set(due, full);
  if (y->f) {
    mpq_mul(due, due, y->f);
    round_amount(b, due, due);
  }
  if (advance_owed && !adv) {
    l->why = "l'avance de l'année n'est pas chiffrée";
    return;
  }
  l->amount = cb_arena_mpq(b->a);
  if (adv)
    mpq_sub(l->amount, due, adv);
  else
    mpq_set(l->amount, due);
  l->amount_exact = l->amount;
  const char *due_text =
      y->f ? cb_arena_printf(b->a, "%s × %s = %s", eur(b, full), y->ftext, eur(b, due))
           : eur(b, due);
  if (adv)
    l->detail = cb_arena_printf(b->a, "dû pour %s : %s ; moins l'avance versée %s = %s", p->name,
                                due_text, eur(b, adv), eur(b, l->amount));
  else
    l->detail = cb_arena_printf(b->a, "dû pour %s : %s", p->name, due_text);
  if (mpq_sgn(l->amount) < 0) {
    l->kind = CB_PAY_REPRISE;
    l->object = "reprise";
  } else if (adv && mpq_sgn(l->amount) == 0) {
    b->n--; /* everything was advanced: no balance line */
  }
  if (y->cut && l->object && strcmp(l->object, "solde") == 0)
    l->object = "solde de résiliation";
}

/* One year of one envelope holder: its advance, then its balance. The
   advance is paid on the year as it was planned; a termination only
   shortens what is due, and the balance recovers the difference. */
static void schedule_year(struct sb *b, const struct cb_node *owner, enum cb_envelope env,
                          const struct cb_payrule *r, struct year *y) {
  struct year_terms t;
  if (!year_terms(b, owner, env, y->p, &t))
    return; /* no such holder or envelope this year */
  struct year planned = *y;
  planned.e = y->p->end;
  prorate(b, &planned, r);
  prorate(b, y, r);
  const struct cb_advance_rule *ar = advance_rule(r, y->first);
  mpq_ptr adv = NULL;
  bool skipped = false;
  if (ar)
    adv = pay_advance(b, owner, env, r, ar, &planned, &t, &skipped);
  pay_balance(b, owner, env, r, y, &t, ar && !skipped, adv);
}

/* Every year covered by one envelope of one holder. */
static void schedule_holder(struct sb *b, const struct cb_node *owner, enum cb_envelope env) {
  const struct cb_contract *c = b->c;
  const struct cb_payrule *r = &c->payrules[env];
  bool first = true;
  for (size_t i = 0; i < c->nperiods; i++) {
    struct year y;
    memset(&y, 0, sizeof y);
    y.p = &c->periods[i];
    y.s = y.p->start;
    y.e = y.p->end;
    if (c->has_signature) { /* calendar years: covered from the signature */
      if (cb_date_cmp(c->signature, y.p->end) > 0)
        continue;
      y.s = max_date(c->signature, y.s);
    }
    if (owner->has_demarrage && env != CB_ENV_FONCTIONNEMENT) {
      if (cb_date_cmp(owner->demarrage, y.p->end) > 0)
        continue; /* not started yet */
      y.s = max_date(owner->demarrage, y.p->start);
    }
    if (c->has_resiliation) {
      if (cb_date_cmp(c->resiliation, y.s) < 0)
        break;
      if (cb_date_cmp(c->resiliation, y.p->end) < 0) {
        y.e = c->resiliation;
        y.cut = true;
      }
    }
    /* the first year covered; for an envelope an avenant adds, that year
       has passed (the holder is absent from it) and its own first year is
       paid under the yearly rule */
    y.first = first;
    first = false;
    schedule_year(b, owner, env, r, &y);
  }
}

/* Whether version k-1 or an earlier one (k: index in `distinct`) already
   holds the envelope env of the element named like n: scheduled then. */
static bool held_before(const struct sb *b, const struct cb_contract *const *distinct, size_t k,
                        const struct cb_node *n, enum cb_envelope env) {
  for (size_t j = 0; j < k; j++) {
    const struct cb_node *o = cb_contract_node(distinct[j], n);
    if (o && holds(b, o, env))
      return true;
  }
  return false;
}

/* The holders of version distinct[k] not already held by an earlier
   version (all of them for the first). */
static void walk_holders(struct sb *b, const struct cb_contract *const *distinct, size_t k,
                         const struct cb_node *n) {
  static const enum cb_envelope envs[] = {CB_ENV_FIXE, CB_ENV_VARIABLE};
  for (size_t e = 0; e < 2; e++)
    if (holds(b, n, envs[e]) && !held_before(b, distinct, k, n, envs[e]))
      schedule_holder(b, n, envs[e]);
  for (size_t i = 0; i < n->nchildren; i++)
    if (n->children[i]->kind == CB_NODE_GROUP)
      walk_holders(b, distinct, k, n->children[i]);
}

static int line_cmp(const void *x, const void *y) {
  const struct cb_pay_line *l = x, *m = y;
  int c = cb_date_cmp(l->date, m->date);
  if (c)
    return c;
  return (l->order > m->order) - (l->order < m->order);
}

/* total += amount as printed: to the centime, half away from zero, as
   cb_fmt_eur shows it. Rounded amounts (an `arrondi` rule) are unchanged; exact
   ones (no rule) are paid and printed to the centime, and the totals must be
   the sums of the printed figures. */
static void add_printed(mpq_ptr total, mpq_srcptr amount) {
  mpq_t shown;
  mpq_init(shown);
  cb_num_round_dec(shown, amount, 2, CB_ROUND_HALF_AWAY);
  mpq_add(total, total, shown);
  mpq_clear(shown);
}

struct cb_schedule *cb_schedule_build(struct cb_arena *a, struct cb_diags *d,
                                      const struct cb_contract *c,
                                      const struct cb_evaluation *ev) {
  if (!c->nperiods || !c->periods[0].dated) {
    cb_diag_error(d, c->loc, "E0503",
                  "pas d'échéancier pour « %s » : ses années ne sont pas datées (ajoutez "
                  "« signature AAAA-MM-JJ » avec « duree N ans », ou « periode AAAA a AAAA »)",
                  c->id);
    return NULL;
  }
  struct sb b;
  memset(&b, 0, sizeof b);
  b.a = a;
  b.c = c;
  b.points = c->has_points_aci;
  b.by_period = cb_arena_array(a, c->nperiods, sizeof *b.by_period);
  b.groups = cb_arena_array(a, c->nperiods, sizeof *b.groups);
  for (size_t i = 0; i < ev->nperiods; i++)
    b.by_period[ev->periods[i].period->index] = &ev->periods[i];
  b.versions = ev->versions;
  /* the distinct versions, the contract first: an envelope an avenant adds
     is scheduled from the version that adds it (few versions: one per
     avenant start at most) */
  const struct cb_contract **distinct = cb_arena_array(a, c->nperiods + 1, sizeof *distinct);
  size_t nd = 0;
  distinct[nd++] = c;
  for (size_t i = 0; b.versions && i < c->nperiods; i++) {
    const struct cb_contract *v = b.versions[i];
    if (v && v != distinct[nd - 1] && v != c)
      distinct[nd++] = v;
  }
  bool fonctionnement = false;
  for (size_t k = 0; k < nd; k++)
    fonctionnement = fonctionnement || distinct[k]->fonctionnement.set;
  if (fonctionnement)
    schedule_holder(&b, c->root, CB_ENV_FONCTIONNEMENT);
  for (size_t k = 0; k < nd; k++)
    walk_holders(&b, distinct, k, distinct[k]->root);
  if (b.n > 1)
    qsort(b.lines, b.n, sizeof *b.lines, line_cmp);
  struct cb_schedule *s = cb_arena_alloc(a, sizeof *s);
  s->contract = c;
  s->lines = b.lines;
  s->nlines = b.n;
  s->total = cb_arena_mpq(a);
  bool undetermined = false;
  for (size_t i = 0; i < b.n; i++) {
    struct cb_pay_line *l = &b.lines[i];
    if (l->amount)
      add_printed(s->total, l->amount);
    else
      s->nundetermined++;
    l->after_undetermined = undetermined;
    if (!l->amount)
      undetermined = true;
    l->cumul = cb_arena_mpq_copy(a, s->total);
  }
  return s;
}

static void recount(struct cb_schedule *s) {
  mpq_set_ui(s->total, 0, 1);
  s->nundetermined = 0;
  for (size_t i = 0; i < s->nlines; i++) {
    if (s->lines[i].amount)
      add_printed(s->total, s->lines[i].amount);
    else
      s->nundetermined++;
  }
}

void cb_schedule_until(struct cb_schedule *s, struct cb_date until) {
  size_t n = 0;
  while (n < s->nlines && cb_date_cmp(s->lines[n].date, until) <= 0)
    n++;
  s->nlines = n;
  recount(s);
}

void cb_schedule_only_periods(struct cb_schedule *s, const struct cb_period *first,
                              const struct cb_period *last) {
  size_t n = 0;
  for (size_t i = 0; i < s->nlines; i++)
    if (s->lines[i].period->index >= first->index && s->lines[i].period->index <= last->index)
      s->lines[n++] = s->lines[i];
  s->nlines = n;
  recount(s);
}

void cb_schedule_only_period(struct cb_schedule *s, const struct cb_period *p) {
  cb_schedule_only_periods(s, p, p);
}
