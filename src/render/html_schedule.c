/*
 * html_schedule.c: the HTML payment schedule (html_schedule.h). Its words
 * and figures are those of the text form, from the same printers
 * (schedule_report.h: header lines, cells, total, computations); the
 * timeline is drawn from the schedule's dates and running totals. One
 * section (a printed page) per contract.
 */
#include "html_schedule.h"

#include "buf.h"
#include "chart.h"
#include "date.h"
#include "html.h"
#include "schedule_report.h"

/* Each line of text (ending in '\n') as a <p>. */
static void paragraphs(struct cb_buf *out, const char *d, size_t n) {
  size_t from = 0;
  for (size_t i = 0; i < n; i++) {
    if (d[i] != '\n')
      continue;
    cb_buf_puts(out, "<p>");
    cb_html_escn(out, d + from, i - from);
    cb_buf_puts(out, "</p>\n");
    from = i + 1;
  }
}

static const bool numeric[CB_SCOL_N] = {false, false, false, false, true,
                                        true,  true,  true,  true};

static void table(struct cb_buf *out, const struct cb_schedule *s) {
  char **cells = cb_schedule_cells(s);
  cb_buf_puts(out, "<table class=\"versements\">\n<caption>Versements du contrat ");
  cb_html_esc(out, s->contract->id);
  cb_buf_puts(out, "</caption>\n<thead><tr>");
  for (int c = 0; c < CB_SCOL_N; c++) {
    cb_buf_puts(out, "<th scope=\"col\">");
    cb_html_esc(out, cb_schedule_col_title[c]);
    cb_buf_puts(out, "</th>");
  }
  cb_buf_puts(out, "</tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < s->nlines; i++) {
    char **row = cells + i * CB_SCOL_N;
    cb_buf_puts(out, s->lines[i].amount ? "<tr>" : "<tr class=\"indetermine\">");
    for (int c = 0; c < CB_SCOL_N; c++) {
      const char *v = row[c] ? row[c] : "—";
      if (c == CB_SCOL_DATE) {
        cb_buf_puts(out, "<th scope=\"row\"><time datetime=\"");
        cb_date_fmt_iso(out, s->lines[i].date);
        cb_buf_puts(out, "\">");
        cb_html_esc(out, v);
        cb_buf_puts(out, "</time></th>");
        continue;
      }
      cb_buf_puts(out, numeric[c] ? "<td class=\"n\">" : "<td>");
      cb_html_esc(out, v);
      cb_buf_puts(out, "</td>");
    }
    cb_buf_puts(out, "</tr>\n");
  }
  cb_buf_puts(out, "</tbody>\n</table>\n");
  cb_schedule_cells_free(s, cells);
}

static void computations(struct cb_buf *out, const struct cb_schedule *s,
                         const struct cb_sources *srcs) {
  struct cb_buf t = CB_BUF_INIT;
  cb_buf_puts(out, "<h3>Calcul de chaque montant</h3>\n<ol class=\"etapes\">\n");
  for (size_t i = 0; i < s->nlines; i++) {
    const struct cb_pay_line *l = &s->lines[i];
    cb_buf_clear(&t);
    cb_schedule_computation(&t, s, l);
    cb_buf_puts(out, l->amount ? "<li>" : "<li class=\"indetermine\">");
    cb_html_escn(out, t.data, t.len);
    cb_buf_puts(out, " [règle ");
    if (l->rule_loc.src)
      cb_html_loc(out, srcs, l->rule_loc);
    else
      cb_buf_puts(out, "par défaut");
    if (l->amount_loc.src) {
      cb_buf_puts(out, ", montant ");
      cb_html_loc(out, srcs, l->amount_loc);
    }
    cb_buf_puts(out, "]</li>\n");
  }
  cb_buf_puts(out, "</ol>\n");
  cb_buf_free(&t);
}

void cb_html_schedule(struct cb_buf *out, struct cb_schedule **ss, size_t n,
                      const struct cb_date *until, const struct cb_sources *srcs,
                      const struct cb_provenance *pv) {
  struct cb_buf sub = CB_BUF_INIT, t = CB_BUF_INIT;
  for (size_t i = 0; i < n; i++)
    cb_buf_printf(&sub, "%s%s — %s", i ? " ; " : "Contrat ", ss[i]->contract->id,
                  ss[i]->contract->label);
  if (until) {
    cb_buf_puts(&sub, ". Versements dus au ");
    cb_date_fmt(&sub, *until);
    cb_buf_puts(&sub, " inclus");
  }
  cb_html_begin(out, "Échéancier des versements", sub.len ? sub.data : NULL, pv);
  for (size_t i = 0; i < n; i++) {
    const struct cb_schedule *s = ss[i];
    cb_buf_puts(out, "<section class=\"page\">\n<h2>Échéancier du contrat ");
    cb_html_esc(out, s->contract->id);
    cb_buf_puts(out, " — ");
    cb_html_esc(out, s->contract->label);
    cb_buf_puts(out, "</h2>\n");
    cb_buf_clear(&t);
    cb_schedule_header(&t, s->contract);
    /* the first line is the heading above */
    size_t skip = 0;
    while (skip < t.len && t.data[skip] != '\n')
      skip++;
    if (skip < t.len)
      skip++;
    paragraphs(out, t.data + skip, t.len - skip);
    if (!s->nlines) {
      cb_buf_puts(out, "<p>Aucun versement : le contrat ne déclare ni enveloppe de "
                       "fonctionnement, ni enveloppe fixe ou variable.</p>\n</section>\n");
      continue;
    }
    cb_buf_clear(&t);
    cb_schedule_total(&t, s);
    cb_buf_puts(out, "<div class=\"resume\">\n");
    cb_buf_puts(out, "<p class=\"fort\">");
    cb_html_escn(out, t.data, t.len - 1);
    cb_buf_puts(out, "</p>\n");
    if (until) {
      cb_buf_puts(out, "<p>Versements dus au ");
      cb_date_fmt(out, *until);
      cb_buf_puts(out, " inclus.</p>\n");
    }
    cb_buf_puts(out, "</div>\n");
    cb_chart_timeline(out, s, i + 1);
    table(out, s);
    computations(out, s, srcs);
    cb_buf_puts(out, "</section>\n");
  }
  cb_html_end(out, srcs, pv);
  cb_buf_free(&sub);
  cb_buf_free(&t);
}
