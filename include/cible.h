/*
 * cible.h: the public C API of libcible (docs/bibliotheque.md).
 *
 * Cible checks and evaluates performance contracts of the French health
 * insurance. This header is the whole interface of the library to a program
 * that embeds it: opaque handles and functions, nothing of the internal
 * structures. Build against the installed library with
 *
 *     cc prog.c $(pkg-config --cflags --libs cible)
 *
 * A run goes: cible_session_new, then cible_set_* and cible_add_* to give
 * the settings and the inputs, cible_check (parses what is left, builds and
 * checks the model, reads the measures), then cible_eval for a contract,
 * whose result gives its figures and the JSON document of
 * `cible eval --format json`, and the frees.
 *
 * Figures are exact: every number is handed out as strings, never as a
 * floating-point value: the exact rational ("558333/100", "1/3", "42"), the
 * decimal expansion when it terminates ("5583.33") and the French display of
 * the reports ("5 583,33 €", "55,83 %"). Messages meant for people (the
 * diagnostics, cible_last_error) are in French.
 *
 * Ownership: every `const char *` a function returns belongs to the session
 * or the result it was asked of, and stays valid until that handle is freed
 * (the session's strings: until the session is freed; the result's: until
 * the result is freed). The caller frees only what it created: sessions with
 * cible_session_free, results with cible_result_free, and every result
 * before the session that produced it.
 *
 * Threads: the library keeps no state shared between sessions; distinct
 * sessions may be used from distinct threads at the same time, but one
 * session (and its results) from one thread at a time. The library never
 * prints and never exits, except when memory runs out (it then prints
 * "cible: erreur: mémoire épuisée" and exits with status 2).
 */
#ifndef CIBLE_H
#define CIBLE_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; cible_version() gives the library's. */
#define CIBLE_VERSION "0.1.0"

/* One run: settings, inputs, diagnostics, the checked model. */
typedef struct cible_session cible_session;
/* The evaluation of one contract (cible_eval). */
typedef struct cible_result cible_result;

/* What adding an input did. */
typedef enum cible_load {
  CIBLE_LOAD_OK = 0,  /* read; its syntax errors, if any, are diagnostics */
  CIBLE_LOAD_IO,      /* cannot be read (missing, a directory...): a diagnostic
                         E0000 says why; the CLI exits 2 on it */
  CIBLE_LOAD_INVALID, /* read but refused (encoding, NUL byte, size): a
                         diagnostic says why */
  CIBLE_LOAD_MISUSE,  /* not added: NULL argument, or the session is already
                         checked (cible_last_error) */
} cible_load;

typedef enum cible_severity {
  CIBLE_ERROR = 0,   /* "erreur": the input is refused */
  CIBLE_WARNING = 1, /* "attention": reported, evaluation goes on */
  CIBLE_NOTE = 2,    /* "note": completes the diagnostic before it */
} cible_severity;

/* The figures of an element (indicator, donnée, group) or of the contract in
   one period of a result. */
typedef enum cible_figure {
  CIBLE_OBJECTIVE,  /* objectif */
  CIBLE_MEASURE,    /* mesure (a donnée: its value) */
  CIBLE_RATIO,      /* mesure / objectif */
  CIBLE_ATTAINMENT, /* atteinte, after plafond and plancher (fraction: 1 is 100 %) */
  CIBLE_WEIGHT,     /* poids: the effective fraction in its parent */
  CIBLE_SHARE,      /* part: what it can earn (euros, or points) */
  CIBLE_PAID,       /* versé: what it earns (euros, or points) */
  CIBLE_TOTAL,      /* of the contract only: what the period pays in euros, as
                       the text report's last lines say it ("Part variable",
                       or "Total versé" when the contract has no envelope) */
} cible_figure;

/* Whether a figure was given. */
typedef enum cible_figure_status {
  CIBLE_FIGURE_OK = 0,     /* given */
  CIBLE_FIGURE_NONE,       /* this figure has no value here (not scored, no
                              objective, measure missing, a contract that pays
                              nothing...): cible_result_reason says why when a
                              reason is known; never a guessed zero */
  CIBLE_FIGURE_NOT_FOUND,  /* the period or the element is not in the result */
} cible_figure_status;

/* "0.1.0": the version of the library linked (the same as `cible --version`). */
const char *cible_version(void);

/* ------------------------------------------------------------ sessions */

/* A new, empty session; never NULL. Free it with cible_session_free. */
cible_session *cible_session_new(void);
/* Frees the session and everything it owns (its strings, its diagnostics).
   Its results must have been freed before. NULL is allowed. */
void cible_session_free(cible_session *s);

/* The directory of the standard library (`importe "aci/cpts"` reads
   DIR/aci/cpts.cible); copied. Without one (the default: the library reads
   no environment variable), every `importe` is reported (E0220). An
   installed library's is given by `pkg-config --variable=stdlibdir cible`. */
void cible_set_stdlib(cible_session *s, const char *dir);
/* How the contract and measures files added from now on are read: "utf8"
   (the default) or "latin1" (also "cp1252", "windows-1252"), as
   `--encodage`. False, and nothing changed, for another name. */
bool cible_set_encoding(cible_session *s, const char *name);
/* The conventions of the CSV measures files, as `--decimale` ("virgule" or
   "point") and `--pourcentages` ("fraction" or "pourcent"); NULL leaves one
   undeclared. False, and nothing changed, when a word is unknown. */
bool cible_set_measures_conventions(cible_session *s, const char *decimal,
                                    const char *percentages);

/* Adds a contract file (or a file of `mesures` blocks) and parses it. */
cible_load cible_add_contract(cible_session *s, const char *path);
/* The same from memory: name is how diagnostics call it; text is copied and
   need not end with a NUL byte. */
cible_load cible_add_contract_text(cible_session *s, const char *name, const char *text,
                                   size_t len);
/* Adds a CSV measures file (contrat;indicateur;periode;valeur), or an xlsx
   workbook whose sheet « Mesures » (else the first) has those columns; its
   rows are read by cible_check, once the contracts exist. The _text form
   takes CSV only. */
cible_load cible_add_measures(cible_session *s, const char *path);
cible_load cible_add_measures_text(cible_session *s, const char *name, const char *text,
                                   size_t len);

/* Builds the model of every contract added, attaches the measures and runs
   every check. True when there is no error (warnings allowed). Inputs cannot
   be added afterwards; a second call returns the same answer. */
bool cible_check(cible_session *s);

/* The French message of the last misuse of the API on this session (a NULL
   argument, an unknown contract or period, an evaluation before a
   successful check), or NULL when there was none. */
const char *cible_last_error(const cible_session *s);

/* --------------------------------------------------------- diagnostics */

/* The diagnostics so far (loading, parsing, checking), in the order the CLI
   prints them, notes included. */
size_t cible_diagnostic_count(const cible_session *s);
/* Every diagnostic rendered as the CLI prints them on stderr: GNU form
   ("file:line:col: erreur[E0203]: message"), the source line and a caret
   under the span; all of them (the CLI stops after 50). "" when none. */
const char *cible_diagnostics_text(cible_session *s);
/* Diagnostic i (0 ≤ i < cible_diagnostic_count): its severity; its stable
   code ("E0203", documented in docs/diagnostics.md; NULL for a note); the
   file as it was named (NULL when it is about no file); its 1-based line
   and byte column (0 when no file); and its message. An i out of range gives
   CIBLE_NOTE, NULL and 0. */
cible_severity cible_diagnostic_severity(const cible_session *s, size_t i);
const char *cible_diagnostic_code(const cible_session *s, size_t i);
const char *cible_diagnostic_file(const cible_session *s, size_t i);
int cible_diagnostic_line(const cible_session *s, size_t i);
int cible_diagnostic_column(const cible_session *s, size_t i);
const char *cible_diagnostic_message(const cible_session *s, size_t i);

/* ----------------------------------------------------------- contracts */

/* The contracts of a checked session, in the order of the files (0 before
   cible_check). */
size_t cible_contract_count(const cible_session *s);
/* The id of contract i ("cafe_cpts"), NULL when i is out of range. */
const char *cible_contract_id(const cible_session *s, size_t i);
/* Its periods, in order ("an 1", "2020"); NULL when out of range. */
size_t cible_contract_period_count(const cible_session *s, size_t i);
const char *cible_contract_period(const cible_session *s, size_t i, size_t k);

/* ---------------------------------------------------------- evaluation */

/* Evaluates contract `contract` (its id; NULL when the session has exactly
   one contract) of a session whose cible_check succeeded: for every period
   that has an objective or a measure when period is NULL, else for that one
   period ("an 2", "2020"; written as on the command line), even without
   data. When the contract changes from a period on (avenants), each period
   is evaluated with the terms in force then. NULL on misuse (unknown
   contract or period, check not run or failed): see cible_last_error. Free
   the result with cible_result_free, before the session. */
cible_result *cible_eval(cible_session *s, const char *contract, const char *period);
void cible_result_free(cible_result *r);

/* The JSON document that `cible eval --format json` prints for this
   contract alone (schema "cible-evaluation/1", docs/json.md), ending with a
   newline. */
const char *cible_result_json(cible_result *r);

/* The periods evaluated, in order. */
size_t cible_result_period_count(const cible_result *r);
const char *cible_result_period(const cible_result *r, size_t k);

/* A figure of `element` (an indicator, donnée, group or mission id; NULL:
   the contract) in `period` (a period of the result, as in cible_eval;
   NULL: the result's only period). On CIBLE_FIGURE_OK, each non-NULL out
   pointer receives a string owned by the result: *exact the exact rational
   ("67/120"); *decimal its decimal expansion when it terminates within 12
   decimals ("5583.33"), else NULL; *display the figure as the reports show
   it ("55,83 %", "5 583,33 €", "12 pts"). Otherwise they receive NULL. */
cible_figure_status cible_result_figure(cible_result *r, const char *period,
                                        const char *element, cible_figure which,
                                        const char **exact, const char **decimal,
                                        const char **display);
/* cible_result_figure(r, period, NULL, CIBLE_TOTAL, exact, NULL, display). */
cible_figure_status cible_result_total(cible_result *r, const char *period, const char **exact,
                                       const char **display);
/* Why an element (NULL: the contract) has no figure in period, in French
   ("aucun objectif fixé pour an 2"); NULL when it has its figures, or when
   the period or the element is not in the result. */
const char *cible_result_reason(const cible_result *r, const char *period, const char *element);

#ifdef __cplusplus
}
#endif

#endif
