/*
 * arena.h: bump allocation for everything a run builds.
 *
 * The AST, the checked contract model and the evaluation results each live in
 * an arena and die with one cb_arena_free(); nothing inside is freed
 * individually. GMP rationals allocated with cb_arena_mpq() are registered so
 * that the arena clears them when it is freed.
 */
#ifndef CB_ARENA_H
#define CB_ARENA_H

#include <gmp.h>
#include <stddef.h>

struct cb_arena;

struct cb_arena *cb_arena_new(void);
/* Zeroed, aligned for any object. Aborts on exhaustion. */
void *cb_arena_alloc(struct cb_arena *a, size_t size);
/* Zeroed array of n elements of size sz; aborts on overflow. */
void *cb_arena_array(struct cb_arena *a, size_t n, size_t sz);
/* Room for element n of the array v of capacity *cap: v itself, or a copy
   twice as large (the old one stays in the arena). */
void *cb_arena_grow(struct cb_arena *a, void *v, size_t n, size_t *cap, size_t sz);
char *cb_arena_strndup(struct cb_arena *a, const char *s, size_t n);
char *cb_arena_strdup(struct cb_arena *a, const char *s);
char *cb_arena_printf(struct cb_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An initialised rational (value 0), cleared when the arena is freed. */
mpq_ptr cb_arena_mpq(struct cb_arena *a);
/* Same, initialised as a copy of q. */
mpq_ptr cb_arena_mpq_copy(struct cb_arena *a, mpq_srcptr q);
/* Bytes handed out so far (for the benchmarks). */
size_t cb_arena_used(const struct cb_arena *a);
void cb_arena_free(struct cb_arena *a);
/* Empties a for reuse, as if new: its rationals are cleared, its current
   chunk kept (zeroed again, as far as it was used) and the others freed.
   For work done over and over (one contract after another), so that the
   same memory serves each time rather than fresh pages from the system. */
void cb_arena_reset(struct cb_arena *a);

#endif
