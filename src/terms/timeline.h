/*
 * timeline.h: a contract over time, read period by period.
 *
 * A contract with avenants or `a partir de` blocks has versions that share
 * what they do not change (version.c); the table of the version in force
 * in each period is cb_contract.versions, and cb_contract_at answers for
 * one period (model.h). Here are the two reads built on it that checks,
 * tests and diffs need: an element as it stands in a period, and every
 * element id that any version has. A contract without versions is its own
 * single version.
 */
#ifndef CB_TIMELINE_H
#define CB_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct cb_arena;

/* Element id of contract c as it stands in period p: cb_contract_node_id
   in the version in force then; NULL when no version is in force or that
   version has no such element. The one lookup of "the node as it stands in
   period i" by id. */
struct cb_node *cb_node_at(const struct cb_contract *c, const char *id, const struct cb_period *p);

/* Every element id of any version of contract c (the contract's own id
   first), or only every indicator id when `indicators`, once each: in the
   order the versions come into force, depth first in source order within
   one (an id is new unless an earlier version has it, as an indicator when
   `indicators`); *n receives the count. Allocated in a. The one walk of
   "every id of any version". */
const char **cb_contract_ids(struct cb_arena *a, const struct cb_contract *c, bool indicators,
                             size_t *n);

#endif
