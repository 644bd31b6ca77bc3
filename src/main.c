/*
 * main.c: the `cible` command, a thin client of libcible.
 *
 * Parses the command line, hands files to a session, prints diagnostics to
 * stderr and reports to stdout. Exit status: 0 success, 1 the inputs have
 * errors, 2 usage or I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "cible.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "Usage : cible COMMANDE [OPTIONS] FICHIER…\n"
    "\n"
    "Vérifie et évalue des contrats de performance de l'Assurance maladie.\n"
    "\n"
    "Commandes :\n"
    "  check FICHIER… [--mesures FICHIER.csv]…\n"
    "                            vérifie les contrats et les mesures (diagnostics sur la\n"
    "                            sortie d'erreur)\n"
    "  eval FICHIER… [OPTIONS]   évalue les contrats sur les mesures\n"
    "\n"
    "Options :\n"
    "  --mesures FICHIER.csv     lit des mesures (contrat;indicateur;periode;valeur) ;\n"
    "                            peut être répétée (check et eval)\n"
    "Options de eval :\n"
    "  --periode P               évalue la seule période P (« an 2 », « 2020 ») ;\n"
    "                            par défaut, toutes les périodes qui ont un objectif\n"
    "                            ou une mesure\n"
    "  --format texte|json       format du rapport (texte par défaut)\n"
    "  --explain ID              détaille le calcul de l'indicateur ou du groupe ID,\n"
    "                            étape par étape, avec les lignes du contrat et des mesures\n"
    "\n"
    "Autres :\n"
    "  --help, -h                cette aide\n"
    "  --version                 la version\n"
    "\n"
    "Statut de sortie : 0 réussite, 1 erreurs dans les fichiers, 2 usage ou lecture impossible.\n"
    "Documentation : docs/langage.md, docs/diagnostics.md, docs/json.md.\n";

static int usage_error(const char *fmt, const char *arg)
    __attribute__((format(printf, 1, 0)));

static int usage_error(const char *fmt, const char *arg) {
  fputs("cible: erreur: ", stderr);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
  fputs("\nEssayez « cible --help ».\n", stderr);
  return EXIT_USAGE;
}

struct options {
  const char *command;
  const char **files;
  size_t nfiles;
  const char **csv;
  size_t ncsv;
  const char *periode;
  const char *format;
  const char *explain;
};

static int parse_args(int argc, char **argv, struct options *o) {
  memset(o, 0, sizeof *o);
  o->files = cb_xmalloc((size_t)argc * sizeof *o->files);
  o->csv = cb_xmalloc((size_t)argc * sizeof *o->csv);
  o->format = "texte";
  o->command = argv[1];
  bool eval = strcmp(o->command, "eval") == 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = NULL;
    if (strcmp(a, "--mesures") == 0)
      slot = &o->csv[o->ncsv];
    else if (strcmp(a, "--periode") == 0 && eval)
      slot = &o->periode;
    else if (strcmp(a, "--format") == 0 && eval)
      slot = &o->format;
    else if (strcmp(a, "--explain") == 0 && eval)
      slot = &o->explain;
    else if (strncmp(a, "--", 2) == 0 && a[2])
      return usage_error("option inconnue pour cette commande : %s", a);
    else {
      o->files[o->nfiles++] = a;
      continue;
    }
    if (i + 1 >= argc)
      return usage_error("l'option %s attend une valeur", a);
    *slot = argv[++i];
    if (slot == &o->csv[o->ncsv])
      o->ncsv++;
  }
  if (!o->nfiles)
    return usage_error("aucun fichier de contrat à %s", eval ? "évaluer" : "vérifier");
  if (strcmp(o->format, "texte") != 0 && strcmp(o->format, "text") != 0 &&
      strcmp(o->format, "json") != 0)
    return usage_error("format inconnu : %s (texte ou json)", o->format);
  return EXIT_OK;
}

static int run(struct options *o) {
  struct cb_session *s = cb_session_new();
  struct cb_diags *d = cb_session_diags(s);
  int status = EXIT_OK;
  for (size_t i = 0; i < o->nfiles; i++)
    if (cb_session_add_contract(s, o->files[i]) == CB_LOAD_IO)
      status = EXIT_USAGE;
  for (size_t i = 0; i < o->ncsv; i++)
    if (cb_session_add_measures(s, o->csv[i]) == CB_LOAD_IO)
      status = EXIT_USAGE;
  if (status == EXIT_USAGE) {
    cb_diag_render(d, stderr, CB_MAX_DIAGS_SHOWN);
    cb_session_free(s);
    return status;
  }
  bool ok = cb_session_check(s);
  cb_diag_render(d, stderr, CB_MAX_DIAGS_SHOWN);
  if (!ok) {
    fprintf(stderr, "cible: %d erreur%s", d->nerrors, d->nerrors > 1 ? "s" : "");
    if (d->nwarnings)
      fprintf(stderr, ", %d avertissement%s", d->nwarnings, d->nwarnings > 1 ? "s" : "");
    fputs("\n", stderr);
    cb_session_free(s);
    return EXIT_INPUT;
  }
  struct cb_program *p = cb_session_program(s);
  if (strcmp(o->command, "check") == 0) {
    cb_session_free(s);
    return EXIT_OK;
  }
  const struct cb_period *only = NULL;
  enum cb_period_kind pk = CB_PERIOD_YEAR;
  long pn = 0;
  if (o->periode && !cb_period_parse(o->periode, strlen(o->periode), &pk, &pn)) {
    cb_session_free(s);
    return usage_error("période illisible : « %s » (« an 2 » ou « 2020 »)", o->periode);
  }
  struct cb_arena *a = cb_session_arena(s);
  struct cb_evaluation **evs = cb_arena_array(a, p->ncontracts ? p->ncontracts : 1, sizeof *evs);
  size_t nev = 0;
  for (struct cb_contract *c = p->contracts; c; c = c->next) {
    if (o->periode) {
      /* with several contracts, only those that have the period */
      only = cb_contract_period(c, pk, pn);
      if (!only)
        continue;
    }
    evs[nev++] = cb_eval_contract(a, c, only);
  }
  if (o->periode && nev == 0) {
    fprintf(stderr, "cible: erreur: la période « %s » n'est une période d'aucun contrat donné\n",
            o->periode);
    cb_session_free(s);
    return EXIT_USAGE;
  }
  struct cb_buf out = CB_BUF_INIT;
  if (o->explain) {
    bool found = false;
    for (size_t i = 0; i < nev; i++)
      found = cb_report_explain(&out, evs[i], o->explain) || found;
    if (!found) {
      cb_buf_free(&out);
      cb_session_free(s);
      return usage_error("« %s » n'est ni un indicateur, ni un groupe, ni un contrat", o->explain);
    }
  } else if (strcmp(o->format, "json") == 0) {
    cb_report_json(&out, evs, nev);
  } else {
    for (size_t i = 0; i < nev; i++) {
      if (i)
        cb_buf_putc(&out, '\n');
      cb_report_text(&out, evs[i]);
    }
  }
  fwrite(cb_buf_str(&out), 1, out.len, stdout);
  cb_buf_free(&out);
  cb_session_free(s);
  if (fflush(stdout) != 0) {
    fputs("cible: erreur: écriture impossible sur la sortie standard\n", stderr);
    return EXIT_USAGE;
  }
  return status;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return usage_error("%s", "une commande est attendue (check ou eval)");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    fputs(usage_text, stdout);
    return EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("cible %s\n", CIBLE_VERSION);
    return EXIT_OK;
  }
  if (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "eval") != 0)
    return usage_error("commande inconnue : %s (check ou eval)", argv[1]);
  struct options o;
  int st = parse_args(argc, argv, &o);
  if (st == EXIT_OK)
    st = run(&o);
  free(o.files);
  free(o.csv);
  return st;
}
