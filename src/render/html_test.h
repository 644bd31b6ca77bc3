/*
 * html_test.h: the HTML page of `cible test --format html`: the exemple
 * blocks with, for each `attendu`, passed or failed, the figure expected and
 * the figure obtained, and the counts.
 */
#ifndef CB_HTML_TEST_H
#define CB_HTML_TEST_H

#include <stddef.h>

#include "source.h"

struct cb_buf;
struct cb_provenance;

/* text[0..n): the lines cb_exemple_run wrote (exemple.h), shown as they
   are, one table per block; passed and failed: its counts. */
void cb_html_test(struct cb_buf *out, const char *text, size_t n, int passed, int failed,
                  const struct cb_sources *srcs, const struct cb_provenance *pv);

#endif
