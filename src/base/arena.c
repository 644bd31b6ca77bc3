/*
 * arena.c: the bump allocator behind cb_arena.
 *
 * Memory comes in chunks, the first of 64 KiB and each next one twice as big
 * up to 4 MiB, each chunk filled front to back and never reused. So a chunk
 * is zeroed once when it is made and allocations are not zeroed again: a
 * big chunk is mapped from the system (its pages come zero, written by
 * nobody), a small one comes from calloc.
 * An allocation larger than a quarter chunk gets a chunk of its own so that big
 * arrays do not waste the tail of the current one. Rationals are tracked in a
 * separate list of blocks of pointers so that cb_arena_free() can mpq_clear
 * them before releasing the chunks.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "buf.h"

#define CHUNK_SIZE ((size_t)64 * 1024)
#define CHUNK_MAX ((size_t)4 * 1024 * 1024)
#define MAP_FROM ((size_t)256 * 1024) /* chunks this big are mapped */
#define ALIGN ((size_t)16)
#define MPQ_BLOCK 256

struct chunk {
  struct chunk *next;
  size_t size, used;
  size_t mapped; /* bytes mapped with mmap, 0: from calloc */
  _Alignas(16) unsigned char data[];
};

struct mpq_block {
  struct mpq_block *next;
  size_t n;
  mpq_ptr q[MPQ_BLOCK];
};

struct cb_arena {
  struct chunk *head;
  struct mpq_block *mpqs;
  size_t total;
  size_t next_size; /* of the next regular chunk */
};

struct cb_arena *cb_arena_new(void) {
  struct cb_arena *a = cb_xmalloc(sizeof *a);
  memset(a, 0, sizeof *a);
  return a;
}

static void exhausted(void) {
  fputs("cible: erreur: mémoire épuisée\n", stderr);
  exit(2);
}

static struct chunk *new_chunk(size_t size) {
  if (size > SIZE_MAX - sizeof(struct chunk) - 4096)
    exhausted();
  size_t bytes = sizeof(struct chunk) + size;
  struct chunk *c;
  if (bytes >= MAP_FROM) {
    bytes = (bytes + 4095) & ~(size_t)4095;
    void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
      exhausted();
#ifdef MADV_HUGEPAGE
    /* a 4 MiB chunk faults in as two huge pages rather than 1 024 small
       ones, where the system allows it; advice only */
    if (bytes >= 2 * 1024 * 1024)
      (void)madvise(m, bytes, MADV_HUGEPAGE);
#endif
    c = m;
    c->mapped = bytes;
  } else {
    c = calloc(1, bytes);
    if (!c)
      exhausted();
  }
  c->size = size;
  return c;
}

static void free_chunk(struct chunk *c) {
  if (c->mapped)
    munmap(c, c->mapped);
  else
    free(c);
}

void *cb_arena_alloc(struct cb_arena *a, size_t size) {
  size_t need = (size + ALIGN - 1) & ~(ALIGN - 1);
  if (need < size) {
    fputs("cible: erreur: mémoire épuisée\n", stderr);
    exit(2);
  }
  struct chunk *c = a->head;
  if (!c || c->size - c->used < need) {
    if (need > CHUNK_SIZE / 4) {
      struct chunk *big = new_chunk(need);
      big->used = need;
      if (c) { /* keep the current chunk in front: it still has room */
        big->next = c->next;
        c->next = big;
      } else {
        a->head = big;
      }
      a->total += need;
      return big->data;
    }
    size_t csize = a->next_size ? a->next_size : CHUNK_SIZE;
    a->next_size = csize < CHUNK_MAX ? 2 * csize : CHUNK_MAX;
    c = new_chunk(csize - sizeof *c); /* the whole chunk is csize bytes */
    c->next = a->head;
    a->head = c;
  }
  void *p = c->data + c->used;
  c->used += need;
  a->total += need;
  return p;
}

void *cb_arena_grow(struct cb_arena *a, void *v, size_t n, size_t *cap, size_t sz) {
  if (n < *cap)
    return v;
  size_t nc = *cap ? 2 * *cap : 16;
  void *t = cb_arena_array(a, nc, sz);
  if (n)
    memcpy(t, v, n * sz);
  *cap = nc;
  return t;
}

void *cb_arena_array(struct cb_arena *a, size_t n, size_t sz) {
  if (sz && n > SIZE_MAX / sz) {
    fputs("cible: erreur: mémoire épuisée\n", stderr);
    exit(2);
  }
  return cb_arena_alloc(a, n * sz);
}

char *cb_arena_strndup(struct cb_arena *a, const char *s, size_t n) {
  char *p = cb_arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *cb_arena_strdup(struct cb_arena *a, const char *s) {
  return cb_arena_strndup(a, s, strlen(s));
}

char *cb_arena_printf(struct cb_arena *a, const char *fmt, ...) {
  struct cb_buf b = CB_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  cb_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  char *p = cb_arena_strndup(a, cb_buf_str(&b), b.len);
  cb_buf_free(&b);
  return p;
}

mpq_ptr cb_arena_mpq(struct cb_arena *a) {
  if (!a->mpqs || a->mpqs->n == MPQ_BLOCK) {
    struct mpq_block *blk = cb_xmalloc(sizeof *blk);
    blk->n = 0;
    blk->next = a->mpqs;
    a->mpqs = blk;
  }
  mpq_ptr q = cb_arena_alloc(a, sizeof(mpq_t));
  mpq_init(q);
  a->mpqs->q[a->mpqs->n++] = q;
  return q;
}

mpq_ptr cb_arena_mpq_copy(struct cb_arena *a, mpq_srcptr src) {
  mpq_ptr q = cb_arena_mpq(a);
  mpq_set(q, src);
  return q;
}

size_t cb_arena_used(const struct cb_arena *a) { return a->total; }

static void clear_mpqs(struct cb_arena *a) {
  for (struct mpq_block *b = a->mpqs, *nb; b; b = nb) {
    nb = b->next;
    for (size_t i = 0; i < b->n; i++)
      mpq_clear(b->q[i]);
    free(b);
  }
  a->mpqs = NULL;
}

void cb_arena_reset(struct cb_arena *a) {
  clear_mpqs(a);
  struct chunk *keep = a->head;
  if (!keep)
    return;
  for (struct chunk *c = keep->next, *nc; c; c = nc) {
    nc = c->next;
    free_chunk(c);
  }
  memset(keep->data, 0, keep->used);
  keep->used = 0;
  keep->next = NULL;
  a->total = 0;
}

void cb_arena_free(struct cb_arena *a) {
  if (!a)
    return;
  clear_mpqs(a);
  for (struct chunk *c = a->head, *nc; c; c = nc) {
    nc = c->next;
    free_chunk(c);
  }
  free(a);
}
