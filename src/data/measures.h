/*
 * measures.h: measured values, from CSV files and from `mesures` blocks.
 *
 * Checks a measured value against the element it measures, records the
 * `mesures` blocks of contract files, and reads
 * `contrat;indicateur;periode;valeur` files (the column order is taken
 * from the header line) and records each value in a dataset (dataset.h), for
 * the indicator or donnée it measures. Every row is either used or a located
 * error: unknown contract or indicator, period outside the contract,
 * unreadable value, duplicate row, a number that reads two ways under the
 * file's conventions (below). Nothing is skipped silently; a row whose fields
 * are all empty (";;;") is a blank line.
 */
#ifndef CB_MEASURES_H
#define CB_MEASURES_H

#include <stdbool.h>
#include <stddef.h>

#include <gmp.h>

#include "ast.h"
#include "num.h"

struct cb_dataset;
struct cb_file;
struct cb_measure;
struct cb_node;
struct cb_program;
struct cb_source;
struct cb_diags;

/* What a number without '%' means for an indicator measured in %. */
enum cb_percent_bare {
  CB_PERCENT_UNSET,    /* not declared: 0 < |x| <= 1 is refused (E0312) */
  CB_PERCENT_FRACTION, /* a spreadsheet fraction: 0,2 is 20 % */
  CB_PERCENT_POURCENT, /* already in %: 0,2 is 0,2 % */
};

/* The conventions of a measures file, declared on the command line
   (--decimale, --pourcentages) or by the file's '#' lines before its header
   ("# decimale=virgule pourcentages=fraction"). */
struct cb_measures_conv {
  enum cb_decimal decimal; /* CB_DECIMAL_EITHER: not declared */
  enum cb_percent_bare percent;
};

/* The words of the conventions (accents and case ignored): "virgule" or ","
   and "point" or "."; "fraction" and "pourcent". False for anything else. */
bool cb_measures_decimal_word(const char *w, enum cb_decimal *out);
bool cb_measures_percent_word(const char *w, enum cb_percent_bare *out);

/* Validates a measured value for node n (unit, oui/non, étape) and fills m;
   scratch receives the normalised number. Reports and returns false when
   the value does not fit the node. */
bool cb_measure_check(struct cb_diags *d, const struct cb_node *n, enum cb_mval_kind kind,
                      const struct cb_value *v, const char *label, struct cb_loc loc,
                      struct cb_measure *m, mpq_t scratch);

/* Records the measures of one `mesures` block t (CB_TOP_MESURES) in ds, for
   the contracts of prog in force in its period only. */
void cb_measures_attach_block(struct cb_program *prog, struct cb_dataset *ds, struct cb_diags *d,
                              const struct cb_top *t);
/* The same for every `mesures` block of the files. */
void cb_measures_attach_blocks(struct cb_program *prog, struct cb_dataset *ds, struct cb_diags *d,
                               struct cb_file **files, size_t nfiles);

/* Records the rows of src in ds for the contracts of p; returns the number
   of values recorded. conv: the command line's
   conventions (NULL: none declared); a file may add to them, not contradict
   them (E0313). */
size_t cb_measures_load_csv(struct cb_program *p, struct cb_dataset *ds,
                            const struct cb_source *src, const struct cb_measures_conv *conv,
                            struct cb_diags *d);

#endif
