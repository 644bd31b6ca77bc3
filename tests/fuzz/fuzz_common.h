/*
 * fuzz_common.h: shared by the libFuzzer harnesses of tests/fuzz/.
 *
 * fuzz_run() drives one session through the entry points of the CLI
 * (`cible eval`, `cible echeancier`: src/lib/session.h), entirely in memory:
 * contract text, optional CSV measures, cb_session_check, render the
 * diagnostics, then (when there is no error and `eval` is set) evaluate every
 * contract with cb_session_eval, as the CLI does (every period with data,
 * each with the version of the contract in force then, so avenants and
 * `a partir de` blocks are exercised), print the text table, the JSON report
 * and the explanation of the first indicator and of the contract, then build
 * the payment schedule from that same evaluation and print it in text, JSON
 * and CSV, into a cb_buf that is freed. enc is how the inputs are read
 * (`--encodage`). The oracles are the sanitizers and the invariants checked
 * by fuzz_require (a violation aborts: a crash for libFuzzer): the check
 * succeeds exactly when there is no error, errors render, each text report
 * starts with its contract, JSON documents are balanced, a refused schedule
 * says why. Under replay (tests/fuzz/replay.c, fuzz_set_log) each run also
 * appends a summary (diagnostic codes; per contract the attainment and
 * amount paid of each period and the number of versions in force; the
 * schedule's line count, total and undetermined lines) that tests/run.sh
 * compares with tests/fuzz/expected/.
 */
#ifndef CB_FUZZ_COMMON_H
#define CB_FUZZ_COMMON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "buf.h"
#include "csv.h"
#include "session.h"
#include "schedule.h"
#include "schedule_report.h"

/* Where fuzz_run summarises each run: set by the replay main, NULL under
   libFuzzer (nothing kept from one run to the next). */
static struct cb_buf *fuzz_log;
void fuzz_set_log(struct cb_buf *b);
void fuzz_set_log(struct cb_buf *b) { fuzz_log = b; }

static inline void fuzz_require(bool ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "fuzz: invariant violé : %s\n", what);
    abort();
  }
}

/* Brackets balanced outside strings, nothing after the closing one but
   a newline: enough to catch a truncated or doubled JSON document. */
static inline bool fuzz_json_balanced(const char *s, size_t n) {
  long depth = 0;
  bool in_str = false, closed = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (closed && c != '\n')
      return false;
    if (in_str) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_str = false;
      continue;
    }
    if (c == '"')
      in_str = true;
    else if (c == '{' || c == '[')
      depth++;
    else if (c == '}' || c == ']') {
      if (--depth < 0)
        return false;
      closed = depth == 0;
    }
  }
  return closed && !in_str;
}

/* What r pays: the sum paid by the holders of a variable envelope below it
   (as the text report's "Part variable"), else its own amount; false when
   undetermined. */
static inline bool fuzz_paid(const struct cb_result *r, mpq_t sum, bool *any) {
  if (r->variable) {
    *any = true;
    if (!r->paid)
      return false;
    mpq_add(sum, sum, r->paid);
    return true;
  }
  bool ok = true;
  for (size_t i = 0; i < r->nchildren; i++)
    ok = fuzz_paid(r->children[i], sum, any) && ok;
  return ok;
}

static inline void fuzz_q(struct cb_buf *b, mpq_srcptr q) {
  char *t = mpq_get_str(NULL, 10, q);
  cb_buf_puts(b, t);
  free(t);
}

/* "E0306 ×3, W0101" : each code once, in order of first appearance. */
static inline void fuzz_codes(struct cb_buf *b, const struct cb_diags *d) {
  bool first = true;
  for (const struct cb_diag *g = d->head; g; g = g->next) {
    if (!g->code)
      continue;
    bool seen = false;
    for (const struct cb_diag *h = d->head; h != g && !seen; h = h->next)
      seen = h->code && strcmp(h->code, g->code) == 0;
    if (seen)
      continue;
    size_t n = 0;
    for (const struct cb_diag *h = g; h; h = h->next)
      n += h->code && strcmp(h->code, g->code) == 0;
    cb_buf_printf(b, "%s%s", first ? " " : ", ", g->code);
    if (n > 1)
      cb_buf_printf(b, " ×%zu", n);
    first = false;
  }
}

/* "  contrat ID : [P atteinte A, versé V] … ; versions N": one line per
   contract, the figures of each period evaluated, and how many versions of
   the contract (avenants, `a partir de`) were in force over them. */
static inline void fuzz_log_eval(struct cb_buf *b, const struct cb_evaluation *ev) {
  cb_buf_printf(b, "  contrat %s :", ev->contract->id);
  size_t nversions = 0;
  for (size_t k = 0; k < ev->nperiods; k++) {
    const struct cb_period_eval *pe = &ev->periods[k];
    const struct cb_result *root = pe->root;
    cb_buf_printf(b, " [%s atteinte ", pe->period->name);
    if (root->attainment)
      fuzz_q(b, root->attainment);
    else
      cb_buf_puts(b, "—");
    cb_buf_puts(b, ", versé ");
    mpq_t sum;
    mpq_init(sum);
    bool any = false, ok_paid = fuzz_paid(root, sum, &any);
    if (!any && root->paid)
      fuzz_q(b, root->paid);
    else if (any && ok_paid)
      fuzz_q(b, sum);
    else
      cb_buf_puts(b, "—");
    mpq_clear(sum);
    cb_buf_putc(b, ']');
    /* a new version when the terms differ from the previous period's */
    nversions += k == 0 || pe->contract != ev->periods[k - 1].contract;
  }
  cb_buf_printf(b, " ; versions %zu\n", nversions);
}

/* "  échéancier ID : N lignes, total T, K à déterminer", or the codes of the
   diagnostics that refused it. */
static inline void fuzz_log_schedule(struct cb_buf *b, const struct cb_contract *c,
                                     const struct cb_schedule *sc, const struct cb_diags *sd) {
  cb_buf_printf(b, "  échéancier %s :", c->id);
  if (!sc) {
    cb_buf_puts(b, " refusé");
    fuzz_codes(b, sd);
    cb_buf_putc(b, '\n');
    return;
  }
  cb_buf_printf(b, " %zu ligne(s), total ", sc->nlines);
  fuzz_q(b, sc->total);
  cb_buf_printf(b, ", %zu à déterminer\n", sc->nundetermined);
}

static inline void fuzz_run(const char *contract, size_t clen, const char *csv, size_t csvlen,
                            bool eval, enum cb_encoding enc) {
  struct cb_session *s = cb_session_new();
  cb_session_set_encoding(s, enc);
  cb_session_set_stdlib(s, "stdlib"); /* harnesses run from the repository root */
  cb_session_add_contract_text(s, "fuzz.cible", contract, clen);
  if (csv)
    cb_session_add_measures_text(s, "fuzz.csv", csv, csvlen);
  bool ok = cb_session_check(s);
  const struct cb_diags *diags = cb_session_diags(s);
  fuzz_require(ok == (diags->nerrors == 0), "le contrôle réussit si et seulement s'il n'y a pas d'erreur");
  /* the renderer quotes source lines and underlines spans: exercise it */
  char *rendered = cb_diag_render_string(diags, 20);
  fuzz_require(diags->nerrors == 0 || strstr(rendered, "erreur["), "chaque erreur est affichée");
  free(rendered);
  if (fuzz_log) {
    cb_buf_printf(fuzz_log, "%s : %d erreur(s), %d avertissement(s)",
                  enc == CB_ENC_UTF8 ? "utf8" : "latin1", diags->nerrors, diags->nwarnings);
    fuzz_codes(fuzz_log, diags);
    cb_buf_puts(fuzz_log, ok && eval ? "\n" : " ; non évalué\n");
  }
  struct cb_program *p = ok && eval ? cb_session_program(s) : NULL;
  if (p) {
    /* as `cible eval` and `cible echeancier` do: each contract evaluated by
       the session, every period with the terms in force then (avenants) */
    struct cb_arena *a = cb_session_arena(s);
    struct cb_evaluation **evs =
        cb_arena_array(a, p->ncontracts ? p->ncontracts : 1, sizeof *evs);
    size_t nev = 0;
    for (struct cb_contract *c = p->contracts; c; c = c->next)
      evs[nev++] = cb_session_eval(s, c, NULL);
    struct cb_buf out = CB_BUF_INIT;
    for (size_t i = 0; i < nev; i++) {
      size_t at = out.len;
      cb_report_text(&out, evs[i]);
      const char *c_id = evs[i]->contract->id;
      fuzz_require(out.len - at > 8 + strlen(c_id) && memcmp(out.data + at, "Contrat ", 8) == 0 &&
                       memcmp(out.data + at + 8, c_id, strlen(c_id)) == 0,
                   "le rapport texte commence par son contrat");
      if (fuzz_log)
        fuzz_log_eval(fuzz_log, evs[i]);
    }
    size_t at = out.len;
    cb_report_json(&out, evs, nev);
    fuzz_require(fuzz_json_balanced(out.data + at, out.len - at), "le JSON de l'évaluation est équilibré");
    for (size_t i = 0; i < nev; i++) {
      const struct cb_contract *c = evs[i]->contract;
      if (c->nindicators)
        fuzz_require(cb_report_explain(&out, evs[i], c->indicators[0]->id),
                     "--explain connaît chaque indicateur");
      fuzz_require(cb_report_explain(&out, evs[i], c->id), "--explain connaît le contrat");
      /* the payment schedule, in its three forms, from the same evaluation */
      struct cb_diags sd = {0};
      struct cb_schedule *sc = cb_schedule_build(a, &sd, c, evs[i]);
      fuzz_require(sc || sd.nerrors, "un échéancier refusé dit pourquoi");
      if (sc) {
        cb_schedule_text(&out, sc);
        size_t js = out.len;
        cb_schedule_json(&out, &sc, 1, NULL);
        fuzz_require(fuzz_json_balanced(out.data + js, out.len - js),
                     "le JSON de l'échéancier est équilibré");
        {
          struct cb_csv_out cw;
          cb_csv_start(&cw, &out, false);
          cb_schedule_csv(&cw, &sc, 1);
        }
      }
      if (fuzz_log)
        fuzz_log_schedule(fuzz_log, c, sc, &sd);
      cb_diags_free(&sd);
    }
    cb_buf_free(&out);
  }
  cb_session_free(s);
}
#endif
