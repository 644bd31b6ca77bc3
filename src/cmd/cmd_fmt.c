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

/* cible fmt [-w | --check] FILE…: no session, one file at a time. */
int cmd_fmt(int argc, char **argv) {
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
        return cli_usage_error("l'option %s attend une valeur", argv[i]);
      }
      const char **slot = strcmp(argv[i], "--encodage") == 0 ? &encodage : &stdlib_dir;
      if (*slot) {
        free(is_file);
        return cli_twice_error(argv[i], *slot, argv[i + 1]);
      }
      *slot = argv[i + 1];
      is_file[++i] = false;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      free(is_file);
      return cli_usage_error("option inconnue pour cette commande : %s", argv[i]);
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
    return why ? cli_usage_error("%s", why)
               : cli_usage_error("encodage inconnu : %s (utf8 ou latin1)", encodage);
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
        cli_puts_out(argv[i]);
        cli_puts_out("\n");
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
        cli_put_out(cb_buf_str(&out), out.len);
      }
    }
    cb_diag_render(&d, stderr, CB_MAX_DIAGS_SHOWN);
    cb_buf_free(&out);
    cb_diags_free(&d);
    cb_sources_free(&set);
  }
  free(is_file);
  return cli_out_status(false) != EXIT_OK ? EXIT_USAGE : status;
}
