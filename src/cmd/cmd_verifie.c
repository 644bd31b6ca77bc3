/*
 * cmd_verifie.c: `cible verifie RELEVE`: checks that an archived report is
 * what its files still give. The report's provenance (provenance.h: the
 * block of a text, CSV or HTML report, the "provenance" object of a JSON
 * one, the sheet « Provenance » of an xlsx workbook, read with xlsx_read.h)
 * names the command and the SHA-256 of each file read; each file is
 * hashed again, then the command is run again on the same date and its
 * output compared byte for byte with the report. Said in French, one line
 * per file; exit 0 when everything matches, 1 when not.
 */
#define _GNU_SOURCE /* setenv, timegm */

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cible.h"
#include "csv.h"
#include "diag.h"
#include "provenance.h"
#include "sysio.h"
#include "xlsx_read.h"

/* What the report says it was made from. */
struct claim {
  char *date;    /* AAAA-MM-JJ */
  char *version;
  char *command; /* as written: `cible eval a.cible` */
  size_t nfiles, cap;
  char **names;
  char **sums;   /* hex */
};

static void claim_file(struct claim *c, const char *name, size_t nlen, const char *sum) {
  if (c->nfiles == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 8;
    c->names = cb_xrealloc(c->names, c->cap * sizeof *c->names);
    c->sums = cb_xrealloc(c->sums, c->cap * sizeof *c->sums);
  }
  c->names[c->nfiles] = cb_xstrndup(name, nlen);
  c->sums[c->nfiles] = cb_xstrndup(sum, 64);
  c->nfiles++;
}

static void claim_free(struct claim *c) {
  for (size_t i = 0; i < c->nfiles; i++) {
    free(c->names[i]);
    free(c->sums[i]);
  }
  free(c->names);
  free(c->sums);
  free(c->date);
  free(c->version);
  free(c->command);
}

/* s with the entities an HTML report escapes (&amp; &lt; &gt; &quot;
   &#39;) read back. */
static char *html_unescape(const char *s, size_t n) {
  static const struct {
    const char *ent;
    char c;
  } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
              {"&#x27;", '\''}, {"&apos;", '\''}};
  struct cb_buf b = CB_BUF_INIT;
  for (size_t i = 0; i < n;) {
    bool done = false;
    if (s[i] == '&')
      for (size_t k = 0; k < sizeof ents / sizeof ents[0] && !done; k++) {
        size_t l = strlen(ents[k].ent);
        if (i + l <= n && memcmp(s + i, ents[k].ent, l) == 0) {
          cb_buf_putc(&b, ents[k].c);
          i += l;
          done = true;
        }
      }
    if (!done)
      cb_buf_putc(&b, s[i++]);
  }
  return cb_buf_take(&b);
}

static bool is_hex64(const char *s, size_t n) {
  if (n < 64)
    return false;
  for (size_t i = 0; i < 64; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
      return false;
  return true;
}

/* The block of a text, CSV or HTML report (text already unescaped). */
static bool read_block(const char *t, size_t n, struct claim *c) {
  const char *head = NULL;
  for (const char *p = t; (p = memmem(p, (size_t)(t + n - p), CB_PROVENANCE_HEAD,
                                      strlen(CB_PROVENANCE_HEAD))) != NULL;
       p++)
    head = p; /* the last one: the report's own, after anything quoted */
  if (!head)
    return false;
  const char *eol = memchr(head, '\n', (size_t)(t + n - head));
  if (!eol)
    eol = t + n;
  const char *line = head + strlen(CB_PROVENANCE_HEAD);
  /* 2026-11-28 par cible 0.1.0 : cible eval … */
  const char *par = memmem(line, (size_t)(eol - line), " par cible ", 11);
  const char *colon = par ? memmem(par, (size_t)(eol - par), " : ", 3) : NULL;
  if (!par || !colon || par - line != 10)
    return false;
  c->date = cb_xstrndup(line, 10);
  c->version = cb_xstrndup(par + 11, (size_t)(colon - par - 11));
  const char *cmd = colon + 3, *cend = eol;
  while (cend > cmd && (cend[-1] == '\r' || cend[-1] == ' '))
    cend--;
  c->command = cb_xstrndup(cmd, (size_t)(cend - cmd));
  /* the file lines: [prefix]  HEX  NAME */
  const char *p = eol < t + n ? eol + 1 : eol;
  const char *files = memmem(p, (size_t)(t + n - p), CB_PROVENANCE_FILES,
                             strlen(CB_PROVENANCE_FILES));
  if (!files)
    return false;
  p = memchr(files, '\n', (size_t)(t + n - files));
  while (p && p < t + n) {
    p++;
    const char *e = memchr(p, '\n', (size_t)(t + n - p));
    if (!e)
      e = t + n;
    const char *h = memmem(p, (size_t)(e - p), "  ", 2);
    if (!h)
      break;
    h += 2;
    if (!is_hex64(h, (size_t)(e - h)) || e - h < 67 || memcmp(h + 64, "  ", 2) != 0)
      break;
    const char *name = h + 66, *ne = e;
    while (ne > name && ne[-1] == '\r')
      ne--;
    claim_file(c, name, (size_t)(ne - name), h);
    p = e < t + n ? e : NULL;
  }
  return true;
}

/* One row of the sheet « Provenance » of an xlsx report (xlsx.c writes
   it): « Cible ; VERSION », « Établi le ; DATE », « Commande ; COMMANDE »,
   then « FICHIER ; SHA-256 » per file read. */
static int provenance_row(void *ctx, const struct cb_csv_record *rec) {
  struct claim *c = ctx;
  if (rec->comment || rec->nfields < 2)
    return 0;
  const struct cb_csv_field *k = &rec->fields[0], *v = &rec->fields[1];
  char **slot = NULL;
  if (k->len == 5 && memcmp(k->text, "Cible", 5) == 0)
    slot = &c->version;
  else if (k->len == strlen("Établi le") && memcmp(k->text, "Établi le", k->len) == 0)
    slot = &c->date;
  else if (k->len == 8 && memcmp(k->text, "Commande", 8) == 0)
    slot = &c->command;
  if (slot && !*slot)
    *slot = cb_xstrndup(v->text, v->len);
  else if (!slot && is_hex64(v->text, v->len))
    claim_file(c, k->text, k->len, v->text);
  return 0;
}

/* The sheet « Provenance » of an xlsx report, read as CSV text
   (xlsx_read.h). */
static bool read_xlsx(const char *path, struct claim *c) {
  struct cb_sources set = {0};
  struct cb_diags d = {0};
  struct cb_source *src = NULL;
  bool ok = cb_xlsx_read_sheet(&set, path, "Provenance", &d, &src) == CB_LOAD_OK &&
            cb_csv_read(src, &d, provenance_row, c) == 0 && c->version && c->command &&
            c->date && strlen(c->date) == 10;
  cb_diags_free(&d);
  cb_sources_free(&set);
  return ok;
}

/* The "provenance" object of a JSON report. */
static bool read_json(const char *t, size_t n, struct claim *c) {
  json_error_t err;
  json_t *root = json_loadb(t, n, 0, &err);
  if (!root)
    return false;
  json_t *p = json_object_get(root, "provenance");
  const char *date = json_string_value(json_object_get(p, "date"));
  const char *version = json_string_value(json_object_get(p, "cible"));
  const char *cmd = json_string_value(json_object_get(p, "commande"));
  json_t *files = json_object_get(p, "fichiers");
  bool ok = date && version && cmd && json_is_array(files);
  if (ok) {
    c->date = cb_xstrndup(date, strlen(date));
    c->version = cb_xstrndup(version, strlen(version));
    c->command = cb_xstrndup(cmd, strlen(cmd));
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f) {
      const char *name = json_string_value(json_object_get(f, "fichier"));
      const char *sum = json_string_value(json_object_get(f, "sha256"));
      if (!name || !sum || strlen(sum) != 64 || !is_hex64(sum, 64)) {
        ok = false;
        break;
      }
      claim_file(c, name, strlen(name), sum);
    }
  }
  json_decref(root);
  return ok;
}

/* The whole output of `cible ARGS` run again with the report's date;
   *status its exit status (-1 when it could not run). */
static char *rerun(char **args, size_t nargs, const char *date, size_t *len, int *status) {
  *status = -1;
  *len = 0;
  int fds[2];
  if (pipe(fds) != 0)
    return NULL;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  char epoch[32] = "0";
  if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    snprintf(epoch, sizeof epoch, "%lld", (long long)timegm(&tm));
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return NULL;
  }
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0)
      dup2(null, STDERR_FILENO);
    setenv("SOURCE_DATE_EPOCH", epoch, 1);
    char **argv = cb_xmalloc((nargs + 1) * sizeof *argv);
    for (size_t i = 0; i < nargs; i++)
      argv[i] = args[i];
    argv[nargs] = NULL;
    execv("/proc/self/exe", argv);
    _exit(127);
  }
  close(fds[1]);
  struct cb_buf b = CB_BUF_INIT;
  char chunk[65536];
  ssize_t n;
  while ((n = read(fds[0], chunk, sizeof chunk)) != 0) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      break;
    cb_buf_add(&b, chunk, (size_t)n);
  }
  close(fds[0]);
  int ws;
  while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
    ;
  *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
  *len = b.len;
  return cb_buf_take(&b);
}

/* The line (1-based) where a and b first differ, and where it starts in
   each. */
static size_t first_difference(const char *a, size_t na, const char *b, size_t nb,
                               size_t *start) {
  size_t line = 1, i = 0;
  *start = 0;
  for (; i < na && i < nb && a[i] == b[i]; i++)
    if (a[i] == '\n') {
      line++;
      *start = i + 1;
    }
  return line;
}

/* "  label : the line at s" (at most 200 bytes of it). */
static void show_line(struct cb_buf *out, const char *label, const char *t, size_t n, size_t s) {
  size_t e = s;
  while (e < n && t[e] != '\n' && e - s < 200)
    e++;
  cb_buf_printf(out, "  %s%.*s\n", label, (int)(e - s), t + s);
}

int cmd_verifie(struct cli_options *o) {
  if (o->nfiles != 1)
    return cli_usage_error("%s", "verifie lit un relevé : cible verifie RELEVE (texte, JSON, CSV, "
                                 "HTML ou xlsx établi par cible)");
  const char *path = o->files[0];
  struct cb_buf raw = CB_BUF_INIT;
  FILE *f = fopen(path, "rb");
  int err = f ? 0 : errno;
  char chunk[65536];
  size_t got;
  while (f && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
    cb_buf_add(&raw, chunk, got);
  if (f && ferror(f))
    err = EIO;
  if (f)
    fclose(f);
  if (err) {
    cb_buf_free(&raw);
    fprintf(stderr, "cible: erreur: %s : lecture impossible : %s\n", path, cb_errno_text(err));
    return EXIT_USAGE;
  }
  const char *t = raw.data ? raw.data : "";
  size_t n = raw.len;
  struct claim c;
  memset(&c, 0, sizeof c);
  size_t lead = 0;
  while (lead < n && (t[lead] == ' ' || t[lead] == '\n' || t[lead] == '\r' || t[lead] == '\t'))
    lead++;
  bool found;
  bool book = cb_xlsx_is_zip((const unsigned char *)t, n);
  if (book) {
    found = read_xlsx(path, &c);
  } else if (lead < n && t[lead] == '{') {
    found = read_json(t, n, &c);
  } else if (lead < n && t[lead] == '<') {
    char *u = html_unescape(t, n);
    found = read_block(u, strlen(u), &c);
    free(u);
  } else {
    found = read_block(t, n, &c);
  }
  if (!found) {
    fprintf(stderr, "%s:1:1: erreur[E0017]: ce fichier n'est pas un relevé de cible avec sa "
                    "provenance (la ligne « %s… » et la liste des fichiers lus, la clé "
                    "« provenance » en JSON, la feuille « Provenance » d'un classeur)\n",
            path, CB_PROVENANCE_HEAD);
    claim_free(&c);
    cb_buf_free(&raw);
    return EXIT_INPUT;
  }
  struct cb_buf out = CB_BUF_INIT;
  cb_buf_printf(&out, "Relevé %s, établi le %s par cible %s :\n  %s\n", path, c.date, c.version,
                c.command);
  int bad = 0;
  char *lib = cli_stdlib_dir(o->stdlib);
  cb_buf_puts(&out, "Fichiers :\n");
  for (size_t i = 0; i < c.nfiles; i++) {
    struct cb_buf p = CB_BUF_INIT;
    if (strncmp(c.names[i], "stdlib:", 7) == 0)
      cb_buf_printf(&p, "%s/%s.cible", lib ? lib : "stdlib", c.names[i] + 7);
    else
      cb_buf_puts(&p, c.names[i]);
    char sum[65];
    int ferr = cb_sha256_file(cb_buf_str(&p), sum);
    if (ferr) {
      cb_buf_printf(&out, "  absent     %s (%s ; les chemins sont ceux de la commande, relatifs "
                          "au dossier où elle a été lancée)\n",
                    c.names[i], cb_errno_text(ferr));
      bad++;
    } else if (strcmp(sum, c.sums[i]) != 0) {
      cb_buf_printf(&out, "  modifié    %s (SHA-256 %s, le relevé dit %s)\n", c.names[i], sum,
                    c.sums[i]);
      bad++;
    } else {
      cb_buf_printf(&out, "  identique  %s\n", c.names[i]);
    }
    cb_buf_free(&p);
  }
  free(lib);
  char **args = NULL;
  size_t nargs = 0;
  bool same = false;
  if (!cb_provenance_split(c.command, strlen(c.command), &args, &nargs) || nargs < 2 ||
      strcmp(args[0], "cible") != 0) {
    cb_buf_puts(&out, "Commande illisible : elle n'est pas relancée.\n");
    bad++;
  } else if (strcmp(args[1], "verifie") == 0) {
    cb_buf_puts(&out, "Commande verifie : elle n'est pas relancée.\n");
    bad++;
  } else {
    size_t len;
    int st;
    char *again = rerun(args, nargs, c.date, &len, &st);
    same = again && len == n && memcmp(again, t, n) == 0;
    if (same)
      cb_buf_puts(&out, "Relancée : le résultat est identique au relevé, octet pour octet.\n");
    else if (!again || st < 0)
      cb_buf_puts(&out, "Relancée : la commande n'a pas pu s'exécuter.\n");
    else if (book) /* no lines to show: a workbook is a zip archive */
      cb_buf_printf(&out, "Relancée : le classeur recalculé diffère du relevé (%zu octets, le "
                          "relevé en a %zu ; statut %d).\n",
                    len, n, st);
    else {
      size_t at;
      cb_buf_printf(&out, "Relancée : le résultat diffère du relevé à partir de la ligne %zu "
                          "(statut %d) :\n",
                    first_difference(t, n, again, len, &at), st);
      show_line(&out, "relevé :    ", t, n, at);
      show_line(&out, "recalculé : ", again, len, at);
    }
    if (strcmp(c.version, CIBLE_VERSION) != 0)
      cb_buf_printf(&out, "Le relevé a été établi par cible %s ; cette vérification utilise "
                          "cible %s.\n",
                    c.version, CIBLE_VERSION);
    free(again);
  }
  for (size_t i = 0; i < nargs; i++)
    free(args[i]);
  free(args);
  bool ok = !bad && same;
  cb_buf_puts(&out, ok ? "Vérifié : le relevé correspond à ses fichiers.\n"
                       : "Non vérifié : le relevé ne correspond plus à ses fichiers.\n");
  claim_free(&c);
  cb_buf_free(&raw);
  int st = cli_output(&out);
  return st != EXIT_OK ? st : ok ? EXIT_OK : EXIT_INPUT;
}
