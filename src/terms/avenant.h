/*
 * avenant.h: avenants, and the consolidation of a contract with them.
 *
 * An avenant (`avenant N au contrat ID "libellé" { date …  changes }`) is a
 * separate top-level block that changes a contract from its date, or from
 * `a partir de P`. Consolidation applies the avenants of a contract in order
 * of their number to a copy of its syntax tree, as the law consolidates a
 * text: a change for one period (objectif an 2, neutralise 2020…) replaces
 * that period's statement in place; any other change, and every addition or
 * `retire`, goes into an `a partir de P { … }` block of the element it
 * changes, which version.h turns into versions. Each statement taken from an
 * avenant keeps its location and the avenant's number (cb_stmt.avenant).
 */
#ifndef CB_AVENANT_H
#define CB_AVENANT_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

struct cb_arena;
struct cb_diags;
struct cb_avenants;
struct cb_contract;

/* True when some file holds an avenant, or a contract an `a partir de` block. */
bool cb_avenant_any(struct cb_file **files, size_t nfiles);

/* The consolidation of contract t with the avenants of ix that name it
   (t itself when there are none). base is t as it reads in its first period,
   built (for its periods and their dates). Errors go to d. upto: apply the
   avenants numbered up to upto only (0: all). */
const struct cb_top *cb_avenant_apply(struct cb_arena *a, struct cb_diags *d,
                                      const struct cb_top *t, const struct cb_contract *base,
                                      const struct cb_avenants *ix, long upto);

/* The avenants of files by the contract they change, each contract's in
   the order of the files: made once, so that applying them to each of many
   contracts does not walk every file again. Lives in arena a. */
struct cb_avenants *cb_avenants_index(struct cb_arena *a, struct cb_file **files, size_t nfiles);

/* Reports (E0401) the avenants of files whose contract is in none of them. */
void cb_avenant_check_targets(struct cb_diags *d, struct cb_file **files, size_t nfiles);

#endif
