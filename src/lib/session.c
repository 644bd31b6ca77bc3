/*
 * session.c: one run of the pipeline (see session.h).
 *
 * Owns the sources, the arena and the diagnostics of a run. Contract files are
 * parsed as they are added; CSV measures are kept until the model exists,
 * since their rows name contracts and indicators. The measures of the run
 * (`mesures` blocks and CSV rows) are its dataset (dataset.h), apart from
 * the model. With avenants, each version is built apart and its diagnostics
 * merged into the run's once each (a hash set of those already there);
 * the versions of a contract then share the table of the version in force
 * in each period, which terms/timeline.c reads.
 */
/* realpath() */
#define _XOPEN_SOURCE 700

#include "session.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "avenant.h"
#include "buf.h"
#include "check.h"
#include "dataset.h"
#include "hashtab.h"
#include "measures.h"
#include "xlsx_read.h"
#include "parse.h"
#include "version.h"

/* A contract of the files, consolidated with its avenants and split into
   versions (avenant.h, version.h). */
struct versioned {
  const struct cb_top *top;   /* as written */
  const struct cb_top *cons;  /* consolidated with its avenants */
  const struct cb_contract *base;
  struct cb_version *v;
  size_t nv;
};

struct cb_session {
  struct cb_sources sources;
  struct cb_diags diags;
  struct cb_arena *arena;
  struct cb_file **files;
  size_t nfiles, capfiles;
  const struct cb_source **csv;
  size_t ncsv, capcsv;
  struct cb_program *program;  /* programs[0] */
  char *stdlib_dir;
  struct cb_module *modules;
  size_t nmodules;
  struct cb_program **programs; /* one per version index */
  size_t nprograms;
  struct versioned *contracts;
  size_t ncontracts;
  struct cb_measures_conv conv; /* of every CSV measures file */
  struct cb_dataset *dataset;   /* the measures, of every version */
  struct cb_model_share *share; /* what the builds of the versions share */
};

struct cb_session *cb_session_new(void) {
  struct cb_session *s = cb_xmalloc(sizeof *s);
  memset(s, 0, sizeof *s);
  s->arena = cb_arena_new();
  s->dataset = cb_dataset_new(NULL);
  return s;
}

void cb_session_set_encoding(struct cb_session *s, enum cb_encoding enc) {
  s->sources.encoding = enc;
}

void cb_session_set_measures_conv(struct cb_session *s, struct cb_measures_conv conv) {
  s->conv = conv;
}

/* Parses a user's contract file. One that declares nothing (empty, only
   comments) is not a silent success: W0001. */
static void add_file(struct cb_session *s, struct cb_source *src) {
  if (s->nfiles == s->capfiles) {
    s->capfiles = s->capfiles ? 2 * s->capfiles : 8;
    s->files = cb_xrealloc(s->files, s->capfiles * sizeof *s->files);
  }
  int errors = s->diags.nerrors;
  struct cb_file *f = cb_parse_source(s->arena, &s->diags, src);
  s->files[s->nfiles++] = f;
  if (f->tops || s->diags.nerrors != errors)
    return;
  size_t i = 0;
  while (i < src->len && (src->text[i] == ' ' || src->text[i] == '\t' ||
                          src->text[i] == '\r' || src->text[i] == '\n'))
    i++;
  cb_diag_warning(&s->diags, cb_source_loc_at(src, 0), "W0001",
                  i == src->len ? "fichier vide : il ne déclare rien"
                                : "le fichier ne contient que des commentaires : il ne "
                                  "déclare rien");
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

/* A measures file: a CSV file, or an xlsx workbook whose sheet is read as
   CSV (xlsx_read.h); an Excel 97-2003 workbook, or an encrypted one (both
   are OLE compound files), is refused (E0314). */
static enum cb_load_status load_measures_file(struct cb_session *s, const char *path,
                                              struct cb_source **src) {
  unsigned char head[8];
  size_t n = 0;
  FILE *f = fopen(path, "rb");
  if (f) {
    n = fread(head, 1, sizeof head, f);
    fclose(f);
  }
  if (cb_xlsx_is_zip(head, n))
    return cb_xlsx_read(&s->sources, path, &s->diags, src);
  if (cb_xlsx_is_xls(head, n)) {
    *src = NULL;
    struct cb_loc none = {0};
    cb_diag_error(&s->diags, none, "E0314",
                  "« %s » est un classeur Excel 97-2003 (.xls) ou un classeur protégé par un "
                  "mot de passe : enregistrez-le au format xlsx (Classeur Excel), sans mot de "
                  "passe, ou en CSV",
                  path);
    return CB_LOAD_INVALID;
  }
  return cb_source_load(&s->sources, path, &s->diags, src);
}

enum cb_load_status cb_session_add_measures(struct cb_session *s, const char *path) {
  struct cb_source *src;
  enum cb_load_status st = load_measures_file(s, path, &src);
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

/* A module name is a relative path of lower-case words: "aci/cpts". Its
   length is bounded only by what the file system accepts (the loader says
   when a path is too long). */
static bool module_name_ok(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || name[0] == '/' || name[n - 1] == '/')
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
  if (!module_name_ok(name)) {
    m->state = CB_MODULE_BAD_NAME;
    return;
  }
  if (!s->stdlib_dir) {
    m->state = CB_MODULE_NO_STDLIB;
    return;
  }
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
  /* A missing file is the importer's error (E0220, at the `importe`); any
     other failure (name too long, permission, encoding) the loader reports. */
  struct stat st;
  if (stat(cb_buf_str(&path), &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
    m->state = CB_MODULE_ABSENT;
  } else {
    struct cb_source *src;
    /* the library is ours, UTF-8, whatever --encodage says of the user's files */
    if (cb_source_load_as(&s->sources, cb_buf_str(&path), CB_ENC_UTF8, &s->diags, &src) ==
        CB_LOAD_OK) {
      src->import = m->name;
      m->file = cb_parse_source(s->arena, &s->diags, src);
      m->state = m->file ? CB_MODULE_LOADED : CB_MODULE_REPORTED;
    } else {
      m->state = CB_MODULE_REPORTED;
    }
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

/* The measures of the run (`mesures` blocks, then CSV files), read once,
   each against the version of its contract in force in its period. */
static void load_measures(struct cb_session *s, struct cb_program *p, struct cb_diags *d) {
  cb_measures_attach_blocks(p, s->dataset, d, s->files, s->nfiles);
  for (size_t i = 0; i < s->ncsv; i++)
    cb_measures_load_csv(p, s->dataset, s->csv[i], &s->conv, d);
}

/* The model of the files and its checks; with measures, when the files
   are the run's own (no versions), read before the checks. */
static struct cb_program *build_program(struct cb_session *s, struct cb_diags *d,
                                        struct cb_file **files, size_t nfiles, bool measures) {
  struct cb_program *p =
      cb_model_build(s->arena, d, files, nfiles, s->modules, s->nmodules, s->share);
  if (measures)
    load_measures(s, p, d);
  cb_check_program(p, d);
  return p;
}

/* Gives the versions of each contract the table of the version in force in
   each period (cb_contract.versions). */
static void link_versions(struct cb_session *s) {
  for (size_t k = 0; k < s->ncontracts; k++) {
    const struct versioned *vc = &s->contracts[k];
    if (!vc->nv)
      continue;
    const char *id = vc->top->id;
    struct cb_contract *c0 = cb_program_contract(s->programs[0], id);
    if (!c0)
      continue;
    struct cb_contract **table =
        cb_arena_array(s->arena, c0->nperiods ? c0->nperiods : 1, sizeof *table);
    for (size_t v = 0; v < s->nprograms; v++) {
      struct cb_contract *cv = cb_program_contract(s->programs[v], id);
      if (!cv || cv->nperiods != c0->nperiods)
        continue;
      cv->versions = table;
      for (size_t i = 0; i < cv->nperiods; i++)
        if (!table[i] && cb_contract_in_force(cv, &cv->periods[i]))
          table[i] = cv;
    }
  }
}

/* A contract left out of the files of a version (with_contracts). */
static struct cb_top left_out;

/* The files with each contract k replaced by repl[k]: a version of it,
   NULL to leave it as written, &left_out to leave it out. */
static struct cb_file **with_contracts(struct cb_session *s, struct cb_top **repl) {
  struct cb_file **fs = cb_arena_array(s->arena, s->nfiles ? s->nfiles : 1, sizeof *fs);
  size_t k = 0;
  for (size_t f = 0; f < s->nfiles; f++) {
    struct cb_file *nf = cb_arena_alloc(s->arena, sizeof *nf);
    nf->src = s->files[f]->src;
    struct cb_top **tail = &nf->tops;
    for (const struct cb_top *t = s->files[f]->tops; t; t = t->next) {
      const struct cb_top *r = t->kind == CB_TOP_CONTRAT ? repl[k++] : NULL;
      if (r == &left_out)
        continue;
      struct cb_top *c = cb_arena_alloc(s->arena, sizeof *c);
      *c = r ? *r : *t;
      c->next = NULL;
      *tail = c;
      tail = &c->next;
    }
    fs[f] = nf;
  }
  return fs;
}

static bool same_diag(const struct cb_diag *a, const struct cb_diag *b) {
  return a->sev == b->sev && ((!a->code && !b->code) || (a->code && b->code &&
                                                          strcmp(a->code, b->code) == 0)) &&
         a->loc.src == b->loc.src && a->loc.line == b->loc.line && a->loc.col == b->loc.col &&
         strcmp(a->msg, b->msg) == 0;
}

/* A set of diagnostics (same_diag), indexing those of a list as it grows:
   the lists are only appended to, so each diagnostic is hashed once. */
struct diag_set {
  const struct cb_diags *d;
  const struct cb_diag *last;   /* the last one indexed */
  struct cb_hashtab diags;      /* the diagnostics of d themselves */
};

static size_t diag_hash(const struct cb_diag *g) {
  size_t h = cb_hash_str(g->msg);
  h = cb_hash_mix(h, g->code ? cb_hash_str(g->code) : 0);
  h = cb_hash_mix(h, (size_t)(uintptr_t)g->loc.src);
  h = cb_hash_mix(h, (size_t)(unsigned)g->loc.line);
  h = cb_hash_mix(h, (size_t)(unsigned)g->loc.col);
  return cb_hash_mix(h, (size_t)g->sev);
}

static bool diag_same(const void *entry, const void *key) { return same_diag(entry, key); }

static void diag_set_init(struct diag_set *ds, const struct cb_diags *d) {
  ds->d = d;
  ds->last = NULL;
  cb_hashtab_init(&ds->diags, NULL);
}

/* True when the list of ds holds a diagnostic like x. */
static bool has_diag(struct diag_set *ds, const struct cb_diag *x) {
  if (!ds->d)
    return false;
  for (const struct cb_diag *g = ds->last ? ds->last->next : ds->d->head; g; g = g->next) {
    if (g->sev != CB_SEV_NOTE) /* a note is never looked for */
      cb_hashtab_add(&ds->diags, diag_hash(g), (void *)g);
    ds->last = g;
  }
  return cb_hashtab_find(&ds->diags, diag_hash(x), diag_same, x) != NULL;
}

static void diag_set_free(struct diag_set *ds) { cb_hashtab_free(&ds->diags); }

/* The version that starts at the version index k of the contract whose
   file src is, when it has one and was written by an avenant or a block. */
static const struct cb_version *cause_of(const struct cb_session *s, size_t k,
                                         struct cb_loc loc) {
  const struct cb_source *src = loc.src;
  /* already on an avenant's line */
  for (size_t f = 0; f < s->nfiles; f++)
    for (const struct cb_top *t = s->files[f]->tops; t; t = t->next)
      if (t->kind == CB_TOP_AVENANT && t->loc.src == src && loc.line >= t->loc.line &&
          loc.line <= t->loc.end_line)
        return NULL;
  for (size_t i = 0; i < s->ncontracts; i++) {
    const struct versioned *vc = &s->contracts[i];
    if (vc->top->loc.src == src && k < vc->nv && k > 0)
      return &vc->v[k];
  }
  return NULL;
}

static void copy_diag(struct cb_diags *dst, const struct cb_diag *g, struct cb_loc loc,
                      const char *prefix) {
  if (g->sev == CB_SEV_NOTE)
    cb_diag_note(dst, loc, "%s%s", prefix, g->msg);
  else if (g->sev == CB_SEV_WARNING)
    cb_diag_warning(dst, loc, g->code, "%s%s", prefix, g->msg);
  else
    cb_diag_error(dst, loc, g->code, "%s%s", prefix, g->msg);
}

/* Adds the diagnostics of version index k that are not already in dst. An
   error that the first version does not have, located in the contract,
   is located at what starts version k (the avenant), the contract line
   becoming a note. */
static void merge_diags(struct cb_session *s, size_t k, struct cb_diags *src,
                        struct diag_set *merged, struct diag_set *first) {
  bool skip = false;
  for (const struct cb_diag *g = src->head; g; g = g->next) {
    if (g->sev == CB_SEV_NOTE) {
      if (!skip)
        copy_diag(&s->diags, g, g->loc, "");
      continue;
    }
    skip = has_diag(merged, g);
    if (skip)
      continue;
    const struct cb_version *v = g->sev == CB_SEV_ERROR && !has_diag(first, g)
                                     ? cause_of(s, k, g->loc)
                                     : NULL;
    if (!v) {
      copy_diag(&s->diags, g, g->loc, "");
      continue;
    }
    const struct cb_contract *c = cb_program_contract(s->programs[0], v->top->id);
    const char *pname = c && v->top->vfrom < (int)c->nperiods ? c->periods[v->top->vfrom].name
                                                              : "?";
    struct cb_buf prefix = CB_BUF_INIT;
    if (v->avenant)
      cb_buf_printf(&prefix, "à partir de %s, avec l'avenant n° %ld : ", pname, v->avenant);
    else
      cb_buf_printf(&prefix, "à partir de %s : ", pname);
    copy_diag(&s->diags, g, v->cause, cb_buf_str(&prefix));
    cb_buf_free(&prefix);
    cb_diag_note(&s->diags, g->loc, "ligne du contrat concernée");
  }
}

/* Consolidates each contract with its avenants and splits it into
   versions (s->contracts); returns the most versions of any contract. */
static size_t split_contracts(struct cb_session *s) {
  size_t nc = 0;
  for (size_t f = 0; f < s->nfiles; f++)
    for (const struct cb_top *t = s->files[f]->tops; t; t = t->next)
      nc += t->kind == CB_TOP_CONTRAT;
  s->contracts = cb_arena_array(s->arena, nc ? nc : 1, sizeof *s->contracts);
  s->ncontracts = nc;
  size_t k = 0;
  for (size_t f = 0; f < s->nfiles; f++)
    for (const struct cb_top *t = s->files[f]->tops; t; t = t->next)
      if (t->kind == CB_TOP_CONTRAT)
        s->contracts[k++].top = t;
  /* the periods of each contract, which no change moves */
  struct cb_program *base =
      cb_model_periods(s->arena, s->files, s->nfiles, s->modules, s->nmodules);
  cb_avenant_check_targets(&s->diags, s->files, s->nfiles);
  struct cb_avenants *ix = cb_avenants_index(s->arena, s->files, s->nfiles);
  size_t maxv = 1;
  for (k = 0; k < nc; k++) {
    struct versioned *vc = &s->contracts[k];
    const struct cb_contract *bc = cb_program_contract(base, vc->top->id);
    vc->base = bc;
    if (!bc || bc->loc.src != vc->top->loc.src || bc->loc.line != vc->top->loc.line) {
      vc->nv = 0; /* a second contract of the same name: reported by the model */
      continue;
    }
    vc->cons = cb_avenant_apply(s->arena, &s->diags, vc->top, bc, ix, 0);
    vc->nv = cb_version_split(s->arena, &s->diags, vc->cons, bc, &vc->v);
    if (vc->nv > maxv)
      maxv = vc->nv;
  }
  return maxv;
}

/* Builds program v: version v of every contract that has one (a contract
   of fewer versions is left out), its diagnostics merged into the run's. */
static void build_version(struct cb_session *s, size_t v, struct cb_top **repl,
                          struct cb_diags *first, struct diag_set *merged,
                          struct diag_set *in_first) {
  for (size_t k = 0; k < s->ncontracts; k++) {
    const struct versioned *vc = &s->contracts[k];
    repl[k] = !vc->nv ? NULL : v < vc->nv ? vc->v[v].top : &left_out;
  }
  struct cb_diags d;
  memset(&d, 0, sizeof d);
  s->programs[v] = build_program(s, &d, with_contracts(s, repl), s->nfiles, false);
  merge_diags(s, v, &d, merged, in_first);
  if (v == 0) {
    *first = d;
    in_first->d = first;
  } else {
    cb_diags_free(&d);
  }
}

static void build_versions(struct cb_session *s) {
  size_t maxv = split_contracts(s);
  struct cb_top **repl =
      cb_arena_array(s->arena, s->ncontracts ? s->ncontracts : 1, sizeof *repl);
  s->programs = cb_arena_array(s->arena, maxv, sizeof *s->programs);
  s->nprograms = maxv;
  s->share = cb_model_share_new();
  struct cb_diags first;
  memset(&first, 0, sizeof first);
  struct diag_set in_first, merged;
  diag_set_init(&in_first, NULL);
  diag_set_init(&merged, &s->diags);
  for (size_t v = 0; v < maxv; v++)
    build_version(s, v, repl, &first, &merged, &in_first);
  diag_set_free(&in_first);
  diag_set_free(&merged);
  cb_diags_free(&first);
  s->program = s->programs[0];
  link_versions(s);
  load_measures(s, s->program, &s->diags);
}

bool cb_session_check(struct cb_session *s) {
  if (!s->program) {
    load_modules(s);
    if (cb_avenant_any(s->files, s->nfiles)) {
      build_versions(s);
    } else {
      s->program = build_program(s, &s->diags, s->files, s->nfiles, true);
      s->programs = cb_arena_array(s->arena, 1, sizeof *s->programs);
      s->programs[0] = s->program;
      s->nprograms = 1;
    }
  }
  return s->diags.nerrors == 0;
}

struct cb_session *cb_session_derive(const struct cb_session *parent) {
  struct cb_session *s = cb_session_new();
  cb_session_set_stdlib(s, parent->stdlib_dir);
  s->conv = parent->conv;
  return s;
}

void cb_session_add_file(struct cb_session *s, struct cb_file *f) {
  if (s->nfiles == s->capfiles) {
    s->capfiles = s->capfiles ? 2 * s->capfiles : 8;
    s->files = cb_xrealloc(s->files, s->capfiles * sizeof *s->files);
  }
  s->files[s->nfiles++] = f;
}

const struct cb_top *cb_session_consolidated(struct cb_session *s, const struct cb_top *t) {
  for (size_t i = 0; i < s->ncontracts; i++)
    if (s->contracts[i].top == t)
      return s->contracts[i].cons ? s->contracts[i].cons : t;
  return t;
}

struct cb_file **cb_session_files(struct cb_session *s, size_t *n) {
  *n = s->nfiles;
  return s->files;
}

struct cb_evaluation *cb_session_eval(struct cb_session *s, const struct cb_contract *c,
                                      const struct cb_period *only) {
  return cb_session_eval_on(s, c, only, s->dataset, s->arena);
}

struct cb_evaluation *cb_session_eval_on(struct cb_session *s, const struct cb_contract *c,
                                         const struct cb_period *only,
                                         const struct cb_dataset *ds, struct cb_arena *a) {
  struct cb_evaluation *ev = cb_arena_alloc(a, sizeof *ev);
  ev->contract = c;
  ev->periods = cb_arena_array(a, c->nperiods ? c->nperiods : 1, sizeof *ev->periods);
  ev->versions = cb_arena_array(a, c->nperiods ? c->nperiods : 1, sizeof *ev->versions);
  for (size_t i = 0; i < c->nperiods; i++)
    ev->versions[i] = cb_contract_at(c, &c->periods[i]);
  for (size_t v = 0; v < s->nprograms; v++) {
    const struct cb_contract *cv = cb_program_contract(s->programs[v], c->id);
    if (!cv || cv->nperiods != c->nperiods)
      continue;
    struct cb_evaluation *e =
        cb_eval_contract(a, cv, ds, only ? &cv->periods[only->index] : NULL);
    for (size_t i = 0; i < e->nperiods; i++)
      ev->periods[ev->nperiods++] = e->periods[i];
  }
  return ev;
}

void cb_session_attach_measures(struct cb_session *s, struct cb_dataset *ds, struct cb_diags *d,
                                const struct cb_top *t) {
  cb_measures_attach_block(s->program, ds, d, t);
}

struct cb_diags *cb_session_diags(struct cb_session *s) { return &s->diags; }
struct cb_program *cb_session_program(struct cb_session *s) { return s->program; }
struct cb_arena *cb_session_arena(struct cb_session *s) { return s->arena; }
const struct cb_sources *cb_session_sources(const struct cb_session *s) { return &s->sources; }

const struct cb_dataset *cb_session_dataset(const struct cb_session *s) { return s->dataset; }

struct cb_dataset *cb_session_scenario(struct cb_session *s, const char *path,
                                       enum cb_load_status *st) {
  struct cb_source *src;
  *st = load_measures_file(s, path, &src);
  if (*st != CB_LOAD_OK)
    return NULL;
  struct cb_dataset *ds = cb_dataset_new(s->dataset);
  cb_measures_load_csv(s->program, ds, src, &s->conv, &s->diags);
  return ds;
}

void cb_session_free(struct cb_session *s) {
  if (!s)
    return;
  cb_arena_free(s->arena);
  cb_dataset_free(s->dataset);
  cb_model_share_free(s->share);
  cb_diags_free(&s->diags);
  cb_sources_free(&s->sources);
  free(s->files);
  free(s->csv);
  free(s->modules);
  free(s->stdlib_dir);
  free(s);
}
