/*
 * dataset.h: the measures of a run, apart from the terms they measure.
 *
 * A cb_dataset maps (contract id, element id, period index) to one
 * cb_measure: sparse (only what was measured is stored), keyed by the ids
 * rather than by the cb_node, so that a measure of `x` for period 5 is seen
 * by whichever version of the contract (version.c: each avenant version is a
 * cb_contract of its own) is in force in period 5. A dataset may be an
 * overlay: its lookups fall back to a parent dataset, so that an `exemple`
 * block (over an empty base) or a `--bornes` probe (over the measures of the
 * run) adds values without writing into anything shared. The model is not
 * written once checked; the evaluator reads measures through a dataset.
 * Entries are kept in the order they were recorded, for any output that
 * iterates over them. Keys are borrowed (the ids of the syntax trees): they
 * must outlive the dataset; values are copied into the dataset.
 */
#ifndef CB_DATASET_H
#define CB_DATASET_H

#include <stddef.h>

#include "model.h"

struct cb_dataset;
struct cb_diags;

/* A new, empty dataset whose lookups fall back to parent (NULL: none). The
   parent must outlive it and must not change while it is read. */
struct cb_dataset *cb_dataset_new(const struct cb_dataset *parent);
void cb_dataset_free(struct cb_dataset *ds);

/* The measure of (contract, element, period) seen through ds (ds itself,
   then its parents), or NULL when there is none. */
const struct cb_measure *cb_dataset_get(const struct cb_dataset *ds, const char *contract,
                                        const char *element, int period);

/* Records m (present) for (contract, element, period) in ds, hiding any
   measure of the parents: a probe's value. Replaces one already in ds. */
void cb_dataset_put(struct cb_dataset *ds, const char *contract, const char *element, int period,
                    const struct cb_measure *m);

/* Records measure m of node n (of contract c) for period p, unless one is
   already seen through ds: then reports the duplicate (E0305, with a note
   at the first one) and records nothing. */
void cb_dataset_record(struct cb_dataset *ds, struct cb_diags *d, const struct cb_contract *c,
                       const struct cb_node *n, const struct cb_period *p,
                       const struct cb_measure *m);

/* The number of measures recorded in ds itself (not its parents), and the
   i-th of them in the order they were recorded, with its key. */
size_t cb_dataset_count(const struct cb_dataset *ds);
const struct cb_measure *cb_dataset_entry(const struct cb_dataset *ds, size_t i,
                                          const char **contract, const char **element,
                                          int *period);

#endif
