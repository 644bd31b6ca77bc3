/*
 * schedule.h: the dated payment schedule of a contract ("échéancier").
 *
 * From the contract's calendar (years from the signature, or calendar
 * years), its envelopes (fonctionnement, each mission's fixe and variable),
 * the missions' start dates, the payment rules (payrule.h) and an
 * evaluation of every period (for the variable part), schedule.c computes
 * every payment: its date, the year it pays for, what it is (advance,
 * balance, recovery), on which envelope, its base, rate and proration, its
 * exact amount rounded as the contract says, and the running total. A
 * payment that depends on figures not known yet (measures missing, no
 * objective) has no amount and says why: it is never a zero. A termination
 * (`resiliation`) stops the schedule at its date and settles every year
 * begun, recovering advances not earned.
 */
#ifndef CB_SCHEDULE_H
#define CB_SCHEDULE_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "eval.h"
#include "model.h"

struct cb_arena;
struct cb_diags;

enum cb_pay_kind_line {
  CB_PAY_AVANCE,  /* an advance on the year's envelope */
  CB_PAY_SOLDE,   /* what is left of the year's due once advances are paid */
  CB_PAY_REPRISE, /* a negative balance: advances recovered */
  CB_PAY_PART_VARIABLE, /* the variable part (no advance) */
};

struct cb_pay_line {
  struct cb_date date;
  const struct cb_period *period;  /* the year paid for */
  const struct cb_node *owner;     /* the mission, or the contract */
  enum cb_envelope env;
  enum cb_pay_kind_line kind;
  const char *object;              /* "avance au démarrage", "solde", … */
  mpq_ptr base;                    /* the year's envelope (or assiette); NULL: unknown */
  mpq_ptr rate;                    /* advance rate; NULL otherwise */
  mpq_ptr prorata;                 /* NULL: whole year */
  const char *prorata_text;        /* "203/365 jours" */
  mpq_ptr amount;                  /* rounded; NULL: à déterminer */
  mpq_ptr amount_exact;
  const char *why;                 /* why there is no amount yet */
  const char *detail;              /* how the amount is computed, in French */
  mpq_ptr cumul;                   /* total of the printed amounts (to the
                                      centime) up to this line */
  bool after_undetermined;         /* an earlier line has no amount */
  bool resiliation;                /* moved to or caused by the termination */
  struct cb_loc rule_loc;          /* the rule (avance, solde, prorata) */
  struct cb_loc amount_loc;        /* the envelope or the evaluation */
  int order;                       /* for a stable sort */
};

struct cb_schedule {
  const struct cb_contract *contract;
  struct cb_pay_line *lines;
  size_t nlines;
  mpq_ptr total;                   /* sum of the determined amounts, as
                                      printed (to the centime) */
  size_t nundetermined;
};

/* Builds the schedule of contract c with ev (every period evaluated).
   Returns NULL after reporting E0503 when the contract has no dated
   calendar. */
struct cb_schedule *cb_schedule_build(struct cb_arena *a, struct cb_diags *d,
                                      const struct cb_contract *c,
                                      const struct cb_evaluation *ev);

/* Keeps the lines dated on or before `until` (cumulative totals unchanged). */
void cb_schedule_until(struct cb_schedule *s, struct cb_date until);
/* Keeps the lines that pay for the periods first to last (by position in
   the contract; running totals stay those of the whole schedule; the total
   is that of the lines kept). */
void cb_schedule_only_periods(struct cb_schedule *s, const struct cb_period *first,
                              const struct cb_period *last);
/* The same for the one period p. */
void cb_schedule_only_period(struct cb_schedule *s, const struct cb_period *p);

#endif
