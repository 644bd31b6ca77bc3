/*
 * hashtab.h: the one hash table of Cible, and the hashes its keys use
 * (the aligned text tables of the printers are render/table.h).
 *
 * Open addressing with linear probing, a power-of-two capacity, grown when
 * half full. A slot holds an entry's hash and a pointer to the entry; the
 * entries belong to the caller (an arena, an array that never moves, the
 * nodes of a model), which keeps its key inside the entry and says, through
 * `same`, whether an entry has a given key. A table is never iterated: what
 * must come out in an order is kept in that order by its owner. A zeroed
 * struct cb_hashtab is an empty table whose slots are malloc'd.
 */
#ifndef CB_HASHTAB_H
#define CB_HASHTAB_H

#include <stdbool.h>
#include <stddef.h>

struct cb_arena;

struct cb_hashtab_slot {
  size_t hash;
  void *entry; /* NULL: empty */
};

struct cb_hashtab {
  struct cb_hashtab_slot *slots;
  size_t cap, n;
  struct cb_arena *arena; /* NULL: slots malloc'd, freed by cb_hashtab_free */
};

/* An empty table whose slots live in arena (NULL: malloc'd). */
void cb_hashtab_init(struct cb_hashtab *t, struct cb_arena *arena);
/* The entry of hash hash for which same(entry, key) holds, or NULL; same is
   called only on entries of that hash. The first added answers. */
void *cb_hashtab_find(const struct cb_hashtab *t, size_t hash,
                    bool (*same)(const void *entry, const void *key), const void *key);
/* Adds entry (not NULL) under hash, without looking for one like it. */
void cb_hashtab_add(struct cb_hashtab *t, size_t hash, void *entry);
/* Empties the table, keeping its slots for what is added next. */
void cb_hashtab_clear(struct cb_hashtab *t);
/* Frees malloc'd slots (nothing for an arena's); the table is then empty. */
void cb_hashtab_free(struct cb_hashtab *t);

/* The FNV-1a hash of a string (from model.c, values unchanged): for every
   table keyed by names. */
size_t cb_hash_str(const char *s);
/* The hash of a pointer, for tables keyed by an object's address. */
size_t cb_hash_ptr(const void *p);
/* h combined with v, for composite keys: cb_hash_mix(cb_hash_str(a), b). */
size_t cb_hash_mix(size_t h, size_t v);

#endif
