/*
 * suggest.c: the closest declared name to an unknown one.
 *
 * A bounded Damerau-Levenshtein distance over bytes; a candidate is proposed
 * only when it is within a third of the name's length (at least 1, at most
 * 3 edits), so that the hint is a likely typo and not noise.
 */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

size_t cb_edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 256 || lb > 256)
    return (size_t)-1;
  size_t *prev2 = cb_xmalloc((lb + 1) * sizeof *prev2);
  size_t *prev = cb_xmalloc((lb + 1) * sizeof *prev);
  size_t *cur = cb_xmalloc((lb + 1) * sizeof *cur);
  for (size_t j = 0; j <= lb; j++)
    prev[j] = j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t v = prev[j] + 1;
      if (cur[j - 1] + 1 < v)
        v = cur[j - 1] + 1;
      if (prev[j - 1] + cost < v)
        v = prev[j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          prev2[j - 2] + 1 < v)
        v = prev2[j - 2] + 1;
      cur[j] = v;
    }
    size_t *t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  size_t r = prev[lb];
  free(prev2);
  free(prev);
  free(cur);
  return r;
}

static size_t limit(const char *name) {
  size_t l = strlen(name) / 3;
  return l < 1 ? 1 : l > 3 ? 3 : l;
}

const char *cb_suggest_better(const char *name, const char *candidate, const char *best) {
  size_t d = cb_edit_distance(name, candidate);
  if (d > limit(name))
    return best;
  if (best && cb_edit_distance(name, best) <= d)
    return best;
  return candidate;
}
