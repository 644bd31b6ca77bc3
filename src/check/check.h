/*
 * check.h: whole-contract consistency checks.
 *
 * Runs after the model is built: weights that add up (100 %, the declared
 * points total, the variable envelope), barèmes whose tranches neither
 * overlap nor leave a gap over their domain, directions declared where a
 * comparison needs one, socles that differ from their objectives, objectives
 * set for every period (a warning when not), `a definir` objectives (a
 * warning), envelopes not nested in one another, computed values that refer
 * to known names without cycles. Every finding is a located diagnostic.
 */
#ifndef CB_CHECK_H
#define CB_CHECK_H

struct cb_program;
struct cb_diags;

void cb_check_program(struct cb_program *p, struct cb_diags *d);

#endif
