/*
 * version.h: contracts whose terms change from a period on.
 *
 * A contract may hold `a partir de P { … }` blocks, written by hand or left
 * by the consolidation of its avenants (avenant.h). Such a contract is split
 * into versions, one per distinct starting period: each is an ordinary
 * contract syntax tree, as the contract reads from that period to the next
 * start, and applies to those periods only (cb_top.vfrom, vto).
 */
#ifndef CB_VERSION_H
#define CB_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

struct cb_arena;
struct cb_diags;
struct cb_contract;

struct cb_version {
  struct cb_top *top; /* versioned: vfrom..vto */
  struct cb_loc cause; /* the first block starting this version (src NULL: the first) */
  long avenant;        /* the avenant that wrote that block, 0 if none */
};

/* Splits contract t, whose periods are those of base (cb_model_periods),
   into its versions; returns how many (at least 1).
   Errors in the blocks are reported once, to d. */
size_t cb_version_split(struct cb_arena *a, struct cb_diags *d, const struct cb_top *t,
                        const struct cb_contract *base, struct cb_version **out);

/* Index of period r in base, or -1 after reporting E0210. */
int cb_version_period_index(struct cb_diags *d, const struct cb_contract *base,
                            const struct cb_period_ref *r);
/* Suggests the declared name closest to id among the declarations of body
   (recursively), as a note at loc. */
void cb_version_suggest(struct cb_diags *d, const struct cb_stmt *body, const char *id,
                        struct cb_loc loc);

#endif
