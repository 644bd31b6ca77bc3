/*
 * hashtab.c: the one hash table of Cible (see hashtab.h).
 *
 * Owns the probe, grow and rehash loops that every table of src/ shares:
 * linear probing over a power-of-two array of (hash, entry) slots, doubled
 * when an addition would make it more than half full, the stored hashes
 * placing the entries again without calling back the caller. Owns too the
 * hashes of names, pointers and composite keys.
 */
#include "hashtab.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

#define CB_HASHTAB_MIN_CAP 64

void cb_hashtab_init(struct cb_hashtab *t, struct cb_arena *arena) {
  memset(t, 0, sizeof *t);
  t->arena = arena;
}

static struct cb_hashtab_slot *new_slots(const struct cb_hashtab *t, size_t cap) {
  if (t->arena)
    return cb_arena_array(t->arena, cap, sizeof(struct cb_hashtab_slot));
  if (cap > SIZE_MAX / sizeof(struct cb_hashtab_slot))
    abort();
  struct cb_hashtab_slot *s = cb_xmalloc(cap * sizeof *s);
  memset(s, 0, cap * sizeof *s);
  return s;
}

/* Places entry in the first empty slot of its probe sequence. */
static void place(struct cb_hashtab_slot *slots, size_t cap, size_t hash, void *entry) {
  size_t j = hash & (cap - 1);
  while (slots[j].entry)
    j = (j + 1) & (cap - 1);
  slots[j].hash = hash;
  slots[j].entry = entry;
}

static void grow(struct cb_hashtab *t) {
  size_t cap = t->cap ? 2 * t->cap : CB_HASHTAB_MIN_CAP;
  struct cb_hashtab_slot *slots = new_slots(t, cap);
  /* From an empty slot round, so that no run of full slots is cut in two:
     entries of one hash are placed again in the order they were added. */
  size_t start = 0;
  while (start < t->cap && t->slots[start].entry)
    start++;
  for (size_t k = 0; k < t->cap; k++) {
    const struct cb_hashtab_slot *s = &t->slots[(start + k) & (t->cap - 1)];
    if (s->entry)
      place(slots, cap, s->hash, s->entry);
  }
  if (!t->arena)
    free(t->slots); /* an arena's stay until the arena is freed */
  t->slots = slots;
  t->cap = cap;
}

void *cb_hashtab_find(const struct cb_hashtab *t, size_t hash,
                    bool (*same)(const void *entry, const void *key), const void *key) {
  if (!t->n)
    return NULL;
  for (size_t j = hash & (t->cap - 1); t->slots[j].entry; j = (j + 1) & (t->cap - 1))
    if (t->slots[j].hash == hash && same(t->slots[j].entry, key))
      return t->slots[j].entry;
  return NULL;
}

void cb_hashtab_add(struct cb_hashtab *t, size_t hash, void *entry) {
  if (2 * (t->n + 1) > t->cap)
    grow(t);
  place(t->slots, t->cap, hash, entry);
  t->n++;
}

void cb_hashtab_clear(struct cb_hashtab *t) {
  if (t->n)
    memset(t->slots, 0, t->cap * sizeof *t->slots);
  t->n = 0;
}

void cb_hashtab_free(struct cb_hashtab *t) {
  if (!t->arena)
    free(t->slots);
  t->slots = NULL;
  t->cap = t->n = 0;
}

size_t cb_hash_str(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

size_t cb_hash_ptr(const void *p) {
  size_t h = (size_t)(uintptr_t)p;
  h ^= h >> 17;
  return h * 0x9E3779B97F4A7C15u;
}

size_t cb_hash_mix(size_t h, size_t v) { return (h ^ v) * 1099511628211u; }
