/*
 * exemple.h: `exemple` blocks and boundary cases (`cible test`).
 *
 * An `exemple "libellé" { mesures P { … }  attendu ID P : VALEUR }` block,
 * in a contract or in an avenant, pins what the contract pays (or how much
 * of it is attained) for given measures. cb_exemple_run evaluates each
 * block with the terms of the contract and the avenants up to the one that
 * holds the block, on the block's measures only, and compares every
 * `attendu`. cb_exemple_bornes evaluates, for every objective and every
 * finite tranche bound, the measure at the bound and one step either side.
 */
#ifndef CB_EXEMPLE_H
#define CB_EXEMPLE_H

struct cb_buf;
struct cb_diags;
struct cb_session;

struct cb_test_counts {
  int passed, failed;
};

/* Runs the exemples of the files of s (checked, without errors). Results
   go to out; errors in the blocks go to d and count as failures. */
void cb_exemple_run(struct cb_session *s, struct cb_buf *out, struct cb_diags *d,
                    struct cb_test_counts *counts);

/* Prints what is paid at and around every objective and tranche bound of
   the contracts of s. */
void cb_exemple_bornes(struct cb_session *s, struct cb_buf *out);

#endif
