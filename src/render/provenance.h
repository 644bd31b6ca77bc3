/*
 * provenance.h: what a report was made from, so that an archived statement
 * can be checked against its files: the version of Cible, the date, the
 * command line, and the SHA-256 of every input file (contracts, avenants,
 * measures, the standard library modules they import).
 *
 * Every report states it: a block of lines in text (prefixed `# ` in CSV, in
 * a <pre> in HTML) and an object in JSON. `cible verifie` reads the block
 * back, checks the files and re-runs the command (docs/formats.md).
 */
#ifndef CB_PROVENANCE_H
#define CB_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>

struct cb_buf;
struct cb_jw;
struct cb_sources;

struct cb_provenance_file {
  char *name;        /* as given on the command line, or `stdlib:aci/cpts` */
  char sha256[65];   /* lower-case hex */
};

struct cb_provenance {
  const char *version; /* of Cible */
  char date[11];       /* AAAA-MM-JJ: $SOURCE_DATE_EPOCH when set, else today (UTC) */
  char **args;         /* the command line after `cible`, without -o FILE and
                          --diagnostics FORM */
  size_t nargs;
  struct cb_provenance_file *files;
  size_t nfiles, cap;
};

/* The first line of the block, before the date: verifie looks for it. */
#define CB_PROVENANCE_HEAD "Établi le "
/* The line before the files. */
#define CB_PROVENANCE_FILES "Fichiers lus (SHA-256) :"

/* A provenance for the command line argv[1..argc) (argv[0] is `cible`'s
   path, not kept); the files are added with cb_provenance_add_sources. */
void cb_provenance_init(struct cb_provenance *p, int argc, char **argv);
/* Adds every source of set read from a file, in the order read, each once
   (a file read by two sessions, as by diff, is listed once). */
void cb_provenance_add_sources(struct cb_provenance *p, const struct cb_sources *set);
void cb_provenance_free(struct cb_provenance *p);

/* The command line, each argument quoted for a POSIX shell when it needs
   it: `cible eval 'mon contrat.cible' --periode 2024`. */
void cb_provenance_command(struct cb_buf *out, const struct cb_provenance *p);

/* The block, each line starting with prefix ("" in text, "# " in CSV):
     Établi le 2026-11-28 par cible 0.1.0 : cible eval a.cible
     Fichiers lus (SHA-256) :
       9f86d08…  a.cible
   The file lines are those of `sha256sum`. */
void cb_provenance_text(struct cb_buf *out, const struct cb_provenance *p, const char *prefix);

/* "provenance": {"cible", "date", "commande": [...], "fichiers": [{"fichier",
   "sha256"}]} as the next key of the object w is in. */
void cb_provenance_json(struct cb_jw *w, const struct cb_provenance *p);

/* d (a SHA-256 digest) in lower-case hex. */
void cb_sha256_hex(const unsigned char d[32], char out[65]);
/* The SHA-256 of the file at path, in hex; an errno value when it cannot be
   read (0 on success). */
int cb_sha256_file(const char *path, char out[65]);

/* Reads the words of a command written by cb_provenance_command back into
   args (owned by the caller, each freed, then the array); false when it is
   not one (an unterminated quote). */
bool cb_provenance_split(const char *cmd, size_t len, char ***args, size_t *nargs);

#endif
