/*
 * cmd_fmt.c: `cible fmt [-w | --check] FICHIER…`: the canonical layout of each file
 * (layout.h), printed, checked or written back atomically (atomic_write.h).
 * No session: one file at a time.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "atomic_write.h"
#include "buf.h"
#include "diag.h"
#include "layout.h"
#include "source.h"

/* The options of fmt; is_file[i] says whether argv[i] is a file. */
struct fmt_options {
  bool write, check;
  int nfiles;
  enum cb_encoding encoding;
  bool *is_file;
};

/* -w, --check, and the options of every command: --encodage as for check;
   --stdlib is accepted and has nothing to do (fmt reads no module).
   EXIT_OK or the usage error, said. */
static int fmt_args(int argc, char **argv, struct fmt_options *o) {
  const char *encodage = NULL, *stdlib_dir = NULL;
  for (int i = 2; i < argc; i++) {
    o->is_file[i] = false;
    if (strcmp(argv[i], "-w") == 0) {
      o->write = true;
    } else if (strcmp(argv[i], "--check") == 0) {
      o->check = true;
    } else if (strcmp(argv[i], "--encodage") == 0 || strcmp(argv[i], "--stdlib") == 0) {
      if (i + 1 >= argc)
        return cli_usage_error("l'option %s attend une valeur", argv[i]);
      const char **slot = strcmp(argv[i], "--encodage") == 0 ? &encodage : &stdlib_dir;
      if (*slot)
        return cli_twice_error(argv[i], *slot, argv[i + 1]);
      *slot = argv[i + 1];
      o->is_file[++i] = false;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return cli_usage_error("option inconnue pour cette commande : %s", argv[i]);
    } else {
      o->is_file[i] = true;
      o->nfiles++;
    }
  }
  if (!o->nfiles)
    return cli_usage_error("%s", "aucun fichier à mettre en forme");
  if (o->write && o->check)
    return cli_usage_error("%s", "-w et --check ne vont pas ensemble");
  if (encodage && !cb_encoding_parse(encodage, &o->encoding))
    return cli_usage_error("encodage inconnu : %s (utf8 ou latin1)", encodage);
  return EXIT_OK;
}

/* The status after one more file: a usage or I/O error wins over an input
   error, which wins over success. */
static int worse(int status, int st) {
  if (status == EXIT_USAGE || st == EXIT_OK)
    return status;
  return st == EXIT_USAGE ? EXIT_USAGE : status == EXIT_OK ? st : status;
}

/* What fmt does with the layout `out` of file path (src as read): prints
   it, lists the file when it is not in layout (--check), or rewrites it
   (-w). */
static int fmt_result(const struct fmt_options *o, const char *path, const struct cb_source *src,
                      const struct cb_buf *out, const struct stat *before) {
  /* a file converted, composed to NFC or with lone CRs is rewritten */
  bool same = !src->had_bom && !src->normalized && out->len == src->len &&
              memcmp(cb_buf_str(out), src->text, out->len) == 0;
  if (o->check && !same) {
    cli_puts_out(path);
    cli_puts_out("\n");
    return EXIT_INPUT;
  }
  if (o->write && !same) {
    int err = cb_write_atomic(path, cb_buf_str(out), out->len, before);
    if (err) {
      fprintf(stderr, "cible: erreur: impossible de réécrire « %s » : %s\n", path,
              cb_write_atomic_error(err));
      return EXIT_USAGE;
    }
  } else if (!o->write && !o->check) {
    cli_put_out(cb_buf_str(out), out->len);
  }
  return EXIT_OK;
}

/* One file, read in its own set of sources. */
static int fmt_file(const struct fmt_options *o, const char *path) {
  struct cb_sources set = {0};
  set.encoding = o->encoding;
  struct cb_diags d = {0};
  struct cb_source *src;
  struct cb_buf out = CB_BUF_INIT;
  /* fmt -w: the file as it was before reading it, to refuse an edit made
     meanwhile */
  struct stat before;
  bool have_before = o->write && stat(path, &before) == 0;
  int st;
  enum cb_load_status ls = cb_source_load(&set, path, &d, &src);
  if (ls != CB_LOAD_OK)
    st = ls == CB_LOAD_IO ? EXIT_USAGE : EXIT_INPUT;
  else if (!cb_layout_source(&out, src, &d))
    st = EXIT_INPUT;
  else
    st = fmt_result(o, path, src, &out, have_before ? &before : NULL);
  cb_diag_render(&d, stderr, CB_MAX_DIAGS_SHOWN);
  cb_buf_free(&out);
  cb_diags_free(&d);
  cb_sources_free(&set);
  return st;
}

/* cible fmt [-w | --check] FILE…: no session, one file at a time. */
int cmd_fmt(int argc, char **argv) {
  struct fmt_options o = {.encoding = CB_ENC_UTF8};
  o.is_file = cb_xmalloc((size_t)argc * sizeof *o.is_file);
  int status = fmt_args(argc, argv, &o);
  if (status != EXIT_OK) {
    free(o.is_file);
    return status;
  }
  for (int i = 2; i < argc; i++)
    if (o.is_file[i])
      status = worse(status, fmt_file(&o, argv[i]));
  free(o.is_file);
  return cli_out_status(false) != EXIT_OK ? EXIT_USAGE : status;
}
