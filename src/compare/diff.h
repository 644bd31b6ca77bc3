/*
 * diff.h: semantic differences between two versions of contracts.
 *
 * `cible diff A -- B`: A and B are each a set of files (a contract, or a
 * contract and its avenants). Contracts are matched by name, elements by
 * id, and each term is compared period by period with the terms in force
 * then: objectives, weights, methods, barèmes, ceilings, envelopes,
 * additions and withdrawals. With measures, both sides are evaluated on
 * the same measures and the amounts paid compared per element and period.
 */
#ifndef CB_DIFF_H
#define CB_DIFF_H

#include <stdbool.h>

struct cb_buf;
struct cb_session;

/* a and b are checked sessions; names describe them ("a.cible + b.cible").
   money: compare the amounts paid on the measures both sessions hold. */
void cb_diff_text(struct cb_buf *out, struct cb_session *a, struct cb_session *b,
                  const char *name_a, const char *name_b, bool money);
/* The same as CSV rows (csv.h): a row `terme` per difference of terms and,
   with money, a row `incidence` per element and period (what A and B pay,
   B - A); columns in docs/formats.md. */
struct cb_csv_out;
void cb_diff_csv(struct cb_csv_out *w, struct cb_session *a, struct cb_session *b,
                 bool with_money);
struct cb_provenance;
/* pv (may be NULL): the document's "provenance" key. */
void cb_diff_json(struct cb_buf *out, struct cb_session *a, struct cb_session *b,
                  const char *name_a, const char *name_b, bool money,
                  const struct cb_provenance *pv);

/* The same as an HTML page (html.h): per contract, the changed terms side
   by side and, with money, what A and B pay each element per period. */
void cb_diff_html(struct cb_buf *out, struct cb_session *a, struct cb_session *b,
                  const char *name_a, const char *name_b, bool money,
                  const struct cb_provenance *pv);

#endif
