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

struct cb_buf;
struct cb_session;

/* s is checked without errors. Returns the number of contracts printed. */
int cb_consolide_print(struct cb_buf *out, struct cb_session *s);

#endif
