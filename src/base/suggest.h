/*
 * suggest.h: "voulez-vous dire … ?" for unknown names.
 *
 * Owns the edit distance used to propose the closest declared name when a
 * contract, a measures file or the command line names something unknown.
 */
#ifndef CB_SUGGEST_H
#define CB_SUGGEST_H

#include <stddef.h>

/* Returns whichever of candidate and best is closer to name, or best when
   candidate is too far to be a plausible typo (NULL if neither is). */
const char *cb_suggest_better(const char *name, const char *candidate, const char *best);
/* Edit distance (insertions, deletions, substitutions, adjacent swaps). */
size_t cb_edit_distance(const char *a, const char *b);

#endif
