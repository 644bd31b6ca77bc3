/*
 * fuzz_common.h: shared by the libFuzzer harnesses of tests/fuzz/.
 *
 * fuzz_run() drives one session the way `cible eval` does, entirely in
 * memory: contract text, optional CSV measures, check, render the
 * diagnostics, then (when there is no error and `eval` is set) evaluate every
 * contract for all its periods and print the text table, the JSON report and
 * the explanation of the first indicator, then the payment schedule in text,
 * JSON and CSV, into a cb_buf that is freed. Output
 * is discarded; the sanitizers are the oracle. enc is how the inputs are read
 * (`--encodage`).
 */
#ifndef CB_FUZZ_COMMON_H
#define CB_FUZZ_COMMON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include "arena.h"
#include "buf.h"
#include "cible.h"
#include "schedule.h"
#include "schedule_report.h"

static inline void fuzz_run(const char *contract, size_t clen, const char *csv, size_t csvlen,
                            bool eval, enum cb_encoding enc) {
  struct cb_session *s = cb_session_new();
  cb_session_set_encoding(s, enc);
  cb_session_set_stdlib(s, "stdlib"); /* harnesses run from the repository root */
  cb_session_add_contract_text(s, "fuzz.cible", contract, clen);
  if (csv)
    cb_session_add_measures_text(s, "fuzz.csv", csv, csvlen);
  bool ok = cb_session_check(s);
  /* the renderer quotes source lines and underlines spans: exercise it */
  free(cb_diag_render_string(cb_session_diags(s), 20));
  struct cb_program *p = ok && eval ? cb_session_program(s) : NULL;
  if (p) {
    struct cb_arena *a = cb_session_arena(s);
    struct cb_evaluation **evs =
        cb_arena_array(a, p->ncontracts ? p->ncontracts : 1, sizeof *evs);
    size_t nev = 0;
    for (struct cb_contract *c = p->contracts; c; c = c->next)
      evs[nev++] = cb_eval_contract(a, c, NULL);
    struct cb_buf out = CB_BUF_INIT;
    for (size_t i = 0; i < nev; i++)
      cb_report_text(&out, evs[i]);
    cb_report_json(&out, evs, nev);
    for (size_t i = 0; i < nev; i++) {
      const struct cb_contract *c = evs[i]->contract;
      if (c->nindicators)
        cb_report_explain(&out, evs[i], c->indicators[0]->id);
      cb_report_explain(&out, evs[i], c->id);
      /* the payment schedule, in its three forms */
      struct cb_diags sd = {0};
      struct cb_schedule *sc = cb_schedule_build(a, &sd, c, cb_session_eval(s, c, NULL));
      if (sc) {
        cb_schedule_text(&out, sc);
        cb_schedule_json(&out, &sc, 1);
        cb_schedule_csv(&out, &sc, 1);
      }
      cb_diags_free(&sd);
    }
    cb_buf_free(&out);
  }
  cb_session_free(s);
}
#endif
