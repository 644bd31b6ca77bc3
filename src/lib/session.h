/*
 * session.h: the library's internal entry points, for the CLI and the tests.
 *
 * A session gathers the inputs of one run (contract files, measures files),
 * parses them, builds and checks the model, and keeps everything alive until
 * it is freed: sources (so diagnostics and explanations can quote lines), the
 * arena of the trees and results, and the diagnostics.
 */
#ifndef CB_SESSION_H
#define CB_SESSION_H

#include <stdbool.h>

#include "cible.h" /* CIBLE_VERSION */
#include "diag.h"
#include "eval.h"
#include "measures.h"
#include "model.h"
#include "report.h"
#include "source.h"

struct cb_session;

struct cb_session *cb_session_new(void);
/* How the files and texts added from now on are read (default UTF-8). */
void cb_session_set_encoding(struct cb_session *s, enum cb_encoding enc);
/* The conventions of the CSV measures files (--decimale, --pourcentages);
   by default none is declared. */
void cb_session_set_measures_conv(struct cb_session *s, struct cb_measures_conv conv);
/* Loads and parses a contract file (or a file of `mesures` blocks). */
enum cb_load_status cb_session_add_contract(struct cb_session *s, const char *path);
/* Loads a CSV measures file; it is read once the contracts are built. */
enum cb_load_status cb_session_add_measures(struct cb_session *s, const char *path);
/* Same from memory (tests, fuzzing). */
enum cb_load_status cb_session_add_contract_text(struct cb_session *s, const char *name,
                                                 const char *text, size_t len);
enum cb_load_status cb_session_add_measures_text(struct cb_session *s, const char *name,
                                                 const char *text, size_t len);
/* The directory of the standard library (`importe "aci/cpts"` reads
   DIR/aci/cpts.cible). Without one, every import is reported as not found. */
void cb_session_set_stdlib(struct cb_session *s, const char *dir);
/* Builds the model, attaches measures, runs the checks. True when no error. */
bool cb_session_check(struct cb_session *s);
/* Evaluates contract c (of cb_session_program) for every period with data,
   or for the one period only (a period of c); when the contract changes
   from a period on (avenants), each period is evaluated with the terms in
   force then. */
struct cb_evaluation *cb_session_eval(struct cb_session *s, const struct cb_contract *c,
                                      const struct cb_period *only);
/* Same, on the measures of ds (instead of the session's), the results
   allocated in a. */
struct cb_evaluation *cb_session_eval_on(struct cb_session *s, const struct cb_contract *c,
                                         const struct cb_period *only,
                                         const struct cb_dataset *ds, struct cb_arena *a);
/* Records the measures of the `mesures` block t in ds, each for the version
   of its contract in force in its period, as cb_session_check does for the
   session's own; errors go to d. The session's terms are not written. */
void cb_session_attach_measures(struct cb_session *s, struct cb_dataset *ds, struct cb_diags *d,
                                const struct cb_top *t);
/* A new, empty session with the same settings (standard library), whose
   files may be syntax trees of the parent (cb_session_add_file): the parent
   must outlive it. */
struct cb_session *cb_session_derive(const struct cb_session *parent);
/* Adds an already parsed file (not owned). */
void cb_session_add_file(struct cb_session *s, struct cb_file *f);
struct cb_file **cb_session_files(struct cb_session *s, size_t *n);
/* Contract t (a top of the session's files) consolidated with its avenants
   (avenant.h), or t itself. */
const struct cb_top *cb_session_consolidated(struct cb_session *s, const struct cb_top *t);
struct cb_diags *cb_session_diags(struct cb_session *s);
struct cb_program *cb_session_program(struct cb_session *s);
struct cb_arena *cb_session_arena(struct cb_session *s);
/* The measures of the session (`mesures` blocks and CSV files), once
   checked (dataset.h). */
const struct cb_dataset *cb_session_dataset(const struct cb_session *s);
/* Every input read so far (contracts, measures, standard library modules),
   in the order read. */
const struct cb_sources *cb_session_sources(const struct cb_session *s);
/* A measure set of its own (`eval --scenario`): the measures CSV at path,
   read against the checked contracts of s into a new dataset over the
   run's own measures (a measure given in both is a duplicate, E0305).
   Diagnostics go to the session's; *st says whether the file was read.
   NULL when it could not be; the caller frees the dataset. */
struct cb_dataset *cb_session_scenario(struct cb_session *s, const char *path,
                                       enum cb_load_status *st);
void cb_session_free(struct cb_session *s);

#endif
