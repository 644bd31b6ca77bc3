/*
 * eval.h: evaluation of a contract for its periods.
 *
 * For each period, the evaluator computes a result per node (indicator,
 * group, contract): objective, measure, ratio, whether the objective is met,
 * attainment by the declared method, the rate after barème, the share of the
 * envelope (or of the points) and what is paid. A figure that cannot be
 * computed is never a guessed zero: its status says why (neutralised, no
 * objective, missing measure...). Each result carries the chain of steps that
 * produced it, each step with the location of the contract line or the
 * measure row it used. Measures are read from a dataset (dataset.h); results
 * live in the evaluation's arena.
 */
#ifndef CB_EVAL_H
#define CB_EVAL_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "totals.h"

struct cb_arena;
struct cb_dataset;

enum cb_status {
  CB_RES_OK,           /* scored */
  CB_RES_NEUTRALISED,  /* neutralised for the period */
  CB_RES_NO_OBJECTIVE, /* no objective for the period */
  CB_RES_TO_DEFINE,    /* objective `a definir` */
  CB_RES_MISSING,      /* measure missing (rule erreur): no figure */
  CB_RES_UNDETERMINED, /* depends on something that has no figure */
  CB_RES_EXCLUDED,     /* measure missing, rule exclure: left out */
  CB_RES_VALUE,        /* a donnée: a value, nothing to score */
};

struct cb_step {
  const char *text;
  struct cb_loc loc;  /* the rule or input used; src NULL when none */
  struct cb_loc loc2; /* a second source (an envelope, a row) */
  struct cb_step *next;
};

struct cb_result {
  const struct cb_node *node;
  const struct cb_period *period;
  enum cb_status status;
  const char *reason;      /* why there is no figure, in French */

  mpq_ptr objective;       /* NULL when none */
  enum cb_cmp cmp;
  const struct cb_measure *m;
  mpq_ptr measure;         /* NULL when missing; a donnée's computed value too */
  bool measure_counted_zero;
  mpq_ptr ratio;           /* NULL when not applicable or undefined */
  bool ratio_undefined;
  int met;                 /* -1 not applicable, 0 no, 1 yes */
  mpq_ptr attainment;      /* after plafond/plancher, NULL when none */
  bool capped;
  const struct cb_mtranche *tranche;
  mpq_ptr after;           /* rate after barème (or attainment when no barème) */
  mpq_ptr weight;          /* effective fraction in the parent (NULL: not counted) */
  bool counted;            /* enters the parent's mean */
  bool share_points;       /* share and paid are points, not euros */
  mpq_ptr share;           /* euros or points this node can earn; NULL: none */
  mpq_ptr paid;            /* euros or points earned; NULL when undetermined */
  mpq_ptr paid_exact;      /* before rounding */
  bool rounded;            /* paid is rounded here (the contract's `arrondi` stage) */
  mpq_ptr rounding_taken;  /* unit taken back from this rounded amount; NULL: none */
  mpq_ptr envelope_taken;  /* envelope holder: total taken back from its rounded parts */
  mpq_ptr points_share;    /* ACI points: points this node can earn (fixed + variable × scale) */
  mpq_ptr points_paid;     /* ACI points earned; NULL when not paid in points or undetermined */
  const char *share_unknown; /* ACI points: why what it can earn is not known (share and
                                points_share are then NULL); NULL: known */
  mpq_ptr share_at_least;  /* with share_unknown, on a group: what its elements with a known */
  mpq_ptr points_at_least; /* possible amount can earn (euros, points): a lower bound */
  const char *gate;        /* ACI prérequis: why nothing is due, or why no figure is (NULL: none) */
  mpq_ptr points_formula[2]; /* ACI `points_… = formule`: its value for the period; NULL: none */
  mpq_ptr amount_period;   /* a `montant` that varies (par donnée, formule): the period's
                              amount, at most its maximum (the weight); NULL: none or unknown */
  mpq_ptr amount_scale;    /* amount_period / maximum: what the attainment pays is scaled by it */
  mpq_ptr fixe;            /* a group's fixed envelope for the period */
  mpq_ptr variable;        /* a group's variable envelope for the period */
  int nscored, nunscored;  /* groups: children scored / without objective */

  struct cb_result **children;
  size_t nchildren;
  struct cb_step *steps, *steps_tail;
};

struct cb_period_eval {
  const struct cb_contract *contract; /* the version of the contract evaluated */
  const struct cb_period *period;
  struct cb_result *root;
  struct cb_result **by_index; /* results of indicators and données by cb_node.index
                                  (données are not in the tree under root) */
  struct cb_result **groups;   /* group results, for lookups by id */
  size_t ngroups;
  struct cb_envelope_totals totals; /* root's envelopes and what they pay, summed once */
};

struct cb_evaluation {
  const struct cb_contract *contract;
  struct cb_period_eval *periods;
  size_t nperiods;
  /* the version in force for each period of the contract (by period index,
     NULL outside every version), when the contract changes from a period on
     (avenants: cb_session_eval); NULL when the evaluation has one version */
  const struct cb_contract **versions;
};

/* q rounded as contract c says (step and mode of its `arrondi`). */
void cb_round_amount(const struct cb_contract *c, mpq_t out, mpq_srcptr q);
const char *cb_round_mode_text(enum cb_round_mode m);   /* "demi-unité éloignée de zéro" */
const char *cb_round_stage_text(enum cb_round_stage s); /* "par indicateur" */

/* Evaluates contract c on the measures of ds (dataset.h) for one period,
   or for every period that has an objective or a measure when period is
   NULL. Neither c nor ds is written: results are allocated in a. */
struct cb_evaluation *cb_eval_contract(struct cb_arena *a, const struct cb_contract *c,
                                       const struct cb_dataset *ds,
                                       const struct cb_period *period);

#endif
