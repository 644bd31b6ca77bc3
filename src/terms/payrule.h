/*
 * payrule.h: the payment rules of a contract's envelopes.
 *
 * payrule.c reads `versement fonctionnement|fixe|variable { … }` blocks (from
 * the contract or from the accord module it imports) into cb_payrule: which
 * advances are paid at which event, when the balance comes, how an
 * incomplete first year is prorated, what the advance is computed on. It
 * also gives the default rule of an envelope that has none (everything at
 * the end of the year) and the French words of events for reports.
 */
#ifndef CB_PAYRULE_H
#define CB_PAYRULE_H

#include "model.h"

struct cb_arena;
struct cb_diags;

/* Builds c->payrules[envelope of st] from a `versement` statement. */
void cb_payrule_build(struct cb_arena *a, struct cb_diags *d, struct cb_contract *c,
                      const struct cb_stmt *st);
/* Gives the envelopes without a `versement` block the default rule. */
void cb_payrule_defaults(struct cb_contract *c);

const char *cb_envelope_name(enum cb_envelope e);  /* "fonctionnement", "fixe"… */
const char *cb_month_name(int month);              /* 1..12: "janvier"… */
/* Month of a French month name ("avril", "aout" or "août"), or 0. */
int cb_month_parse(const char *word);

#endif
