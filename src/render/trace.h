/*
 * trace.h: the French sentence of one evaluation step.
 *
 * The evaluator (eval.h) records what each step did (struct cb_step: a
 * kind, its sources and its operands); this printer writes the sentence the
 * explanation shows for it, formatting the figures as format.h does. Only
 * the readers that print a step call it (--explain, JSON `etapes`, the
 * library), so an evaluation that prints no explanation writes no sentence.
 */
#ifndef CB_TRACE_H
#define CB_TRACE_H

#include "eval.h"

struct cb_buf;

/* Appends the sentence of step s to out (no newline). */
void cb_step_text(struct cb_buf *out, const struct cb_step *s);

#endif
