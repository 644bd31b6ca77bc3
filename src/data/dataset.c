/*
 * dataset.c: the measures of a run as a sparse map (see dataset.h).
 *
 * Owns the storage of measures: an array of entries in the order they were
 * recorded (each in the dataset's arena, so that a measure stays where
 * it is) and an open-addressing hash table of their positions, keyed by
 * (contract id, element id, period index); the measured values are copied
 * into the dataset's own arena. Owns the duplicate-measure diagnostic
 * (E0305), the same for `mesures` blocks and CSV rows.
 */
#include "dataset.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"

struct entry {
  const char *contract, *element;
  int period;
  size_t hash;
  struct cb_measure m;
};

struct cb_dataset {
  const struct cb_dataset *parent;
  struct cb_arena *a;      /* the entries and their values: a measure stays
                              where it is while the dataset lives */
  struct entry **entries;  /* in the order recorded */
  size_t n, cap;
  size_t *slots;           /* 0: empty, else entry index + 1 */
  size_t nslots;           /* a power of two, at least twice n */
};

struct cb_dataset *cb_dataset_new(const struct cb_dataset *parent) {
  struct cb_dataset *ds = cb_xmalloc(sizeof *ds);
  memset(ds, 0, sizeof *ds);
  ds->parent = parent;
  ds->a = cb_arena_new();
  return ds;
}

void cb_dataset_free(struct cb_dataset *ds) {
  if (!ds)
    return;
  cb_arena_free(ds->a);
  free(ds->entries);
  free(ds->slots);
  free(ds);
}

static size_t key_hash(const char *contract, const char *element, int period) {
  size_t h = cb_hash_str(contract);
  h = (h ^ cb_hash_str(element)) * 1099511628211u;
  return (h ^ (size_t)(unsigned)period) * 1099511628211u;
}

/* The slot of the key in ds's table: its entry's, or the empty one where it
   would go. nslots must be non-zero. */
static size_t find_slot(const struct cb_dataset *ds, size_t h, const char *contract,
                        const char *element, int period) {
  size_t j = h & (ds->nslots - 1);
  while (ds->slots[j]) {
    const struct entry *e = ds->entries[ds->slots[j] - 1];
    if (e->hash == h && e->period == period && strcmp(e->element, element) == 0 &&
        strcmp(e->contract, contract) == 0)
      return j;
    j = (j + 1) & (ds->nslots - 1);
  }
  return j;
}

static void grow_slots(struct cb_dataset *ds) {
  size_t ns = ds->nslots ? 2 * ds->nslots : 64;
  free(ds->slots);
  ds->slots = cb_xmalloc(ns * sizeof *ds->slots);
  memset(ds->slots, 0, ns * sizeof *ds->slots);
  ds->nslots = ns;
  for (size_t i = 0; i < ds->n; i++) {
    size_t j = ds->entries[i]->hash & (ns - 1);
    while (ds->slots[j])
      j = (j + 1) & (ns - 1);
    ds->slots[j] = i + 1;
  }
}

static const struct cb_measure *own_get(const struct cb_dataset *ds, size_t h,
                                        const char *contract, const char *element, int period) {
  if (!ds->n)
    return NULL;
  size_t j = find_slot(ds, h, contract, element, period);
  return ds->slots[j] ? &ds->entries[ds->slots[j] - 1]->m : NULL;
}

const struct cb_measure *cb_dataset_get(const struct cb_dataset *ds, const char *contract,
                                        const char *element, int period) {
  size_t h = key_hash(contract, element, period);
  for (; ds; ds = ds->parent) {
    const struct cb_measure *m = own_get(ds, h, contract, element, period);
    if (m)
      return m;
  }
  return NULL;
}

void cb_dataset_put(struct cb_dataset *ds, const char *contract, const char *element, int period,
                    const struct cb_measure *m) {
  size_t h = key_hash(contract, element, period);
  if (2 * (ds->n + 1) > ds->nslots)
    grow_slots(ds);
  size_t j = find_slot(ds, h, contract, element, period);
  struct entry *e;
  if (ds->slots[j]) {
    e = ds->entries[ds->slots[j] - 1];
  } else {
    if (ds->n == ds->cap) {
      ds->cap = ds->cap ? 2 * ds->cap : 64;
      ds->entries = cb_xrealloc(ds->entries, ds->cap * sizeof *ds->entries);
    }
    e = cb_arena_alloc(ds->a, sizeof *e);
    ds->entries[ds->n++] = e;
    ds->slots[j] = ds->n;
    e->contract = contract;
    e->element = element;
    e->period = period;
    e->hash = h;
  }
  e->m = *m;
  e->m.present = true;
  if (m->value)
    e->m.value = cb_arena_mpq_copy(ds->a, m->value);
}

void cb_dataset_record(struct cb_dataset *ds, struct cb_diags *d, const struct cb_contract *c,
                       const struct cb_node *n, const struct cb_period *p,
                       const struct cb_measure *m) {
  const struct cb_measure *first = cb_dataset_get(ds, c->id, n->id, p->index);
  if (first) {
    cb_diag_error(d, m->loc, "E0305", "mesure en double pour « %s » en %s", n->id, p->name);
    cb_diag_note(d, first->loc, "première mesure de « %s » en %s", n->id, p->name);
    return;
  }
  cb_dataset_put(ds, c->id, n->id, p->index, m);
}

size_t cb_dataset_count(const struct cb_dataset *ds) { return ds->n; }

const struct cb_measure *cb_dataset_entry(const struct cb_dataset *ds, size_t i,
                                          const char **contract, const char **element,
                                          int *period) {
  const struct entry *e = ds->entries[i];
  *contract = e->contract;
  *element = e->element;
  *period = e->period;
  return &e->m;
}
