/*
 * table.c: aligned text tables (table.h).
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void print(struct cb_buf *out, const struct cb_table_spec *spec, char *const *cells,
                  size_t nrows, bool align_titles) {
  int nc = spec->ncols;
  size_t *width = cb_xmalloc((size_t)nc * sizeof *width);
  bool *used = cb_xmalloc((size_t)nc * sizeof *used);
  for (int c = 0; c < nc; c++) {
    width[c] = cb_utf8_width(spec->titles[c], strlen(spec->titles[c]));
    used[c] = !spec->drop_empty || c == spec->keep;
  }
  for (size_t i = 0; i < nrows; i++)
    for (int c = 0; c < nc; c++) {
      const char *s = cells[i * (size_t)nc + (size_t)c];
      if (!s || !*s)
        continue;
      used[c] = true;
      size_t w = cb_utf8_width(s, strlen(s));
      if (w > width[c])
        width[c] = w;
    }
  for (size_t i = 0; i <= nrows; i++) {
    struct cb_buf line = CB_BUF_INIT;
    bool first = true;
    for (int c = 0; c < nc; c++) {
      if (!used[c])
        continue;
      const char *s = i == 0 ? spec->titles[c] : cells[(i - 1) * (size_t)nc + (size_t)c];
      if (!s || !*s)
        s = c == spec->blank ? "" : "—";
      size_t w = cb_utf8_width(s, strlen(s));
      size_t pad = width[c] > w ? width[c] - w : 0;
      if (!first)
        cb_buf_puts(&line, "  ");
      first = false;
      if (spec->right[c] && (i > 0 || align_titles)) {
        cb_buf_pad(&line, pad);
        cb_buf_puts(&line, s);
      } else {
        cb_buf_puts(&line, s);
        cb_buf_pad(&line, pad);
      }
    }
    while (line.len && line.data[line.len - 1] == ' ')
      line.data[--line.len] = '\0';
    cb_buf_puts(out, cb_buf_str(&line));
    cb_buf_putc(out, '\n');
    cb_buf_free(&line);
  }
  free(width);
  free(used);
}

void cb_table_print(struct cb_buf *out, const struct cb_table_spec *spec, char *const *cells,
                    size_t nrows) {
  print(out, spec, cells, nrows, false);
}

void cb_table_print_aligned(struct cb_buf *out, const struct cb_table_spec *spec,
                            char *const *cells, size_t nrows) {
  print(out, spec, cells, nrows, true);
}
