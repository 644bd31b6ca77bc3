/*
 * api.c: the public API of include/cible.h, over the internal session API.
 *
 * A cible_session wraps a cb_session (session.h) and owns what the API hands
 * out about it: the last misuse message, the rendered diagnostics and an
 * index of the diagnostic list (so diagnostic i is found in constant time).
 * A cible_result holds one cb_evaluation (in the session's arena) and an
 * arena of its own for the strings it gives: the JSON document (written by
 * the same printer as `cible eval --format json`) and the figures, formatted
 * from the exact rationals as the JSON report writes them. No figure is ever
 * converted to a floating-point number. Only the cible_* functions are
 * exported by libcible.so (src/lib/cible.map).
 */
#include "cible.h"

#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "format.h"
#include "json.h"
#include "num.h"
#include "report.h"
#include "session.h"

struct cible_session {
  struct cb_session *s;
  bool checked, ok;
  char *error;                  /* last misuse, owned */
  char *diag_text;              /* rendering of the first diag_text_n diagnostics */
  size_t diag_text_n;
  const struct cb_diag **diags; /* index of the diagnostic list */
  size_t ndiags, capdiags;
};

struct cible_result {
  cible_session *owner;
  struct cb_evaluation *ev;
  struct cb_arena *strings; /* every string handed out */
  const char *json;
};

const char *cible_version(void) { return CIBLE_VERSION; }

/* Records the last misuse: fmt has one %s, replaced by arg ("" when NULL). */
static void set_error(cible_session *s, const char *fmt, const char *arg) {
  struct cb_buf b = CB_BUF_INIT;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  cb_buf_printf(&b, fmt, arg ? arg : "");
#pragma GCC diagnostic pop
  free(s->error);
  s->error = cb_buf_take(&b);
}

cible_session *cible_session_new(void) {
  cible_session *s = cb_xmalloc(sizeof *s);
  memset(s, 0, sizeof *s);
  s->s = cb_session_new();
  return s;
}

void cible_session_free(cible_session *s) {
  if (!s)
    return;
  cb_session_free(s->s);
  free(s->error);
  free(s->diag_text);
  free(s->diags);
  free(s);
}

const char *cible_last_error(const cible_session *s) { return s ? s->error : NULL; }

void cible_set_stdlib(cible_session *s, const char *dir) {
  if (s)
    cb_session_set_stdlib(s->s, dir);
}

bool cible_set_encoding(cible_session *s, const char *name) {
  enum cb_encoding enc;
  if (!s || !name || !cb_encoding_parse(name, &enc)) {
    if (s)
      set_error(s, "encodage inconnu : %s (utf8 ou latin1)", name);
    return false;
  }
  cb_session_set_encoding(s->s, enc);
  return true;
}

bool cible_set_measures_conventions(cible_session *s, const char *decimal,
                                    const char *percentages) {
  if (!s)
    return false;
  struct cb_measures_conv conv;
  memset(&conv, 0, sizeof conv);
  if (decimal && !cb_measures_decimal_word(decimal, &conv.decimal)) {
    set_error(s, "marque décimale inconnue : %s (virgule ou point)", decimal);
    return false;
  }
  if (percentages && !cb_measures_percent_word(percentages, &conv.percent)) {
    set_error(s, "convention de pourcentages inconnue : %s (fraction ou pourcent)", percentages);
    return false;
  }
  cb_session_set_measures_conv(s->s, conv);
  return true;
}

static cible_load load_status(enum cb_load_status st) {
  return st == CB_LOAD_OK ? CIBLE_LOAD_OK : st == CB_LOAD_IO ? CIBLE_LOAD_IO : CIBLE_LOAD_INVALID;
}

/* False when an input may be added; else true, with why not recorded. */
static bool refuse_input(cible_session *s, const void *what) {
  if (!s)
    return true;
  if (!what) {
    set_error(s, "%sentrée absente (pointeur nul)", NULL);
    return true;
  }
  if (s->checked) {
    set_error(s, "%sla session est déjà vérifiée : aucune entrée ne peut plus y être ajoutée",
              NULL);
    return true;
  }
  return false;
}

cible_load cible_add_contract(cible_session *s, const char *path) {
  if (refuse_input(s, path))
    return CIBLE_LOAD_MISUSE;
  return load_status(cb_session_add_contract(s->s, path));
}

cible_load cible_add_contract_text(cible_session *s, const char *name, const char *text,
                                   size_t len) {
  if (refuse_input(s, name) || refuse_input(s, text))
    return CIBLE_LOAD_MISUSE;
  return load_status(cb_session_add_contract_text(s->s, name, text, len));
}

cible_load cible_add_measures(cible_session *s, const char *path) {
  if (refuse_input(s, path))
    return CIBLE_LOAD_MISUSE;
  return load_status(cb_session_add_measures(s->s, path));
}

cible_load cible_add_measures_text(cible_session *s, const char *name, const char *text,
                                   size_t len) {
  if (refuse_input(s, name) || refuse_input(s, text))
    return CIBLE_LOAD_MISUSE;
  return load_status(cb_session_add_measures_text(s->s, name, text, len));
}

bool cible_check(cible_session *s) {
  if (!s)
    return false;
  if (!s->checked) {
    s->ok = cb_session_check(s->s);
    s->checked = true;
  }
  return s->ok;
}

/* ---------------------------------------------------------- diagnostics */

/* Brings the index up to the end of the list: only the diagnostics added
   since the last call are walked. */
static void index_diags(const cible_session *cs) {
  cible_session *s = (cible_session *)cs;
  const struct cb_diags *d = cb_session_diags(s->s);
  const struct cb_diag *g = s->ndiags ? s->diags[s->ndiags - 1]->next : d->head;
  for (; g; g = g->next) {
    if (s->ndiags == s->capdiags) {
      s->capdiags = s->capdiags ? 2 * s->capdiags : 16;
      s->diags = cb_xrealloc(s->diags, s->capdiags * sizeof *s->diags);
    }
    s->diags[s->ndiags++] = g;
  }
}

size_t cible_diagnostic_count(const cible_session *s) {
  if (!s)
    return 0;
  index_diags(s);
  return s->ndiags;
}

const char *cible_diagnostics_text(cible_session *s) {
  if (!s)
    return "";
  size_t n = cible_diagnostic_count(s);
  if (!s->diag_text || s->diag_text_n != n) {
    free(s->diag_text);
    s->diag_text = cb_diag_render_string(cb_session_diags(s->s), 0);
    s->diag_text_n = n;
  }
  return s->diag_text;
}

static const struct cb_diag *diag_at(const cible_session *s, size_t i) {
  return i < cible_diagnostic_count(s) ? s->diags[i] : NULL;
}

cible_severity cible_diagnostic_severity(const cible_session *s, size_t i) {
  const struct cb_diag *g = diag_at(s, i);
  if (!g)
    return CIBLE_NOTE;
  return g->sev == CB_SEV_ERROR ? CIBLE_ERROR : g->sev == CB_SEV_WARNING ? CIBLE_WARNING
                                                                         : CIBLE_NOTE;
}

const char *cible_diagnostic_code(const cible_session *s, size_t i) {
  const struct cb_diag *g = diag_at(s, i);
  return g ? g->code : NULL;
}

const char *cible_diagnostic_file(const cible_session *s, size_t i) {
  const struct cb_diag *g = diag_at(s, i);
  return g && g->loc.src ? g->loc.src->name : NULL;
}

int cible_diagnostic_line(const cible_session *s, size_t i) {
  const struct cb_diag *g = diag_at(s, i);
  return g && g->loc.src ? g->loc.line : 0;
}

int cible_diagnostic_column(const cible_session *s, size_t i) {
  const struct cb_diag *g = diag_at(s, i);
  return g && g->loc.src ? g->loc.col : 0;
}

const char *cible_diagnostic_message(const cible_session *s, size_t i) {
  const struct cb_diag *g = diag_at(s, i);
  return g ? g->msg : NULL;
}

/* ------------------------------------------------------------ contracts */

static const struct cb_contract *contract_at(const cible_session *s, size_t i) {
  if (!s || !s->checked)
    return NULL;
  const struct cb_program *p = cb_session_program(s->s);
  const struct cb_contract *c = p ? p->contracts : NULL;
  for (; c && i > 0; i--)
    c = c->next;
  return c;
}

size_t cible_contract_count(const cible_session *s) {
  if (!s || !s->checked)
    return 0;
  const struct cb_program *p = cb_session_program(s->s);
  return p ? p->ncontracts : 0;
}

const char *cible_contract_id(const cible_session *s, size_t i) {
  const struct cb_contract *c = contract_at(s, i);
  return c ? c->id : NULL;
}

size_t cible_contract_period_count(const cible_session *s, size_t i) {
  const struct cb_contract *c = contract_at(s, i);
  return c ? c->nperiods : 0;
}

const char *cible_contract_period(const cible_session *s, size_t i, size_t k) {
  const struct cb_contract *c = contract_at(s, i);
  return c && k < c->nperiods ? c->periods[k].name : NULL;
}

/* ----------------------------------------------------------- evaluation */

/* The contract named id, or the only one when id is NULL; NULL (with the
   error recorded) otherwise. */
static struct cb_contract *find_contract(cible_session *s, const char *id) {
  struct cb_program *p = cb_session_program(s->s);
  if (!id) {
    if (p->ncontracts == 1)
      return p->contracts;
    set_error(s, "%saucun contrat nommé : la session en a plusieurs, ou aucun", NULL);
    return NULL;
  }
  for (struct cb_contract *c = p->contracts; c; c = c->next)
    if (strcmp(c->id, id) == 0)
      return c;
  set_error(s, "contrat inconnu : %s", id);
  return NULL;
}

cible_result *cible_eval(cible_session *s, const char *contract, const char *period) {
  if (!s)
    return NULL;
  if (!s->checked || !s->ok) {
    set_error(s, "%sévaluation impossible : la session n'a pas été vérifiée sans erreur "
                 "(cible_check)",
              NULL);
    return NULL;
  }
  struct cb_contract *c = find_contract(s, contract);
  if (!c)
    return NULL;
  const struct cb_period *only = NULL;
  if (period) {
    enum cb_period_kind k;
    long n;
    if (!cb_period_parse(period, strlen(period), &k, &n)) {
      set_error(s, "période illisible : « %s » (« an 2 », « 2020 »)", period);
      return NULL;
    }
    only = cb_contract_period(c, k, n);
    if (!only) {
      set_error(s, "la période « %s » n'est pas une période du contrat", period);
      return NULL;
    }
  }
  cible_result *r = cb_xmalloc(sizeof *r);
  r->owner = s;
  r->ev = cb_session_eval(s->s, c, only);
  r->strings = cb_arena_new();
  r->json = NULL;
  return r;
}

void cible_result_free(cible_result *r) {
  if (!r)
    return;
  cb_arena_free(r->strings);
  free(r);
}

const char *cible_result_json(cible_result *r) {
  if (!r)
    return NULL;
  if (!r->json) {
    struct cb_buf b = CB_BUF_INIT;
    cb_report_json(&b, &r->ev, 1);
    r->json = cb_arena_strndup(r->strings, cb_buf_str(&b), b.len);
    cb_buf_free(&b);
  }
  return r->json;
}

size_t cible_result_period_count(const cible_result *r) { return r ? r->ev->nperiods : 0; }

const char *cible_result_period(const cible_result *r, size_t k) {
  return r && k < r->ev->nperiods ? r->ev->periods[k].period->name : NULL;
}

/* The period named text of the result (the only one when text is NULL). */
static const struct cb_period_eval *find_period(const cible_result *r, const char *text) {
  if (!text)
    return r->ev->nperiods == 1 ? &r->ev->periods[0] : NULL;
  enum cb_period_kind k;
  long n;
  if (!cb_period_parse(text, strlen(text), &k, &n))
    return NULL;
  for (size_t i = 0; i < r->ev->nperiods; i++)
    if (r->ev->periods[i].period->kind == k && r->ev->periods[i].period->n == n)
      return &r->ev->periods[i];
  return NULL;
}

static const struct cb_result *find_result(const cible_result *r, const char *period,
                                           const char *element) {
  if (!r)
    return NULL;
  const struct cb_period_eval *pe = find_period(r, period);
  if (!pe)
    return NULL;
  return element ? cb_report_find(r->ev, pe, element) : pe->root;
}

/* A figure as the JSON report writes it ("exact", "decimal", "affiche"). */
static void give(cible_result *r, mpq_srcptr q, enum cb_jkind kind, const struct cb_munit *u,
                 const char **exact, const char **decimal, const char **display) {
  struct cb_buf t = CB_BUF_INIT;
  if (exact) {
    cb_num_fmt_fraction(&t, q);
    *exact = cb_arena_strndup(r->strings, cb_buf_str(&t), t.len);
    cb_buf_clear(&t);
  }
  if (decimal) {
    int dec = cb_num_decimals(q, 12);
    *decimal = NULL;
    if (dec >= 0) {
      cb_num_fmt(&t, q, (unsigned)dec, CB_WRITE_DOT);
      *decimal = cb_arena_strndup(r->strings, cb_buf_str(&t), t.len);
      cb_buf_clear(&t);
    }
  }
  if (display) {
    cb_fmt_kind(&t, q, kind, u);
    *display = cb_arena_strndup(r->strings, cb_buf_str(&t), t.len);
  }
  cb_buf_free(&t);
}

/* The period's total in euros, as the text report's closing lines: what the
   variable envelopes pay (the period's totals, summed once by the
   evaluator), or, without envelope, what the contract's amounts add up to.
   NULL when there is none or it is undetermined. */
static mpq_srcptr period_total(const struct cb_period_eval *pe) {
  const struct cb_envelope_totals *t = &pe->totals;
  const struct cb_result *root = pe->root;
  if (t->any)
    return t->blocking ? NULL : t->paid;
  return !root->share_points && root->share ? root->paid : NULL;
}

/* The figure `which` of res, and how it is displayed; NULL when none. */
static mpq_srcptr figure_of(const struct cb_result *res, cible_figure which, enum cb_jkind *kind) {
  enum cb_jkind money = res->share_points ? CB_J_PTS : CB_J_EUR;
  *kind = CB_J_PCT;
  switch (which) {
  case CIBLE_OBJECTIVE:
    *kind = CB_J_VAL;
    return res->objective;
  case CIBLE_MEASURE:
    *kind = CB_J_VAL;
    return res->measure;
  case CIBLE_RATIO:
    return res->ratio;
  case CIBLE_ATTAINMENT:
    return res->status == CB_RES_OK ? res->attainment : NULL;
  case CIBLE_WEIGHT:
    return res->weight;
  case CIBLE_SHARE:
    *kind = money;
    return res->share;
  case CIBLE_PAID:
    *kind = money;
    return res->paid;
  case CIBLE_TOTAL:
    break;
  }
  return NULL;
}

cible_figure_status cible_result_figure(cible_result *r, const char *period,
                                        const char *element, cible_figure which,
                                        const char **exact, const char **decimal,
                                        const char **display) {
  const char **outs[] = {exact, decimal, display};
  for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++)
    if (outs[i])
      *outs[i] = NULL;
  const struct cb_result *res = find_result(r, period, element);
  if (!res || (which == CIBLE_TOTAL && element))
    return CIBLE_FIGURE_NOT_FOUND;
  if (which == CIBLE_TOTAL) {
    mpq_srcptr total = period_total(find_period(r, period));
    if (total)
      give(r, total, CB_J_EUR, NULL, exact, decimal, display);
    return total ? CIBLE_FIGURE_OK : CIBLE_FIGURE_NONE;
  }
  enum cb_jkind kind;
  mpq_srcptr q = figure_of(res, which, &kind);
  if (!q)
    return CIBLE_FIGURE_NONE;
  give(r, q, kind, &res->node->unit, exact, decimal, display);
  return CIBLE_FIGURE_OK;
}

cible_figure_status cible_result_total(cible_result *r, const char *period, const char **exact,
                                       const char **display) {
  return cible_result_figure(r, period, NULL, CIBLE_TOTAL, exact, NULL, display);
}

const char *cible_result_reason(const cible_result *r, const char *period, const char *element) {
  const struct cb_result *res = find_result(r, period, element);
  if (!res)
    return NULL;
  return res->reason ? res->reason : res->gate;
}
