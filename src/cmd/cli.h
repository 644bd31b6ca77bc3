/*
 * cli.h: what the commands of the `cible` program share (src/cmd/).
 *
 * The options of the command line, usage errors, --periode ranges, the
 * checked session every command but fmt starts from, and the checked
 * writes to stdout. Each command lives in its own cmd_<name>.c; main.c
 * holds the help text and the table of commands.
 */
#ifndef CB_CLI_H
#define CB_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "measures.h"
#include "model.h"
#include "source.h"

struct cb_buf;
struct cb_session;
struct cb_dataset;

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

struct cli_options {
  const char *command;
  const char **files;
  size_t nfiles, filescap;
  char **owned; /* paths built from a directory or a --liste, freed with o */
  size_t nowned, ownedcap;
  const char **csv;
  size_t ncsv;
  const char **scenarios; /* eval --scenario: one measures CSV each */
  size_t nscenarios;
  struct cb_dataset **scenario_ds; /* their measures, read by cli_open_session */
  const char *periode;
  const char *format;
  const char *explain;
  const char *au;
  const char *stdlib;
  bool bornes;
  bool csv_excel; /* --csv-excel: `;`, decimal comma, BOM, CRLF */
  bool modele;    /* mesures --modele */
  const char *sortie; /* -o FICHIER */
  const char *diagnostics; /* --diagnostics texte|json|sarif */
  bool signature; /* check --signature */
  size_t split; /* diff: files before "--" ((size_t)-1: none) */
  const char *encodage;
  enum cb_encoding encoding;
  const char *decimale, *pourcentages;
  struct cb_measures_conv conv;
};

/* The name of the scenario read from path: its file name without a final
   ".csv" (any case), n bytes from the returned pointer. */
const char *cli_scenario_name(const char *path, size_t *n);

/* "cible: erreur: …" and a pointer to --help on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, const char *arg) __attribute__((format(printf, 1, 0)));
/* An option that takes one value, given twice: refused rather than keeping
   the last one silently (only --mesures is a list). */
int cli_twice_error(const char *opt, const char *first, const char *second);

/* --periode P or --periode "P1 a P2" (also "à"): the first and last periods,
   of one kind, in order. */
struct period_range {
  enum cb_period_kind kind;
  long first, last;
};

bool cli_parse_period_range(const char *text, struct period_range *r);


#define PERIOD_USAGE "période illisible : « %s » (« an 2 », « 2020 », ou « an 1 a an 3 » pour " \
                     "plusieurs périodes qui se suivent, dans l'ordre)"

/* The periods of c that --periode names: false when c lacks either end. */
bool cli_contract_range(const struct cb_contract *c, const struct period_range *r,
                        const struct cb_period **first, const struct cb_period **last);
/* No contract has the periods of --periode: said, EXIT_USAGE. */
int cli_no_period_error(const char *text, const struct period_range *r);

/* The options of argv (argv[1] is the command); EXIT_OK or the usage error.
   For check, eval and echeancier a directory stands for its `*.cible` files
   (sorted by name; sub-directories and other files are not read) and
   --liste F for the contract paths F names, one a line. */
int cli_parse_args(int argc, char **argv, struct cli_options *o);
/* Frees what cli_parse_args allocated. */
void cli_options_free(struct cli_options *o);

/* A checked session of files (and the --mesures files); NULL after printing
   the diagnostics, *status saying why. */
struct cb_session *cli_open_session(struct cli_options *o, const char **files, size_t nfiles,
                                    int *status);

/* stdout: the first failed write is kept, later ones are skipped, and the
   failure is reported once by cli_out_status. */
void cli_put_out(const char *s, size_t n);
void cli_puts_out(const char *s);
/* Flushes stdout (and closes it when `last`); EXIT_USAGE after reporting the
   first failure of any write to it. */
int cli_out_status(bool last);
/* Writes out to stdout and frees it; the status of stdout. */
int cli_output(struct cb_buf *out);
/* -o FICHIER: what cli_put_out writes goes to a temporary file renamed over
   FICHIER by cli_finish (atomic_write.h); EXIT_USAGE after saying why it
   cannot be made. */
int cli_open_output(const char *path);
/* The end of the run, given the command's status: -o's file is kept when a
   report was written whole, else removed; stdout flushed and closed. The
   status of the process. */
int cli_finish(int status);
/* Whether the report goes to a terminal (no -o): binary formats refuse it. */
bool cli_output_is_terminal(void);

/* Diagnostics, in the form --diagnostics asked: GNU text on stderr at once,
   or gathered into the JSON or SARIF document cli_finish writes to stderr. */
struct cb_diags;
void cli_diags(const struct cb_diags *d);
/* "cible: 2 erreurs<what>, 1 avertissement" on stderr (text form only;
   nothing without errors). */
void cli_diag_count(int nerrors, int nwarnings, const char *what);

/* The command line, kept by main for the reports' provenance. */
void cli_set_argv(int argc, char **argv);
struct cb_provenance;
/* The provenance of a report on session s (its files; NULL: none yet),
   to be freed with cb_provenance_free; more sessions are added with
   cb_provenance_add_sources. */
void cli_provenance(struct cb_provenance *p, const struct cb_session *s);
/* The provenance block at the end of a text report, after an empty line. */
void text_provenance(struct cb_buf *out, const struct cb_provenance *p);
/* The provenance block as comment lines (`# …`) after a CSV report's rows. */
struct cb_csv_out;
void csv_provenance(struct cb_csv_out *w, const struct cb_provenance *p);

/* The commands (cmd_<name>.c). Those given a session get it checked, and
   the caller frees it. */
int cmd_check(struct cli_options *o, struct cb_session *s);
int cmd_eval(struct cli_options *o, struct cb_session *s);
int cmd_echeancier(struct cli_options *o, struct cb_session *s);
int cmd_test(struct cli_options *o, struct cb_session *s);
int cmd_consolide(struct cli_options *o, struct cb_session *s);
int cmd_diff(struct cli_options *o);
int cmd_verifie(struct cli_options *o);
int cmd_mesures(struct cli_options *o, struct cb_session *s);
/* The standard library's folder: opt (--stdlib), $CIBLE_STDLIB or next to
   the program; NULL when none (freed by the caller). */
char *cli_stdlib_dir(const char *opt);
int cmd_fmt(int argc, char **argv);
/* `cible lsp`: the language server on stdin and stdout (cmd_lsp.c). */
int cmd_lsp(int argc, char **argv);

#endif
