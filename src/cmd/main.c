/*
 * main.c: the `cible` command, a thin client of libcible.
 *
 * Parses the command line, hands files to a session, prints diagnostics to
 * stderr and reports to stdout. Every write to stdout is checked, its flush
 * and its close too: a report cut short (full disk, closed pipe) is an I/O
 * error, said in French. Exit status: 0 success, 1 the inputs have errors,
 * 2 usage or I/O error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "session.h"
#include "consolide.h"
#include "diff.h"
#include "atomic_write.h"
#include "layout.h"
#include "signature.h"
#include "exemple.h"
#include "schedule.h"
#include "schedule_report.h"
#include "sysio.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "Usage : cible COMMANDE [OPTIONS] FICHIER…\n"
    "\n"
    "Vérifie et évalue des contrats de performance de l'Assurance maladie.\n"
    "\n"
    "Commandes :\n"
    "  check FICHIER… [--mesures FICHIER.csv]… [--signature] [--encodage latin1]\n"
    "                            vérifie les contrats et les mesures (diagnostics sur la\n"
    "                            sortie d'erreur)\n"
    "  eval FICHIER… [OPTIONS]   évalue les contrats sur les mesures\n"
    "  test FICHIER… [--bornes]  vérifie les chiffres attendus des blocs exemple ; avec\n"
    "                            --bornes, ce qui est versé à chaque borne d'objectif\n"
    "                            et de tranche, et un pas de part et d'autre\n"
    "  diff A.cible B.cible, diff A.cible… -- B.cible… [--mesures CSV] [--format json]\n"
    "                            les différences de termes entre deux versions (B : une\n"
    "                            autre version, ou le contrat suivi de ses avenants) ;\n"
    "                            avec des mesures, l'incidence sur les montants versés\n"
    "  consolide CONTRAT AVENANT…\n"
    "                            le contrat consolidé avec ses avenants, chaque ligne\n"
    "                            changée suivie du numéro de l'avenant\n"
    "  fmt [-w | --check] FICHIER… [--encodage latin1]\n"
    "                            la mise en page canonique (sur la sortie ; -w réécrit\n"
    "                            les fichiers, --check liste ceux qui ne le sont pas)\n"
    "  echeancier FICHIER… [OPTIONS]\n"
    "                            l'échéancier daté des versements (avances, soldes,\n"
    "                            parts variables, reprises) et leur cumul\n"
    "  Les FICHIERs sont des contrats, des avenants (appliqués dans l'ordre de leur\n"
    "  numéro) et des blocs de mesures.\n"
    "\n"
    "Options :\n"
    "  --signature               (check) profil strict d'un contrat à signer : chaque\n"
    "                            objectif fixé, source et sens de chaque indicateur,\n"
    "                            barèmes complets, objectifs dans le sens de l'indicateur,\n"
    "                            dates dans le contrat\n"
    "  --mesures FICHIER.csv     lit des mesures (contrat;indicateur;periode;valeur) ;\n"
    "                            peut être répétée (check et eval)\n"
    "  --decimale virgule|point  la marque décimale des fichiers de mesures (« 1.000 »\n"
    "                            ou « 1,000 » sans elle : erreur E0311)\n"
    "  --pourcentages fraction|pourcent\n"
    "                            un nombre sans % pour un indicateur en % : une fraction\n"
    "                            (0,2 vaut 20 %) ou déjà des % (0,2 vaut 0,2 %) ; sans\n"
    "                            elle, 0 < |x| <= 1 est une erreur (E0312)\n"
    "Options de eval :\n"
    "  --periode P               évalue la seule période P (« an 2 », « 2020 »), ou\n"
    "                            les périodes qui se suivent de P1 à P2 (« an 1 a an 3 ») ;\n"
    "                            par défaut, toutes les périodes qui ont un objectif\n"
    "                            ou une mesure\n"
    "  --format texte|json       format du rapport (texte par défaut)\n"
    "  --explain ID              détaille le calcul de l'indicateur ou du groupe ID,\n"
    "                            étape par étape, avec les lignes du contrat et des mesures ;\n"
    "                            pour une donnée : sa valeur, sa source et ses étapes\n"
    "Options de echeancier :\n"
    "  --au AAAA-MM-JJ           les seuls versements dus à cette date (incluse)\n"
    "  --periode P               les seuls versements de l'année P (ou des années\n"
    "                            « an 1 a an 3 »)\n"
    "  --format texte|json|csv   format de l'échéancier (texte par défaut)\n"
    "Options de toutes les commandes :\n"
    "  --encodage utf8|latin1    encodage des contrats et des mesures qui ne sont pas\n"
    "                            en UTF-8 : utf8 (défaut, ils sont refusés) ou latin1\n"
    "                            (Windows-1252, aussi nommé cp1252 ou windows-1252),\n"
    "                            converti en UTF-8 à la lecture ; un fichier valide en\n"
    "                            UTF-8 est toujours lu en UTF-8\n"
    "  --stdlib DOSSIER          la bibliothèque standard (importe \"aci/cpts\") ; par\n"
    "                            défaut $CIBLE_STDLIB, sinon le dossier stdlib/ installé\n"
    "                            avec cible\n"
    "  Une option à valeur ne se donne qu'une fois (deux fois : statut 2), sauf --mesures.\n"
    "\n"
    "Autres :\n"
    "  --help, -h                cette aide\n"
    "  --version                 la version\n"
    "\n"
    "Statut de sortie : 0 réussite, 1 erreurs dans les fichiers, 2 usage, lecture ou écriture\n"
    "impossible.\n"
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
  const char *au;
  const char *stdlib;
  bool bornes;
  bool signature; /* check --signature */
  size_t split; /* diff: files before "--" ((size_t)-1: none) */
  const char *encodage;
  enum cb_encoding encoding;
  const char *decimale, *pourcentages;
  struct cb_measures_conv conv;
};

/* An option that takes one value, given twice: refused rather than keeping
   the last one silently (only --mesures is a list). */
static int twice_error(const char *opt, const char *first, const char *second) {
  struct cb_buf b = CB_BUF_INIT;
  cb_buf_printf(&b, "l'option %s est donnée deux fois (« %s » puis « %s ») : elle ne prend "
                    "qu'une valeur",
                opt, first, second);
  if (strcmp(opt, "--periode") == 0)
    cb_buf_printf(&b, " ; pour plusieurs périodes qui se suivent : --periode \"%s a %s\"", first,
                  second);
  int st = usage_error("%s", cb_buf_str(&b));
  cb_buf_free(&b);
  return st;
}

/* --periode P or --periode "P1 a P2" (also "à"): the first and last periods,
   of one kind, in order. */
struct period_range {
  enum cb_period_kind kind;
  long first, last;
};

static bool parse_period_range(const char *text, struct period_range *r) {
  size_t len = strlen(text);
  const char *sep = NULL;
  size_t seplen = 0;
  for (size_t i = 0; i < len && !sep; i++) {
    if (strncmp(text + i, " a ", 3) == 0)
      sep = text + i, seplen = 3;
    else if (strncmp(text + i, " à ", 4) == 0)
      sep = text + i, seplen = 4;
  }
  if (!sep) {
    if (!cb_period_parse(text, len, &r->kind, &r->first))
      return false;
    r->last = r->first;
    return true;
  }
  enum cb_period_kind k2;
  return cb_period_parse(text, (size_t)(sep - text), &r->kind, &r->first) &&
         cb_period_parse(sep + seplen, len - (size_t)(sep - text) - seplen, &k2, &r->last) &&
         k2 == r->kind && r->first <= r->last;
}

#define PERIOD_USAGE "période illisible : « %s » (« an 2 », « 2020 », ou « an 1 a an 3 » pour " \
                     "plusieurs périodes qui se suivent, dans l'ordre)"

/* The periods of c that --periode names: false when c lacks either end. */
static bool contract_range(const struct cb_contract *c, const struct period_range *r,
                           const struct cb_period **first, const struct cb_period **last) {
  *first = cb_contract_period(c, r->kind, r->first);
  *last = cb_contract_period(c, r->kind, r->last);
  return *first && *last;
}

static int no_period_error(const char *text, const struct period_range *r) {
  if (r->first == r->last)
    fprintf(stderr, "cible: erreur: la période « %s » n'est une période d'aucun contrat donné\n",
            text);
  else
    fprintf(stderr, "cible: erreur: aucun contrat donné n'a toutes les périodes « %s »\n", text);
  return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct options *o) {
  memset(o, 0, sizeof *o);
  o->files = cb_xmalloc((size_t)argc * sizeof *o->files);
  o->csv = cb_xmalloc((size_t)argc * sizeof *o->csv);
  o->command = argv[1];
  bool sched = strcmp(o->command, "echeancier") == 0;
  bool diff = strcmp(o->command, "diff") == 0;
  bool eval = strcmp(o->command, "eval") == 0 || sched;
  o->split = (size_t)-1;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = NULL;
    if (strcmp(a, "--mesures") == 0)
      slot = &o->csv[o->ncsv];
    else if (strcmp(a, "--periode") == 0 && eval)
      slot = &o->periode;
    else if (strcmp(a, "--format") == 0 && (eval || diff))
      slot = &o->format;
    else if (strcmp(a, "--explain") == 0 && eval && !sched)
      slot = &o->explain;
    else if (strcmp(a, "--au") == 0 && sched)
      slot = &o->au;
    else if (strcmp(a, "--stdlib") == 0)
      slot = &o->stdlib;
    else if (strcmp(a, "--encodage") == 0)
      slot = &o->encodage;
    else if (strcmp(a, "--decimale") == 0)
      slot = &o->decimale;
    else if (strcmp(a, "--pourcentages") == 0)
      slot = &o->pourcentages;
    else if (strcmp(a, "--") == 0 && diff && o->split == (size_t)-1) {
      o->split = o->nfiles;
      continue;
    } else if (strcmp(a, "--signature") == 0 && strcmp(o->command, "check") == 0) {
      o->signature = true;
      continue;
    } else if (strcmp(a, "--bornes") == 0 && strcmp(o->command, "test") == 0) {
      o->bornes = true;
      continue;
    }
    else if (strncmp(a, "--", 2) == 0 && a[2])
      return usage_error("option inconnue pour cette commande : %s", a);
    else {
      o->files[o->nfiles++] = a;
      continue;
    }
    if (i + 1 >= argc)
      return usage_error("l'option %s attend une valeur", a);
    if (*slot && slot != &o->csv[o->ncsv])
      return twice_error(a, *slot, argv[i + 1]);
    *slot = argv[++i];
    if (slot == &o->csv[o->ncsv])
      o->ncsv++;
  }
  if (!o->format)
    o->format = "texte";
  if (!o->nfiles)
    return usage_error("aucun fichier de contrat à %s", eval ? "évaluer" : "vérifier");
  if (strcmp(o->format, "texte") != 0 && strcmp(o->format, "text") != 0 &&
      strcmp(o->format, "json") != 0 && !(sched && strcmp(o->format, "csv") == 0))
    return usage_error(sched ? "format inconnu : %s (texte, json ou csv)"
                             : "format inconnu : %s (texte ou json)",
                       o->format);
  if (o->encodage && !cb_encoding_parse(o->encodage, &o->encoding))
    return usage_error("encodage inconnu : %s (utf8 ou latin1)", o->encodage);
  if (o->decimale && !cb_measures_decimal_word(o->decimale, &o->conv.decimal))
    return usage_error("marque décimale inconnue : %s (virgule ou point)", o->decimale);
  if (o->pourcentages && !cb_measures_percent_word(o->pourcentages, &o->conv.percent))
    return usage_error("convention de pourcentages inconnue : %s (fraction ou pourcent)",
                       o->pourcentages);
  return EXIT_OK;
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The standard library: --stdlib, $CIBLE_STDLIB, or next to the program
   (build/cible → stdlib/, PREFIX/bin/cible → PREFIX/share/cible/stdlib). */
static char *find_stdlib(const char *opt) {
  if (opt)
    return cb_xstrndup(opt, strlen(opt));
  const char *env = getenv("CIBLE_STDLIB");
  if (env && *env)
    return cb_xstrndup(env, strlen(env));
  /* readlink truncates silently: grow until the whole path fits */
  size_t size = 256;
  char *exe = NULL;
  ssize_t n;
  for (;;) {
    exe = cb_xrealloc(exe, size);
    n = readlink("/proc/self/exe", exe, size);
    if (n <= 0 || (size_t)n < size)
      break;
    size *= 2;
  }
  if (n <= 0) {
    free(exe);
    return NULL;
  }
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) {
    free(exe);
    return NULL;
  }
  *slash = '\0';
  static const char *const rel[] = {"/../stdlib", "/../../stdlib", "/../share/cible/stdlib"};
  for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
    struct cb_buf b = CB_BUF_INIT;
    cb_buf_printf(&b, "%s%s", exe, rel[i]);
    if (is_dir(cb_buf_str(&b))) {
      free(exe);
      return cb_buf_take(&b);
    }
    cb_buf_free(&b);
  }
  free(exe);
  return NULL;
}

/* stdout: the first failed write is kept, later ones are skipped, and the
   failure is reported once. */
static int out_err;        /* errno of the first failure, 0 if none */
static bool out_wrote;     /* something was written */
static bool out_reported;

static void put_out(const char *s, size_t n) {
  if (out_err || n == 0)
    return;
  out_wrote = true;
  errno = 0;
  if (fwrite(s, 1, n, stdout) != n)
    out_err = errno ? errno : EIO;
}

static void puts_out(const char *s) { put_out(s, strlen(s)); }

/* Flushes stdout (and closes it when `last`); EXIT_USAGE after reporting the
   first failure of any write to it. A stdout that was never written to may
   be closed (`cible check F >&-`). */
static int out_status(bool last) {
  errno = 0;
  if (!out_err && fflush(stdout) != 0)
    out_err = errno ? errno : EIO;
  if (!out_err && ferror(stdout))
    out_err = EIO;
  if (last) {
    errno = 0;
    if (fclose(stdout) != 0 && out_wrote && !out_err)
      out_err = errno ? errno : EIO;
  }
  if (out_err && !out_reported) {
    fprintf(stderr, "cible: erreur: écriture impossible sur la sortie standard : %s ; "
                    "la sortie est incomplète\n",
            cb_errno_text(out_err));
    out_reported = true;
  }
  return out_err ? EXIT_USAGE : EXIT_OK;
}

static int output(struct cb_buf *out) {
  put_out(cb_buf_str(out), out->len);
  cb_buf_free(out);
  return out_status(false);
}

static int run_schedule(struct options *o, struct cb_session *s) {
  struct cb_program *p = cb_session_program(s);
  struct cb_arena *a = cb_session_arena(s);
  struct cb_diags sd; /* this command's own findings: the session's are printed */
  memset(&sd, 0, sizeof sd);
  struct cb_diags *d = &sd;
  struct cb_date until;
  if (o->au && !cb_date_parse(&until, o->au, strlen(o->au)))
    return usage_error("date illisible : « %s » (AAAA-MM-JJ ou JJ/MM/AAAA)", o->au);
  struct period_range pr;
  if (o->periode && !parse_period_range(o->periode, &pr))
    return usage_error(PERIOD_USAGE, o->periode);
  struct cb_schedule **ss = cb_arena_array(a, p->ncontracts ? p->ncontracts : 1, sizeof *ss);
  size_t n = 0;
  for (struct cb_contract *c = p->contracts; c; c = c->next) {
    const struct cb_period *first = NULL, *last = NULL;
    if (o->periode && !contract_range(c, &pr, &first, &last))
      continue;
    struct cb_schedule *sc = cb_schedule_build(a, d, c, cb_session_eval(s, c, NULL));
    if (!sc)
      continue;
    if (first)
      cb_schedule_only_periods(sc, first, last);
    if (o->au)
      cb_schedule_until(sc, until);
    ss[n++] = sc;
  }
  if (d->nerrors) {
    cb_diag_render(d, stderr, CB_MAX_DIAGS_SHOWN);
    fprintf(stderr, "cible: %d erreur%s\n", d->nerrors, d->nerrors > 1 ? "s" : "");
    cb_diags_free(d);
    return EXIT_INPUT;
  }
  cb_diags_free(d);
  if (o->periode && n == 0)
    return no_period_error(o->periode, &pr);
  struct cb_buf out = CB_BUF_INIT;
  if (strcmp(o->format, "json") == 0) {
    cb_schedule_json(&out, ss, n);
  } else if (strcmp(o->format, "csv") == 0) {
    cb_schedule_csv(&out, ss, n);
  } else {
    for (size_t i = 0; i < n; i++) {
      if (i)
        cb_buf_putc(&out, '\n');
      cb_schedule_text(&out, ss[i]);
      if (o->au) {
        cb_buf_puts(&out, "Versements dus au ");
        cb_date_fmt(&out, until);
        cb_buf_puts(&out, " inclus.\n");
      }
    }
  }
  return output(&out);
}

/* check --signature: the strict profile, after the ordinary checks. */
static int check_signature(struct cb_session *s) {
  struct cb_diags d = {0};
  cb_signature_check(s, &d);
  cb_diag_render(&d, stderr, CB_MAX_DIAGS_SHOWN);
  int st = d.nerrors ? EXIT_INPUT : EXIT_OK;
  if (d.nerrors)
    fprintf(stderr, "cible: %d erreur%s du profil de signature\n", d.nerrors,
            d.nerrors > 1 ? "s" : "");
  cb_diags_free(&d);
  return st;
}

/* cible test: the exemple blocks, or the boundary cases with --bornes. */
static int run_test(struct options *o, struct cb_session *s) {
  struct cb_buf out = CB_BUF_INIT;
  if (o->bornes) {
    cb_exemple_bornes(s, &out);
    return output(&out);
  }
  struct cb_diags errs = {0};
  struct cb_test_counts n = {0, 0};
  cb_exemple_run(s, &out, &errs, &n);
  cb_buf_printf(&out, "%d passed, %d failed\n", n.passed, n.failed);
  cb_diag_render(&errs, stderr, CB_MAX_DIAGS_SHOWN);
  cb_diags_free(&errs);
  int st = output(&out);
  return st != EXIT_OK ? st : n.failed ? EXIT_INPUT : EXIT_OK;
}

/* A checked session of files (and the --mesures files); NULL after printing
   the diagnostics, *status saying why. */
static struct cb_session *open_session(struct options *o, const char **files, size_t nfiles,
                                       int *status) {
  struct cb_session *s = cb_session_new();
  char *lib = find_stdlib(o->stdlib);
  cb_session_set_stdlib(s, lib);
  free(lib);
  struct cb_diags *d = cb_session_diags(s);
  *status = EXIT_OK;
  cb_session_set_encoding(s, o->encoding);
  cb_session_set_measures_conv(s, o->conv);
  for (size_t i = 0; i < nfiles; i++)
    if (cb_session_add_contract(s, files[i]) == CB_LOAD_IO)
      *status = EXIT_USAGE;
  for (size_t i = 0; i < o->ncsv; i++)
    if (cb_session_add_measures(s, o->csv[i]) == CB_LOAD_IO)
      *status = EXIT_USAGE;
  if (*status == EXIT_USAGE) {
    cb_diag_render(d, stderr, CB_MAX_DIAGS_SHOWN);
    cb_session_free(s);
    return NULL;
  }
  bool ok = cb_session_check(s);
  cb_diag_render(d, stderr, CB_MAX_DIAGS_SHOWN);
  if (!ok) {
    fprintf(stderr, "cible: %d erreur%s", d->nerrors, d->nerrors > 1 ? "s" : "");
    if (d->nwarnings)
      fprintf(stderr, ", %d avertissement%s", d->nwarnings, d->nwarnings > 1 ? "s" : "");
    fputs("\n", stderr);
    cb_session_free(s);
    *status = EXIT_INPUT;
    return NULL;
  }
  return s;
}

/* "a.cible + b.cible" */
static char *files_name(const char **files, size_t n) {
  struct cb_buf b = CB_BUF_INIT;
  for (size_t i = 0; i < n; i++)
    cb_buf_printf(&b, "%s%s", i ? " + " : "", files[i]);
  return cb_buf_take(&b);
}

/* cible diff A… -- B…: the two sides in two sessions. */
static int run_diff(struct options *o) {
  size_t na = o->split, nb = o->nfiles - o->split;
  if (o->split == (size_t)-1 && o->nfiles == 2)
    na = nb = 1;
  else if (o->split == (size_t)-1 || !na || !nb)
    return usage_error("%s", "diff compare deux versions : cible diff A.cible B.cible, ou "
                             "cible diff A.cible… -- B.cible…");
  int st;
  struct cb_session *a = open_session(o, o->files, na, &st);
  if (!a)
    return st;
  struct cb_session *b = open_session(o, o->files + o->nfiles - nb, nb, &st);
  if (!b) {
    cb_session_free(a);
    return st;
  }
  char *name_a = files_name(o->files, na), *name_b = files_name(o->files + o->nfiles - nb, nb);
  struct cb_buf out = CB_BUF_INIT;
  if (strcmp(o->format, "json") == 0)
    cb_diff_json(&out, a, b, name_a, name_b, o->ncsv > 0);
  else
    cb_diff_text(&out, a, b, name_a, name_b, o->ncsv > 0);
  free(name_a);
  free(name_b);
  cb_session_free(b);
  cb_session_free(a);
  return output(&out);
}

/* The evaluation of c for the periods first to last, each one evaluated as
   if named alone (even without objective or measure), in order. */
static struct cb_evaluation *eval_periods(struct cb_session *s, const struct cb_contract *c,
                                          const struct cb_period *first,
                                          const struct cb_period *last) {
  if (first == last)
    return cb_session_eval(s, c, first);
  struct cb_evaluation *ev = cb_arena_alloc(cb_session_arena(s), sizeof *ev);
  ev->contract = c;
  ev->nperiods = 0;
  ev->versions = NULL;
  size_t cap = 0;
  ev->periods = NULL;
  struct cb_evaluation **parts =
      cb_arena_array(cb_session_arena(s), (size_t)(last->index - first->index + 1), sizeof *parts);
  for (int i = first->index; i <= last->index; i++) {
    struct cb_evaluation *e = cb_session_eval(s, c, &c->periods[i]);
    parts[i - first->index] = e;
    cap += e->nperiods;
    if (!ev->versions)
      ev->versions = e->versions;
  }
  ev->periods = cb_arena_array(cb_session_arena(s), cap ? cap : 1, sizeof *ev->periods);
  for (int i = first->index; i <= last->index; i++) {
    const struct cb_evaluation *e = parts[i - first->index];
    for (size_t k = 0; k < e->nperiods; k++)
      ev->periods[ev->nperiods++] = e->periods[k];
  }
  return ev;
}

static int run(struct options *o) {
  if (strcmp(o->command, "diff") == 0)
    return run_diff(o);
  int status;
  struct cb_session *s = open_session(o, o->files, o->nfiles, &status);
  if (!s)
    return status;
  struct cb_program *p = cb_session_program(s);
  if (strcmp(o->command, "check") == 0) {
    int st = o->signature ? check_signature(s) : EXIT_OK;
    cb_session_free(s);
    return st;
  }
  if (strcmp(o->command, "consolide") == 0) {
    struct cb_buf out = CB_BUF_INIT;
    cb_consolide_print(&out, s);
    cb_session_free(s);
    return output(&out);
  }
  if (strcmp(o->command, "test") == 0) {
    int st = run_test(o, s);
    cb_session_free(s);
    return st;
  }
  if (strcmp(o->command, "echeancier") == 0) {
    int st = run_schedule(o, s);
    cb_session_free(s);
    return st == EXIT_OK ? status : st;
  }
  struct period_range pr;
  if (o->periode && !parse_period_range(o->periode, &pr)) {
    cb_session_free(s);
    return usage_error(PERIOD_USAGE, o->periode);
  }
  struct cb_arena *a = cb_session_arena(s);
  struct cb_evaluation **evs = cb_arena_array(a, p->ncontracts ? p->ncontracts : 1, sizeof *evs);
  size_t nev = 0;
  for (struct cb_contract *c = p->contracts; c; c = c->next) {
    if (!o->periode) {
      evs[nev++] = cb_session_eval(s, c, NULL);
      continue;
    }
    /* with several contracts, only those that have the periods */
    const struct cb_period *first, *last;
    if (!contract_range(c, &pr, &first, &last))
      continue;
    evs[nev++] = eval_periods(s, c, first, last);
  }
  if (o->periode && nev == 0) {
    cb_session_free(s);
    return no_period_error(o->periode, &pr);
  }
  struct cb_buf out = CB_BUF_INIT;
  if (o->explain) {
    bool found = false;
    for (size_t i = 0; i < nev; i++)
      found = cb_report_explain(&out, evs[i], o->explain) || found;
    if (!found) {
      cb_buf_free(&out);
      cb_session_free(s);
      return usage_error("« %s » n'est ni un indicateur, ni une donnée, ni un groupe, ni un contrat", o->explain);
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
  cb_session_free(s);
  int st = output(&out);
  return st == EXIT_OK ? status : st;
}

/* cible fmt [-w | --check] FILE…: no session, one file at a time. */
static int run_fmt(int argc, char **argv) {
  bool write = false, check = false;
  int nfiles = 0, status = EXIT_OK;
  const char *encodage = NULL, *stdlib_dir = NULL;
  enum cb_encoding encoding = CB_ENC_UTF8;
  /* the options of every command: --encodage as for check; --stdlib is
     accepted and has nothing to do (fmt reads no module) */
  bool *is_file = cb_xmalloc((size_t)argc * sizeof *is_file);
  for (int i = 2; i < argc; i++) {
    is_file[i] = false;
    if (strcmp(argv[i], "-w") == 0) {
      write = true;
    } else if (strcmp(argv[i], "--check") == 0) {
      check = true;
    } else if (strcmp(argv[i], "--encodage") == 0 || strcmp(argv[i], "--stdlib") == 0) {
      if (i + 1 >= argc) {
        free(is_file);
        return usage_error("l'option %s attend une valeur", argv[i]);
      }
      const char **slot = strcmp(argv[i], "--encodage") == 0 ? &encodage : &stdlib_dir;
      if (*slot) {
        free(is_file);
        return twice_error(argv[i], *slot, argv[i + 1]);
      }
      *slot = argv[i + 1];
      is_file[++i] = false;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      free(is_file);
      return usage_error("option inconnue pour cette commande : %s", argv[i]);
    } else {
      is_file[i] = true;
      nfiles++;
    }
  }
  const char *why = !nfiles          ? "aucun fichier à mettre en forme"
                    : write && check ? "-w et --check ne vont pas ensemble"
                                     : NULL;
  if (why || (encodage && !cb_encoding_parse(encodage, &encoding))) {
    free(is_file);
    return why ? usage_error("%s", why)
               : usage_error("encodage inconnu : %s (utf8 ou latin1)", encodage);
  }
  for (int i = 2; i < argc; i++) {
    if (!is_file[i])
      continue;
    struct cb_sources set = {0};
    set.encoding = encoding;
    struct cb_diags d = {0};
    struct cb_source *src;
    struct cb_buf out = CB_BUF_INIT;
    /* fmt -w: the file as it was before reading it, to refuse an edit made
       meanwhile */
    struct stat before;
    bool have_before = write && stat(argv[i], &before) == 0;
    enum cb_load_status ls = cb_source_load(&set, argv[i], &d, &src);
    if (ls != CB_LOAD_OK) {
      if (status != EXIT_USAGE)
        status = ls == CB_LOAD_IO ? EXIT_USAGE : EXIT_INPUT;
    } else if (!cb_layout_source(&out, src, &d)) {
      if (status == EXIT_OK)
        status = EXIT_INPUT;
    } else {
      /* a file converted, composed to NFC or with lone CRs is rewritten */
      bool same = !src->had_bom && !src->normalized && out.len == src->len &&
                  memcmp(cb_buf_str(&out), src->text, out.len) == 0;
      if (check && !same) {
        puts_out(argv[i]);
        puts_out("\n");
        if (status == EXIT_OK)
          status = EXIT_INPUT;
      } else if (write && !same) {
        int err = cb_write_atomic(argv[i], cb_buf_str(&out), out.len,
                                      have_before ? &before : NULL);
        if (err) {
          fprintf(stderr, "cible: erreur: impossible de réécrire « %s » : %s\n", argv[i],
                  cb_write_atomic_error(err));
          status = EXIT_USAGE;
        }
      } else if (!write && !check) {
        put_out(cb_buf_str(&out), out.len);
      }
    }
    cb_diag_render(&d, stderr, CB_MAX_DIAGS_SHOWN);
    cb_buf_free(&out);
    cb_diags_free(&d);
    cb_sources_free(&set);
  }
  free(is_file);
  return out_status(false) != EXIT_OK ? EXIT_USAGE : status;
}

static int run_command(int argc, char **argv) {
  if (argc < 2)
    return usage_error("%s", "une commande est attendue (check, eval, echeancier, test, diff, consolide ou fmt)");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    puts_out(usage_text);
    return EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    puts_out("cible " CIBLE_VERSION "\n");
    return EXIT_OK;
  }
  if (strcmp(argv[1], "fmt") == 0)
    return run_fmt(argc, argv);
  if (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "eval") != 0 &&
      strcmp(argv[1], "echeancier") != 0 && strcmp(argv[1], "test") != 0 &&
      strcmp(argv[1], "diff") != 0 && strcmp(argv[1], "consolide") != 0)
    return usage_error("commande inconnue : %s (check, eval, echeancier, test, diff, consolide ou fmt)", argv[1]);
  struct options o;
  int st = parse_args(argc, argv, &o);
  if (st == EXIT_OK)
    st = run(&o);
  free(o.files);
  free(o.csv);
  return st;
}

int main(int argc, char **argv) {
  int st = run_command(argc, argv);
  /* the last flush and the close of stdout are checked as every write */
  return out_status(true) != EXIT_OK ? EXIT_USAGE : st;
}
