/*
 * signature.h: the strict profile of `cible check --signature`.
 *
 * A contract that is about to be signed must say everything: an objective
 * for every indicator and every period (none `a definir`), a source and a
 * direction for every indicator, barèmes that cover every value they can
 * be given, objectives that move in the indicator's direction (dates
 * outside the contract are already errors of the ordinary checks). Each finding is an error of code E043x, located on the line
 * to change; the ordinary checks must have passed first.
 */
#ifndef CB_SIGNATURE_H
#define CB_SIGNATURE_H

struct cb_arena;
struct cb_diags;
struct cb_program;

/* Reports the findings of every contract of p (checked without errors) to
   d, working in a; every version of a contract changed by avenants is
   examined for the periods it applies to. */
void cb_signature_check(struct cb_arena *a, const struct cb_program *p, struct cb_diags *d);

#endif
