/*
 * session.c: one run of the pipeline (see cible.h).
 *
 * Owns the sources, the arena and the diagnostics of a run. Contract files are
 * parsed as they are added; CSV measures are kept until the model exists,
 * since their rows name contracts and indicators.
 */
/* realpath() */
#define _XOPEN_SOURCE 700

#include "cible.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
  char *stdlib_dir;
  struct cb_module *modules;
  size_t nmodules;
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

void cb_session_set_stdlib(struct cb_session *s, const char *dir) {
  free(s->stdlib_dir);
  s->stdlib_dir = dir ? cb_xstrndup(dir, strlen(dir)) : NULL;
}

/* A module name is a relative path of lower-case words: "aci/cpts". */
static bool module_name_ok(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n > 64 || name[0] == '/' || name[n - 1] == '/')
    return false;
  for (size_t i = 0; i < n; i++) {
    char ch = name[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '/'))
      return false;
    if (ch == '/' && name[i + 1] == '/')
      return false;
  }
  return true;
}

static void load_module(struct cb_session *s, const char *name) {
  for (size_t i = 0; i < s->nmodules; i++)
    if (strcmp(s->modules[i].name, name) == 0)
      return;
  s->modules = cb_xrealloc(s->modules, (s->nmodules + 1) * sizeof *s->modules);
  struct cb_module *m = &s->modules[s->nmodules++];
  m->name = name;
  m->file = NULL;
  if (!s->stdlib_dir || !module_name_ok(name))
    return;
  struct cb_buf path = CB_BUF_INIT;
  cb_buf_printf(&path, "%s/%s.cible", s->stdlib_dir, name);
  /* shown in diagnostics and explanations: relative to the working
     directory when the library is below it */
  char *real = realpath(cb_buf_str(&path), NULL);
  char *cwd = getcwd(NULL, 0);
  if (real && cwd) {
    size_t n = strlen(cwd);
    cb_buf_clear(&path);
    if (strncmp(real, cwd, n) == 0 && real[n] == '/')
      cb_buf_puts(&path, real + n + 1);
    else
      cb_buf_puts(&path, real);
  }
  free(real);
  free(cwd);
  FILE *probe = fopen(cb_buf_str(&path), "rb");
  if (probe) {
    fclose(probe);
    struct cb_source *src;
    if (cb_source_load(&s->sources, cb_buf_str(&path), &s->diags, &src) == CB_LOAD_OK)
      m->file = cb_parse_source(s->arena, &s->diags, src);
  }
  cb_buf_free(&path);
}

static void load_modules(struct cb_session *s) {
  for (size_t f = 0; f < s->nfiles; f++)
    for (const struct cb_top *t = s->files[f]->tops; t; t = t->next) {
      if (t->kind == CB_TOP_IMPORTE)
        load_module(s, t->label);
      if (t->kind == CB_TOP_CONTRAT)
        for (const struct cb_stmt *st = t->body; st; st = st->next)
          if (st->kind == CB_ST_IMPORTE)
            load_module(s, st->string);
    }
}

bool cb_session_check(struct cb_session *s) {
  if (!s->program) {
    load_modules(s);
    s->program = cb_model_build(s->arena, &s->diags, s->files, s->nfiles, s->modules,
                                s->nmodules);
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
  free(s->modules);
  free(s->stdlib_dir);
  free(s);
}
