/*
 * timeline.c: a contract over time, read period by period (see
 * timeline.h): an element as it stands in a period (cb_node_at) and every
 * element id of any version (cb_contract_ids), both through the table of
 * the version in force in each period (cb_contract_at).
 */
#include "timeline.h"

#include "arena.h"

struct cb_node *cb_node_at(const struct cb_contract *c, const char *id,
                           const struct cb_period *p) {
  const struct cb_contract *v = cb_contract_at(c, p);
  return v ? cb_contract_node_id(v, id) : NULL;
}

/* The walk of cb_contract_ids: the ids found so far, and a stack of nodes. */
struct id_walk {
  struct cb_arena *a;
  const char **ids;
  size_t n, cap;
  const struct cb_node **stack;
  size_t scap;
};

/* Whether version v has element id, as an indicator when `indicators`. */
static bool has_id(const struct cb_contract *v, const char *id, bool indicators) {
  const struct cb_node *n = cb_contract_node_id(v, id);
  return n && (!indicators || n->kind == CB_NODE_INDICATOR);
}

/* Appends to w the ids of version v's tree (depth first, source order)
   that none of the versions vs[0..nv) has. */
static void version_ids(const struct cb_contract *v, const struct cb_contract **vs, size_t nv,
                        bool indicators, struct id_walk *w) {
  size_t sp = 0;
  w->stack = cb_arena_grow(w->a, w->stack, sp, &w->scap, sizeof *w->stack);
  w->stack[sp++] = v->root;
  while (sp) {
    const struct cb_node *nd = w->stack[--sp];
    bool seen = indicators && nd->kind != CB_NODE_INDICATOR;
    for (size_t j = 0; j < nv && !seen; j++) /* hash lookups, not a scan of ids */
      seen = has_id(vs[j], nd->id, indicators);
    if (!seen) {
      w->ids = cb_arena_grow(w->a, w->ids, w->n, &w->cap, sizeof *w->ids);
      w->ids[w->n++] = nd->id;
    }
    for (size_t k = nd->nchildren; k > 0; k--) {
      w->stack = cb_arena_grow(w->a, w->stack, sp, &w->scap, sizeof *w->stack);
      w->stack[sp++] = nd->children[k - 1];
    }
  }
}

const char **cb_contract_ids(struct cb_arena *a, const struct cb_contract *c, bool indicators,
                             size_t *n) {
  struct id_walk w = {a, NULL, 0, 0, NULL, 0};
  const struct cb_contract **vs = NULL;
  size_t nv = 0, capv = 0;
  for (size_t i = 0; i < c->nperiods; i++) {
    const struct cb_contract *v = cb_contract_at(c, &c->periods[i]);
    bool again = !v;
    for (size_t k = 0; k < nv && !again; k++)
      again = vs[k] == v;
    if (again)
      continue;
    version_ids(v, vs, nv, indicators, &w);
    vs = cb_arena_grow(a, vs, nv, &capv, sizeof *vs);
    vs[nv++] = v;
  }
  *n = w.n;
  return w.ids;
}
