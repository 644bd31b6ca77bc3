/*
 * dataset.c: the measures of a run as a sparse map (see dataset.h).
 *
 * Owns the storage of measures: an array of entries in the order they were
 * recorded (each in the dataset's arena, so that a measure stays where
 * it is) and a hash table of those entries (hashtab.h), keyed by
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
#include "hashtab.h"

struct entry {
  const char *contract, *element;
  int period;
  struct cb_measure m;
};

struct cb_dataset {
  const struct cb_dataset *parent;
  struct cb_arena *a;      /* the entries and their values: a measure stays
                              where it is while the dataset lives */
  struct entry **entries;  /* in the order recorded */
  size_t n, cap;
  struct cb_hashtab index;  /* the entries by key */
  struct cb_hashtab values; /* each value of the entries once (own_value) */
};

struct cb_dataset *cb_dataset_new(const struct cb_dataset *parent) {
  struct cb_dataset *ds = cb_xmalloc(sizeof *ds);
  memset(ds, 0, sizeof *ds);
  ds->parent = parent;
  ds->a = cb_arena_new();
  cb_hashtab_init(&ds->index, NULL);
  cb_hashtab_init(&ds->values, NULL);
  return ds;
}

void cb_dataset_free(struct cb_dataset *ds) {
  if (!ds)
    return;
  cb_arena_free(ds->a);
  free(ds->entries);
  cb_hashtab_free(&ds->index);
  cb_hashtab_free(&ds->values);
  free(ds);
}

static size_t key_hash(const char *contract, const char *element, int period) {
  size_t h = cb_hash_mix(cb_hash_str(contract), cb_hash_str(element));
  return cb_hash_mix(h, (size_t)(unsigned)period);
}

struct key {
  const char *contract, *element;
  int period;
};

static bool entry_same(const void *entry, const void *key) {
  const struct entry *e = entry;
  const struct key *k = key;
  return e->period == k->period && strcmp(e->element, k->element) == 0 &&
         strcmp(e->contract, k->contract) == 0;
}

static struct entry *own_find(const struct cb_dataset *ds, size_t h, const char *contract,
                              const char *element, int period) {
  struct key key = {contract, element, period};
  return cb_hashtab_find(&ds->index, h, entry_same, &key);
}

const struct cb_measure *cb_dataset_get(const struct cb_dataset *ds, const char *contract,
                                        const char *element, int period) {
  size_t h = key_hash(contract, element, period);
  for (; ds; ds = ds->parent) {
    const struct entry *e = own_find(ds, h, contract, element, period);
    if (e)
      return &e->m;
  }
  return NULL;
}

static bool value_same(const void *entry, const void *key) { return mpq_equal(entry, key) != 0; }

/* The dataset's own copy of q: one rational per distinct value, since a
   measures file repeats the same few values over hundreds of thousands of
   rows, and a measure is never written into once recorded. */
static mpq_ptr own_value(struct cb_dataset *ds, mpq_srcptr q) {
  size_t h = cb_hash_mix(mpz_getlimbn(mpq_numref(q), 0), mpz_getlimbn(mpq_denref(q), 0));
  h = cb_hash_mix(h, (size_t)(mpz_size(mpq_numref(q)) * 4 + (size_t)(mpq_sgn(q) + 1)));
  mpq_ptr v = cb_hashtab_find(&ds->values, h, value_same, q);
  if (!v) {
    v = cb_arena_mpq_copy(ds->a, q);
    cb_hashtab_add(&ds->values, h, v);
  }
  return v;
}

void cb_dataset_put(struct cb_dataset *ds, const char *contract, const char *element, int period,
                    const struct cb_measure *m) {
  size_t h = key_hash(contract, element, period);
  struct entry *e = own_find(ds, h, contract, element, period);
  if (!e) {
    if (ds->n == ds->cap) {
      ds->cap = ds->cap ? 2 * ds->cap : 64;
      ds->entries = cb_xrealloc(ds->entries, ds->cap * sizeof *ds->entries);
    }
    e = cb_arena_alloc(ds->a, sizeof *e);
    ds->entries[ds->n++] = e;
    e->contract = contract;
    e->element = element;
    e->period = period;
    cb_hashtab_add(&ds->index, h, e);
  }
  e->m = *m;
  e->m.present = true;
  if (m->value)
    e->m.value = own_value(ds, m->value);
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
