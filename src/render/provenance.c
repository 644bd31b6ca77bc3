/*
 * provenance.c: the version, date, command line and input digests a report
 * states (see provenance.h). Owns the quoting of the command line and its
 * reading back, and the block's text and JSON forms; the digests themselves
 * are taken when a file is read (source.c).
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */

#include "provenance.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cible.h"
#include "json.h"
#include "source.h"

#include <nettle/sha2.h>

/* $SOURCE_DATE_EPOCH (reproducible reports) when it is a number, else now. */
static void report_date(char out[11]) {
  time_t t = time(NULL);
  const char *env = getenv("SOURCE_DATE_EPOCH");
  if (env && *env) {
    char *end;
    errno = 0;
    long long v = strtoll(env, &end, 10);
    if (!*end && !errno && v >= 0)
      t = (time_t)v;
  }
  struct tm tm;
  if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999) {
    memcpy(out, "0000-00-00", 11);
    return;
  }
  strftime(out, 11, "%Y-%m-%d", &tm);
}

void cb_provenance_init(struct cb_provenance *p, int argc, char **argv) {
  memset(p, 0, sizeof *p);
  p->version = CIBLE_VERSION;
  report_date(p->date);
  p->args = cb_xmalloc((size_t)(argc > 0 ? argc : 1) * sizeof *p->args);
  for (int i = 1; i < argc; i++) {
    /* neither the report's own file nor the form of the diagnostics is part
       of what it was made from */
    if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--sortie") == 0 ||
         strcmp(argv[i], "--diagnostics") == 0) &&
        i + 1 < argc) {
      i++;
      continue;
    }
    p->args[p->nargs++] = cb_xstrndup(argv[i], strlen(argv[i]));
  }
}

void cb_sha256_hex(const unsigned char d[32], char out[65]) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    out[2 * i] = digits[d[i] >> 4];
    out[2 * i + 1] = digits[d[i] & 15];
  }
  out[64] = '\0';
}

int cb_sha256_file(const char *path, char out[65]) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return errno;
  struct sha256_ctx h;
  sha256_init(&h);
  unsigned char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    sha256_update(&h, n, chunk);
  bool failed = ferror(f) != 0;
  fclose(f);
  if (failed)
    return EIO;
  unsigned char d[SHA256_DIGEST_SIZE];
  sha256_digest(&h, sizeof d, d);
  cb_sha256_hex(d, out);
  return 0;
}

void cb_provenance_add_sources(struct cb_provenance *p, const struct cb_sources *set) {
  for (const struct cb_source *s = set->head; s; s = s->next) {
    if (!s->hashed)
      continue;
    struct cb_buf name = CB_BUF_INIT;
    if (s->import)
      cb_buf_printf(&name, "stdlib:%s", s->import);
    else
      cb_buf_puts(&name, s->name);
    char h[65];
    cb_sha256_hex(s->sha256, h);
    bool seen = false;
    for (size_t i = 0; i < p->nfiles && !seen; i++)
      seen = strcmp(p->files[i].name, cb_buf_str(&name)) == 0 &&
             strcmp(p->files[i].sha256, h) == 0;
    if (seen) {
      cb_buf_free(&name);
      continue;
    }
    if (p->nfiles == p->cap) {
      p->cap = p->cap ? 2 * p->cap : 8;
      p->files = cb_xrealloc(p->files, p->cap * sizeof *p->files);
    }
    p->files[p->nfiles].name = cb_buf_take(&name);
    memcpy(p->files[p->nfiles].sha256, h, sizeof h);
    p->nfiles++;
  }
}

void cb_provenance_free(struct cb_provenance *p) {
  for (size_t i = 0; i < p->nargs; i++)
    free(p->args[i]);
  free(p->args);
  for (size_t i = 0; i < p->nfiles; i++)
    free(p->files[i].name);
  free(p->files);
  memset(p, 0, sizeof *p);
}

/* Whether a can be written to a shell as it is. */
static bool plain_word(const char *a) {
  if (!*a)
    return false;
  for (const unsigned char *c = (const unsigned char *)a; *c; c++)
    if (!(*c >= 0x80 || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
          (*c >= '0' && *c <= '9') || strchr("-_./:=,+@%", *c)))
      return false;
  return true;
}

void cb_provenance_command(struct cb_buf *out, const struct cb_provenance *p) {
  cb_buf_puts(out, "cible");
  for (size_t i = 0; i < p->nargs; i++) {
    const char *a = p->args[i];
    cb_buf_putc(out, ' ');
    if (plain_word(a)) {
      cb_buf_puts(out, a);
      continue;
    }
    /* 'it'\''s': a quote closes, is written escaped, and reopens */
    cb_buf_putc(out, '\'');
    for (; *a; a++) {
      if (*a == '\'')
        cb_buf_puts(out, "'\\''");
      else if (*a == '\n')
        cb_buf_puts(out, "'$'\\n''");
      else
        cb_buf_putc(out, *a);
    }
    cb_buf_putc(out, '\'');
  }
}

void cb_provenance_text(struct cb_buf *out, const struct cb_provenance *p, const char *prefix) {
  cb_buf_printf(out, "%s" CB_PROVENANCE_HEAD "%s par cible %s : ", prefix, p->date, p->version);
  cb_provenance_command(out, p);
  cb_buf_printf(out, "\n%s" CB_PROVENANCE_FILES "\n", prefix);
  for (size_t i = 0; i < p->nfiles; i++)
    cb_buf_printf(out, "%s  %s  %s\n", prefix, p->files[i].sha256, p->files[i].name);
}

void cb_provenance_json(struct cb_jw *w, const struct cb_provenance *p) {
  cb_jw_key(w, "provenance");
  cb_jw_open(w, '{');
  cb_jw_key(w, "cible");
  cb_json_str(w->b, p->version);
  cb_jw_key(w, "date");
  cb_json_str(w->b, p->date);
  cb_jw_key(w, "commande");
  struct cb_buf cmd = CB_BUF_INIT;
  cb_provenance_command(&cmd, p);
  cb_json_str(w->b, cb_buf_str(&cmd));
  cb_buf_free(&cmd);
  cb_jw_key(w, "fichiers");
  cb_jw_open(w, '[');
  for (size_t i = 0; i < p->nfiles; i++) {
    cb_jw_item(w);
    cb_jw_open(w, '{');
    cb_jw_key(w, "fichier");
    cb_json_str(w->b, p->files[i].name);
    cb_jw_key(w, "sha256");
    cb_json_str(w->b, p->files[i].sha256);
    cb_jw_close(w, '}');
  }
  cb_jw_close(w, ']');
  cb_jw_close(w, '}');
}

/* Reads the shell words cb_provenance_command writes: plain words, '…'
   quotes, \-escaped characters and $'\n'. */
bool cb_provenance_split(const char *cmd, size_t len, char ***args, size_t *nargs) {
  const char *c = cmd, *end = cmd + len;
  size_t cap = 8, n = 0;
  char **v = cb_xmalloc(cap * sizeof *v);
  bool ok = true;
  while (ok) {
    while (c < end && *c == ' ')
      c++;
    if (c == end)
      break;
    struct cb_buf w = CB_BUF_INIT;
    while (c < end && *c != ' ') {
      if (*c == '\'') {
        const char *q = memchr(c + 1, '\'', (size_t)(end - c - 1));
        if (!q) {
          ok = false;
          break;
        }
        cb_buf_add(&w, c + 1, (size_t)(q - c - 1));
        c = q + 1;
      } else if (*c == '\\' && c + 1 < end) {
        cb_buf_putc(&w, c[1]);
        c += 2;
      } else if (*c == '$' && end - c >= 5 && memcmp(c, "$'\\n'", 5) == 0) {
        cb_buf_putc(&w, '\n');
        c += 5;
      } else {
        cb_buf_putc(&w, *c++);
      }
    }
    if (n == cap) {
      cap *= 2;
      v = cb_xrealloc(v, cap * sizeof *v);
    }
    v[n++] = cb_buf_take(&w);
  }
  if (!ok) {
    for (size_t i = 0; i < n; i++)
      free(v[i]);
    free(v);
    return false;
  }
  *args = v;
  *nargs = n;
  return true;
}
