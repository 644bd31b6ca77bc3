/*
 * measures.h: measured values from CSV files.
 *
 * Reads `contrat;indicateur;periode;valeur` files (the column order is taken
 * from the header line) and attaches each value to the indicator or donnée it
 * measures. Every row is either used or a located error: unknown contract or
 * indicator, period outside the contract, unreadable value, duplicate row.
 * Nothing is skipped silently.
 */
#ifndef CB_MEASURES_H
#define CB_MEASURES_H

#include <stddef.h>

struct cb_program;
struct cb_source;
struct cb_diags;

/* Returns the number of values attached. */
size_t cb_measures_load_csv(struct cb_program *p, const struct cb_source *src,
                            struct cb_diags *d);

#endif
