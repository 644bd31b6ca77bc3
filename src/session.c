/*
 * session.c: one run of the pipeline (see cible.h).
 *
 * Owns the sources, the arena and the diagnostics of a run. Contract files are
 * parsed as they are added; CSV measures are kept until the model exists,
 * since their rows name contracts and indicators.
 */
#include "cible.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "measures.h"
#include "parse.h"

struct cb_session {
  struct cb_sources sources;
  struct cb_diags diags;
  struct cb_arena *arena;
  struct cb_file **files;
  size_t nfiles, capfiles;
  const struct cb_source **csv;
  size_t ncsv, capcsv;
  struct cb_program *program;
};

struct cb_session *cb_session_new(void) {
  struct cb_session *s = cb_xmalloc(sizeof *s);
  memset(s, 0, sizeof *s);
  s->arena = cb_arena_new();
  return s;
}

static void add_file(struct cb_session *s, struct cb_source *src) {
  if (s->nfiles == s->capfiles) {
    s->capfiles = s->capfiles ? 2 * s->capfiles : 8;
    s->files = cb_xrealloc(s->files, s->capfiles * sizeof *s->files);
  }
  s->files[s->nfiles++] = cb_parse_source(s->arena, &s->diags, src);
}

static void add_csv(struct cb_session *s, const struct cb_source *src) {
  if (s->ncsv == s->capcsv) {
    s->capcsv = s->capcsv ? 2 * s->capcsv : 4;
    s->csv = cb_xrealloc(s->csv, s->capcsv * sizeof *s->csv);
  }
  s->csv[s->ncsv++] = src;
}

enum cb_load_status cb_session_add_contract(struct cb_session *s, const char *path) {
  struct cb_source *src;
  enum cb_load_status st = cb_source_load(&s->sources, path, &s->diags, &src);
  if (st == CB_LOAD_OK)
    add_file(s, src);
  return st;
}

enum cb_load_status cb_session_add_contract_text(struct cb_session *s, const char *name,
                                                 const char *text, size_t len) {
  struct cb_source *src;
  enum cb_load_status st = cb_source_from_string(&s->sources, name, text, len, &s->diags, &src);
  if (st == CB_LOAD_OK)
    add_file(s, src);
  return st;
}

enum cb_load_status cb_session_add_measures(struct cb_session *s, const char *path) {
  struct cb_source *src;
  enum cb_load_status st = cb_source_load(&s->sources, path, &s->diags, &src);
  if (st == CB_LOAD_OK)
    add_csv(s, src);
  return st;
}

enum cb_load_status cb_session_add_measures_text(struct cb_session *s, const char *name,
                                                 const char *text, size_t len) {
  struct cb_source *src;
  enum cb_load_status st = cb_source_from_string(&s->sources, name, text, len, &s->diags, &src);
  if (st == CB_LOAD_OK)
    add_csv(s, src);
  return st;
}

bool cb_session_check(struct cb_session *s) {
  if (!s->program) {
    s->program = cb_model_build(s->arena, &s->diags, s->files, s->nfiles);
    for (size_t i = 0; i < s->ncsv; i++)
      cb_measures_load_csv(s->program, s->csv[i], &s->diags);
    cb_check_program(s->program, &s->diags);
  }
  return s->diags.nerrors == 0;
}

struct cb_diags *cb_session_diags(struct cb_session *s) { return &s->diags; }
struct cb_program *cb_session_program(struct cb_session *s) { return s->program; }
struct cb_arena *cb_session_arena(struct cb_session *s) { return s->arena; }

void cb_session_free(struct cb_session *s) {
  if (!s)
    return;
  cb_arena_free(s->arena);
  cb_diags_free(&s->diags);
  cb_sources_free(&s->sources);
  free(s->files);
  free(s->csv);
  free(s);
}
