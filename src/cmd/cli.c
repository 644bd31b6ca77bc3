/*
 * cli.c: the command line shared by every command (see cli.h).
 *
 * Owns option parsing, usage errors, --periode ranges, finding the standard
 * library, opening a checked session, and stdout: every write to it is
 * checked, its flush and its close too, so a report cut short (full disk,
 * closed pipe) is an I/O error said in French.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_write.h"
#include "buf.h"
#include "cible.h"
#include "csv.h"
#include "dataset.h"
#include "diag_doc.h"
#include "provenance.h"
#include "session.h"
#include "sysio.h"

/* --diagnostics json|sarif: the document gathered over the run. */
static struct cb_diag_doc diag_doc;

int cli_usage_error(const char *fmt, const char *arg) {
  fputs("cible: erreur: ", stderr);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
  fputs("\nEssayez « cible --help ».\n", stderr);
  return EXIT_USAGE;
}

int cli_twice_error(const char *opt, const char *first, const char *second) {
  struct cb_buf b = CB_BUF_INIT;
  cb_buf_printf(&b, "l'option %s est donnée deux fois (« %s » puis « %s ») : elle ne prend "
                    "qu'une valeur",
                opt, first, second);
  if (strcmp(opt, "--periode") == 0)
    cb_buf_printf(&b, " ; pour plusieurs périodes qui se suivent : --periode \"%s a %s\"", first,
                  second);
  int st = cli_usage_error("%s", cb_buf_str(&b));
  cb_buf_free(&b);
  return st;
}


bool cli_parse_period_range(const char *text, struct period_range *r) {
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

/* The periods of c that --periode names: false when c lacks either end. */
bool cli_contract_range(const struct cb_contract *c, const struct period_range *r,
                           const struct cb_period **first, const struct cb_period **last) {
  *first = cb_contract_period(c, r->kind, r->first);
  *last = cb_contract_period(c, r->kind, r->last);
  return *first && *last;
}

int cli_no_period_error(const char *text, const struct period_range *r) {
  if (r->first == r->last)
    fprintf(stderr, "cible: erreur: la période « %s » n'est une période d'aucun contrat donné\n",
            text);
  else
    fprintf(stderr, "cible: erreur: aucun contrat donné n'a toutes les périodes « %s »\n", text);
  return EXIT_USAGE;
}

/* What the command of o is, for the options it accepts. */
struct command_kind {
  bool eval;   /* eval or echeancier */
  bool sched;  /* echeancier */
  bool diff;
  bool report; /* prints a report: -o FICHIER */
};

/* The --format values each command accepts (texte is always accepted, also
   spelt text). */
static const struct {
  const char *command, *format;
} formats[] = {
    {"eval", "json"},
    {"eval", "csv"},
    {"eval", "html"},
    {"eval", "pdf"},
    {"eval", "xlsx"},
    {"echeancier", "json"},
    {"echeancier", "csv"},
    {"echeancier", "html"},
    {"echeancier", "pdf"},
    {"echeancier", "xlsx"},
    {"diff", "json"},
    {"diff", "csv"},
    {"diff", "html"},
    {"test", "html"},
    {"mesures", "csv"},
    {"mesures", "xlsx"},
};

/* Whether command takes --format f. */
static bool format_ok(const char *command, const char *f) {
  if (strcmp(f, "texte") == 0 || strcmp(f, "text") == 0)
    return true;
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp(formats[i].command, command) == 0 && strcmp(formats[i].format, f) == 0)
      return true;
  return false;
}

/* "texte, json ou csv": the formats command takes, for its usage error. */
static char *format_list(const char *command) {
  struct cb_buf b = CB_BUF_INIT;
  cb_buf_puts(&b, "texte");
  size_t n = 0, k = 0;
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    n += strcmp(formats[i].command, command) == 0;
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp(formats[i].command, command) == 0)
      cb_buf_printf(&b, "%s%s", ++k == n ? " ou " : ", ", formats[i].format);
  return cb_buf_take(&b);
}

/* Where option a keeps its value for this command, or NULL when a is not an
   option with a value here. */
static const char **value_slot(struct cli_options *o, const char *a, struct command_kind k) {
  if (strcmp(a, "--mesures") == 0)
    return &o->csv[o->ncsv];
  if (strcmp(a, "--scenario") == 0 && k.eval && !k.sched)
    return &o->scenarios[o->nscenarios];
  if (strcmp(a, "--periode") == 0 && (k.eval || strcmp(o->command, "mesures") == 0))
    return &o->periode;
  if (strcmp(a, "--format") == 0 &&
      (k.eval || k.diff || strcmp(o->command, "test") == 0 || strcmp(o->command, "mesures") == 0))
    return &o->format;
  if ((strcmp(a, "-o") == 0 || strcmp(a, "--sortie") == 0) && k.report)
    return &o->sortie;
  if (strcmp(a, "--explain") == 0 && k.eval && !k.sched)
    return &o->explain;
  if (strcmp(a, "--au") == 0 && k.sched)
    return &o->au;
  if (strcmp(a, "--stdlib") == 0)
    return &o->stdlib;
  if (strcmp(a, "--diagnostics") == 0)
    return &o->diagnostics;
  if (strcmp(a, "--encodage") == 0)
    return &o->encodage;
  if (strcmp(a, "--decimale") == 0)
    return &o->decimale;
  if (strcmp(a, "--pourcentages") == 0)
    return &o->pourcentages;
  return NULL;
}

/* An option without a value that this command takes (the first `--` of
   diff, --signature of check, --bornes of test): applied, true. */
static bool flag_option(struct cli_options *o, const char *a, struct command_kind k) {
  if (strcmp(a, "--") == 0 && k.diff && o->split == (size_t)-1)
    o->split = o->nfiles;
  else if (strcmp(a, "--signature") == 0 && strcmp(o->command, "check") == 0)
    o->signature = true;
  else if (strcmp(a, "--bornes") == 0 && strcmp(o->command, "test") == 0)
    o->bornes = true;
  else if (strcmp(a, "--modele") == 0 && strcmp(o->command, "mesures") == 0)
    o->modele = true;
  else if (strcmp(a, "--csv-excel") == 0 && (k.eval || k.diff || strcmp(o->command, "mesures") == 0))
    o->csv_excel = true;
  else
    return false;
  return true;
}

/* The values given, once all are read: files, format, encoding, decimal
   mark and percent convention. */
static int check_values(struct cli_options *o, struct command_kind k) {
  if (!o->format)
    o->format = "texte";
  if (!o->nfiles)
    return cli_usage_error("aucun fichier de contrat à %s", k.eval ? "évaluer" : "vérifier");
  if (!format_ok(o->command, o->format)) {
    char *list = format_list(o->command);
    struct cb_buf m = CB_BUF_INIT;
    cb_buf_printf(&m, "format inconnu : %%s (%s)", list);
    int st = cli_usage_error(cb_buf_str(&m), o->format);
    cb_buf_free(&m);
    free(list);
    return st;
  }
  for (size_t i = 0; i < o->nscenarios; i++) {
    size_t n, m;
    const char *a = cli_scenario_name(o->scenarios[i], &n);
    if (n == 0)
      return cli_usage_error("scénario sans nom : %s (le nom d'un scénario est celui de son "
                             "fichier, sans « .csv » ni « .xlsx »)",
                             o->scenarios[i]);
    for (size_t j = 0; j < i; j++) {
      const char *b = cli_scenario_name(o->scenarios[j], &m);
      if (n == m && memcmp(a, b, n) == 0)
        return cli_usage_error("deux scénarios ont le nom de %s : le nom d'un scénario est "
                               "celui de son fichier, sans « .csv » ni « .xlsx »",
                               o->scenarios[i]);
    }
  }
  if (o->diagnostics) {
    if (strcmp(o->diagnostics, "json") == 0)
      cb_diag_doc_begin(&diag_doc, CB_DIAGS_JSON);
    else if (strcmp(o->diagnostics, "sarif") == 0)
      cb_diag_doc_begin(&diag_doc, CB_DIAGS_SARIF);
    else if (strcmp(o->diagnostics, "texte") != 0 && strcmp(o->diagnostics, "text") != 0)
      return cli_usage_error("forme de diagnostics inconnue : %s (texte, json ou sarif)",
                             o->diagnostics);
  }
  if (o->sortie && cli_open_output(o->sortie) != EXIT_OK)
    return EXIT_USAGE;
  if (o->encodage && !cb_encoding_parse(o->encodage, &o->encoding))
    return cli_usage_error("encodage inconnu : %s (utf8 ou latin1)", o->encodage);
  if (o->decimale && !cb_measures_decimal_word(o->decimale, &o->conv.decimal))
    return cli_usage_error("marque décimale inconnue : %s (virgule ou point)", o->decimale);
  if (o->pourcentages && !cb_measures_percent_word(o->pourcentages, &o->conv.percent))
    return cli_usage_error("convention de pourcentages inconnue : %s (fraction ou pourcent)",
                           o->pourcentages);
  return EXIT_OK;
}

static bool is_dir(const char *path);
static char *find_stdlib(const char *opt);

static void add_file(struct cli_options *o, const char *path) {
  if (o->nfiles == o->filescap) {
    o->filescap = o->filescap ? 2 * o->filescap : 16;
    o->files = cb_xrealloc(o->files, o->filescap * sizeof *o->files);
  }
  o->files[o->nfiles++] = path;
}

static char *own(struct cli_options *o, char *s) {
  if (o->nowned == o->ownedcap) {
    o->ownedcap = o->ownedcap ? 2 * o->ownedcap : 16;
    o->owned = cb_xrealloc(o->owned, o->ownedcap * sizeof *o->owned);
  }
  return o->owned[o->nowned++] = s;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), t = strlen(tail);
  return n > t && strcmp(s + n - t, tail) == 0;
}

/* A directory given as a contract: its `*.cible` regular files, sorted by
   name (strcmp order). Sub-directories, measure CSV files and other files
   are not read. */
static int add_dir(struct cli_options *o, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "cible: erreur: %s : lecture du dossier impossible : %s\n", dir,
            cb_errno_text(errno));
    return EXIT_USAGE;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  size_t dl = strlen(dir);
  bool slash = dl && dir[dl - 1] == '/';
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.' || !ends_with(e->d_name, ".cible"))
      continue;
    struct cb_buf b = CB_BUF_INIT;
    cb_buf_printf(&b, "%s%s%s", dir, slash ? "" : "/", e->d_name);
    char *path = cb_buf_take(&b);
    if (is_dir(path)) {
      free(path);
      continue;
    }
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      names = cb_xrealloc(names, cap * sizeof *names);
    }
    names[n++] = path;
  }
  closedir(d);
  if (!n) {
    free(names);
    fprintf(stderr, "cible: erreur: le dossier %s ne contient aucun fichier .cible\n", dir);
    return EXIT_USAGE;
  }
  qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++)
    add_file(o, own(o, names[i]));
  free(names);
  return EXIT_OK;
}

/* --liste F: one contract path a line, relative to F's directory (absolute
   paths kept); blank lines and lines starting with `#` skipped. A path that
   names no file is an I/O error naming the line. */
static int add_list(struct cli_options *o, const char *list) {
  FILE *f = fopen(list, "rb");
  if (!f) {
    fprintf(stderr, "cible: erreur: %s : lecture de la liste impossible : %s\n", list,
            cb_errno_text(errno));
    return EXIT_USAGE;
  }
  const char *sl = strrchr(list, '/');
  size_t dirlen = sl ? (size_t)(sl - list) + 1 : 0;
  struct cb_buf line = CB_BUF_INIT;
  int st = EXIT_OK;
  long lineno = 0;
  for (int c = 0; c != EOF;) {
    cb_buf_clear(&line);
    while ((c = getc(f)) != EOF && c != '\n')
      cb_buf_putc(&line, (char)c);
    if (c == EOF && !line.len)
      break;
    lineno++;
    const char *p = cb_buf_str(&line);
    size_t len = line.len;
    while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
      len--;
    while (len && (*p == ' ' || *p == '\t'))
      p++, len--;
    if (!len || *p == '#')
      continue;
    struct cb_buf b = CB_BUF_INIT;
    if (*p != '/')
      cb_buf_add(&b, list, dirlen);
    cb_buf_add(&b, p, len);
    char *path = own(o, cb_buf_take(&b));
    struct stat stt;
    if (stat(path, &stt) != 0) {
      fprintf(stderr, "cible: erreur: %s:%ld: contrat introuvable : %s : %s\n", list, lineno, path,
              cb_errno_text(errno));
      st = EXIT_USAGE;
      continue;
    }
    if (S_ISDIR(stt.st_mode)) {
      if (add_dir(o, path) != EXIT_OK)
        st = EXIT_USAGE;
    } else
      add_file(o, path);
  }
  bool err = ferror(f);
  fclose(f);
  cb_buf_free(&line);
  if (err) {
    fprintf(stderr, "cible: erreur: %s : lecture de la liste impossible\n", list);
    return EXIT_USAGE;
  }
  return st;
}

void cli_options_free(struct cli_options *o) {
  for (size_t i = 0; i < o->nowned; i++)
    free(o->owned[i]);
  free(o->owned);
  free(o->files);
  free(o->csv);
  free(o->scenarios);
  for (size_t i = 0; o->scenario_ds && i < o->nscenarios; i++)
    cb_dataset_free(o->scenario_ds[i]);
  free(o->scenario_ds);
}

const char *cli_scenario_name(const char *path, size_t *n) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t len = strlen(base);
  if (len > 4 && strcasecmp(base + len - 4, ".csv") == 0)
    len -= 4;
  else if (len > 5 && strcasecmp(base + len - 5, ".xlsx") == 0)
    len -= 5;
  *n = len;
  return base;
}

int cli_parse_args(int argc, char **argv, struct cli_options *o) {
  memset(o, 0, sizeof *o);
  o->csv = cb_xmalloc((size_t)argc * sizeof *o->csv);
  o->scenarios = cb_xmalloc((size_t)argc * sizeof *o->scenarios);
  o->command = argv[1];
  struct command_kind k;
  k.sched = strcmp(o->command, "echeancier") == 0;
  k.diff = strcmp(o->command, "diff") == 0;
  k.eval = strcmp(o->command, "eval") == 0 || k.sched;
  k.report = k.eval || k.diff || strcmp(o->command, "test") == 0 ||
             strcmp(o->command, "consolide") == 0 || strcmp(o->command, "mesures") == 0;
  bool portfolio = k.eval || strcmp(o->command, "check") == 0;
  const char **lists = cb_xmalloc((size_t)argc * sizeof *lists);
  size_t nlists = 0;
  int st = EXIT_OK;
  o->split = (size_t)-1;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (portfolio && strcmp(a, "--liste") == 0) {
      if (i + 1 >= argc) {
        free(lists);
        return cli_usage_error("l'option %s attend une valeur", a);
      }
      lists[nlists++] = argv[++i];
      continue;
    }
    const char **slot = value_slot(o, a, k);
    if (!slot) {
      if (flag_option(o, a, k))
        continue;
      if (strncmp(a, "--", 2) == 0 && a[2])
        return free(lists), cli_usage_error("option inconnue pour cette commande : %s", a);
      if (portfolio && is_dir(a)) {
        if (add_dir(o, a) != EXIT_OK)
          st = EXIT_USAGE;
      } else
        add_file(o, a);
      continue;
    }
    if (i + 1 >= argc)
      return free(lists), cli_usage_error("l'option %s attend une valeur", a);
    bool list = slot == &o->csv[o->ncsv] || slot == &o->scenarios[o->nscenarios];
    if (!list && *slot)
      return free(lists), cli_twice_error(a, *slot, argv[i + 1]);
    *slot = argv[++i];
    if (slot == &o->csv[o->ncsv])
      o->ncsv++;
    else if (slot == &o->scenarios[o->nscenarios])
      o->nscenarios++;
  }
  for (size_t i = 0; i < nlists; i++)
    if (add_list(o, lists[i]) != EXIT_OK)
      st = EXIT_USAGE;
  free(lists);
  if (st != EXIT_OK)
    return st;
  return check_values(o, k);
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The standard library: --stdlib, $CIBLE_STDLIB, or next to the program
   (build/cible → stdlib/, PREFIX/bin/cible → PREFIX/share/cible/stdlib). */
char *cli_stdlib_dir(const char *opt) { return find_stdlib(opt); }

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
static const char *out_path; /* -o FICHIER, written through out_fd */
static int out_fd = -1;

int cli_open_output(const char *path) {
  int err = cb_atomic_open(path, &out_fd);
  if (err) {
    fprintf(stderr, "cible: erreur: %s : écriture impossible : %s\n", path, cb_errno_text(err));
    out_fd = -1;
    return EXIT_USAGE;
  }
  out_path = path;
  return EXIT_OK;
}

bool cli_output_is_terminal(void) { return !out_path && isatty(STDOUT_FILENO); }

void cli_put_out(const char *s, size_t n) {
  if (out_err || n == 0)
    return;
  out_wrote = true;
  errno = 0;
  if (out_path)
    out_err = cb_write_all(out_fd, s, n);
  else if (fwrite(s, 1, n, stdout) != n)
    out_err = errno ? errno : EIO;
}

void cli_puts_out(const char *s) { cli_put_out(s, strlen(s)); }

/* Flushes stdout (and closes it when `last`); EXIT_USAGE after reporting the
   first failure of any write to it. A stdout that was never written to may
   be closed (`cible check F >&-`). */
int cli_out_status(bool last) {
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

void cli_diags(const struct cb_diags *d) {
  if (diag_doc.form == CB_DIAGS_TEXT)
    cb_diag_render(d, stderr, CB_MAX_DIAGS_SHOWN);
  else
    cb_diag_doc_add(&diag_doc, d);
}

void cli_diag_count(int nerrors, int nwarnings, const char *what) {
  if (diag_doc.form != CB_DIAGS_TEXT || !nerrors)
    return;
  fprintf(stderr, "cible: %d erreur%s%s", nerrors, nerrors > 1 ? "s" : "", what);
  if (nwarnings)
    fprintf(stderr, ", %d avertissement%s", nwarnings, nwarnings > 1 ? "s" : "");
  fputs("\n", stderr);
}

int cli_finish(int status) {
  if (diag_doc.form != CB_DIAGS_TEXT) {
    cb_diag_doc_end(&diag_doc, CIBLE_VERSION);
    fputs(cb_buf_str(&diag_doc.out), stderr);
    cb_diag_doc_free(&diag_doc);
    diag_doc.form = CB_DIAGS_TEXT;
  }
  if (!out_path)
    return cli_out_status(true) != EXIT_OK ? EXIT_USAGE : status;
  /* the file appears only with a whole report: not after a usage error or
     when nothing was written (errors in the contracts) */
  if (out_err || !out_wrote || status == EXIT_USAGE) {
    cb_atomic_abort();
    if (out_err)
      fprintf(stderr, "cible: erreur: %s : écriture impossible : %s ; le fichier n'est pas "
                      "écrit\n",
              out_path, cb_errno_text(out_err));
  } else {
    int err = cb_atomic_commit();
    if (err) {
      fprintf(stderr, "cible: erreur: %s : écriture impossible : %s ; le fichier n'est pas "
                      "écrit\n",
              out_path, cb_errno_text(err));
      out_err = err;
    }
  }
  out_path = NULL;
  int st = out_err ? EXIT_USAGE : status;
  return cli_out_status(true) != EXIT_OK ? EXIT_USAGE : st;
}

void text_provenance(struct cb_buf *out, const struct cb_provenance *p) {
  cb_buf_putc(out, '\n');
  cb_provenance_text(out, p, "");
}

void csv_provenance(struct cb_csv_out *w, const struct cb_provenance *p) {
  struct cb_buf b = CB_BUF_INIT;
  cb_provenance_text(&b, p, "");
  for (const char *l = cb_buf_str(&b), *e; *l; l = e + 1) {
    e = strchr(l, '\n');
    char *line = cb_xstrndup(l, (size_t)(e - l));
    cb_csv_comment(w, line);
    free(line);
  }
  cb_buf_free(&b);
}

static int saved_argc;
static char **saved_argv;

void cli_set_argv(int argc, char **argv) {
  saved_argc = argc;
  saved_argv = argv;
}

void cli_provenance(struct cb_provenance *p, const struct cb_session *s) {
  cb_provenance_init(p, saved_argc, saved_argv);
  if (s)
    cb_provenance_add_sources(p, cb_session_sources(s));
}

int cli_output(struct cb_buf *out) {
  cli_put_out(cb_buf_str(out), out->len);
  cb_buf_free(out);
  return cli_out_status(false);
}

struct cb_session *cli_open_session(struct cli_options *o, const char **files, size_t nfiles,
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
    cli_diags(d);
    cb_session_free(s);
    return NULL;
  }
  bool ok = cb_session_check(s);
  if (ok && o->nscenarios) {
    o->scenario_ds = cb_xmalloc(o->nscenarios * sizeof *o->scenario_ds);
    for (size_t i = 0; i < o->nscenarios; i++) {
      enum cb_load_status st;
      o->scenario_ds[i] = cb_session_scenario(s, o->scenarios[i], &st);
      if (st == CB_LOAD_IO)
        *status = EXIT_USAGE;
    }
    ok = d->nerrors == 0;
    if (*status == EXIT_USAGE) {
      cli_diags(d);
      cb_session_free(s);
      return NULL;
    }
  }
  cli_diags(d);
  if (!ok) {
    cli_diag_count(d->nerrors, d->nwarnings, "");
    cb_session_free(s);
    *status = EXIT_INPUT;
    return NULL;
  }
  return s;
}
