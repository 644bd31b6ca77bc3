/*
 * consolide.h: the consolidated text of a contract and its avenants.
 *
 * `cible consolide CONTRAT AVENANT…` prints each contract of the files
 * that has avenants as one contract, in canonical layout, each statement
 * that comes from an avenant followed by a comment naming it, then the
 * `mesures` blocks of the files for it: the text checks and evaluates to
 * the same figures as the contract given with its avenants.
 */
#ifndef CB_CONSOLIDE_H
#define CB_CONSOLIDE_H

#include <stddef.h>

struct cb_buf;
struct cb_file;
struct cb_top;

/* Prints contract t of files[0..nf) consolidated (c, its consolidated
   tree: cb_session_consolidated) with the imports of its file and the
   `mesures` blocks for it; the run is checked without errors. */
void cb_consolide_print(struct cb_buf *out, struct cb_file **files, size_t nf,
                        const struct cb_top *t, const struct cb_top *c);

#endif
