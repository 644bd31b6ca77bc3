/*
 * html_eval.c: the HTML relevé of an evaluation (html_eval.h). Every figure
 * is one the text report prints, taken from the same printers: the cells of
 * its table (cb_report_table_build), its summary lines (cb_report_summary),
 * the sentences of the explanation (cb_step_text). Per period: a section
 * (a new printed page) with the summary, the table, then every element of
 * the table with its figures, its barème drawn (chart.h) and its steps,
 * each linked to the line of the contract it applies.
 */
#include "html_eval.h"

#include <string.h>

#include "buf.h"
#include "chart.h"
#include "html.h"
#include "report.h"
#include "trace.h"

void cb_html_eval_begin(struct cb_html_eval *h, struct cb_buf *out,
                        const struct cb_sources *srcs, const char *subtitle,
                        const struct cb_provenance *pv) {
  h->out = out;
  h->srcs = srcs;
  h->uid = 0;
  cb_html_begin(out, "Relevé d'évaluation", subtitle, pv);
}

void cb_html_eval_end(struct cb_html_eval *h, const struct cb_provenance *pv) {
  cb_html_end(h->out, h->srcs, pv);
}

static const char *kind_word(const struct cb_node *n) {
  return n->kind == CB_NODE_INDICATOR ? "indicateur"
         : n->kind == CB_NODE_DONNEE  ? "donnée"
         : n->kind == CB_NODE_CONTRACT ? "contrat"
                                       : n->word;
}

/* An id for the element's block: "p<period index>-<id>". */
static void elem_anchor(struct cb_buf *out, const struct cb_period_eval *pe,
                        const struct cb_node *n) {
  cb_buf_printf(out, "p%d-", pe->period->index);
  cb_html_esc(out, n->id);
}

static void summary(struct cb_html_eval *h, const struct cb_period_eval *pe) {
  struct cb_buf *out = h->out;
  struct cb_buf s = CB_BUF_INIT;
  cb_report_summary(&s, pe->contract, pe);
  cb_buf_puts(out, "<div class=\"resume\" role=\"region\" aria-label=\"Résumé\">\n");
  size_t from = 0;
  for (size_t i = 0; i < s.len; i++) {
    if (s.data[i] != '\n')
      continue;
    cb_buf_puts(out, from == 0 ? "<p class=\"fort\">" : "<p>");
    cb_html_escn(out, s.data + from, i - from);
    cb_buf_puts(out, "</p>\n");
    from = i + 1;
  }
  cb_buf_puts(out, "</div>\n");
  cb_buf_free(&s);
}

static const bool numeric[CB_RCOL_N] = {false, true, true, true, true, true,
                                        true,  true, true, true, false};

static void table(struct cb_html_eval *h, const struct cb_period_eval *pe,
                  const struct cb_report_table *t) {
  struct cb_buf *out = h->out;
  bool used[CB_RCOL_N];
  for (int c = 0; c < CB_RCOL_N; c++) {
    used[c] = c == CB_RCOL_ID;
    for (size_t r = 0; r < t->nrows && !used[c]; r++)
      used[c] = t->cells[r * CB_RCOL_N + c] != NULL;
  }
  cb_buf_puts(out, "<table class=\"resultats\">\n<caption>Résultats par élément, ");
  cb_html_esc(out, pe->period->name);
  cb_buf_puts(out, "</caption>\n<thead><tr>");
  for (int c = 0; c < CB_RCOL_N; c++)
    if (used[c]) {
      cb_buf_puts(out, "<th scope=\"col\">");
      cb_html_esc(out, cb_report_col_title[c]);
      cb_buf_puts(out, "</th>");
    }
  cb_buf_puts(out, "</tr></thead>\n<tbody>\n");
  for (size_t r = 0; r < t->nrows; r++) {
    const struct cb_node *n = t->res[r]->node;
    char **row = t->cells + r * CB_RCOL_N;
    cb_buf_puts(out, n->kind == CB_NODE_CONTRACT ? "<tr class=\"contrat\">"
                     : n->kind == CB_NODE_GROUP  ? "<tr class=\"groupe\">"
                                                 : "<tr>");
    int d = t->depth[r] > 4 ? 4 : t->depth[r];
    cb_buf_puts(out, "<th scope=\"row\"");
    if (d)
      cb_buf_printf(out, " class=\"d%d\"", d);
    cb_buf_puts(out, "><a href=\"#");
    elem_anchor(out, pe, n);
    cb_buf_puts(out, "\">");
    const char *id = row[CB_RCOL_ID];
    while (*id == ' ')
      id++; /* the text's indentation: here a margin */
    cb_html_esc(out, id);
    cb_buf_puts(out, "</a></th>");
    for (int c = 1; c < CB_RCOL_N; c++) {
      if (!used[c])
        continue;
      cb_buf_puts(out, numeric[c] ? "<td class=\"n\">" : "<td>");
      if (row[c])
        cb_html_esc(out, row[c]);
      cb_buf_puts(out, "</td>");
    }
    cb_buf_puts(out, "</tr>\n");
  }
  cb_buf_puts(out, "</tbody>\n</table>\n");
}

/* The barème of an indicator, with what the evaluation read in it (its
   barème steps), when it has one. */
static void bareme(struct cb_html_eval *h, const struct cb_result *r) {
  const struct cb_node *n = r->node;
  if (n->kind != CB_NODE_INDICATOR || !n->bareme)
    return;
  mpq_srcptr x = NULL, pay = NULL;
  const struct cb_mtranche *hit = NULL;
  for (const struct cb_step *s = r->steps; s; s = s->next) {
    if (s->kind == CB_STEP_BAREME_TRANCHE) {
      hit = s->tranche;
      x = s->q[0];
      pay = s->q[1];
    } else if (s->kind == CB_STEP_BAREME_OUTSIDE) {
      x = s->q[0];
    }
  }
  cb_chart_bareme(h->out, n->bareme, n, hit, x, pay, ++h->uid);
}

static void step_list(struct cb_html_eval *h, const struct cb_result *r) {
  struct cb_buf *out = h->out;
  if (!r->steps)
    return;
  struct cb_buf s = CB_BUF_INIT;
  cb_buf_puts(out, "<ol class=\"etapes\">\n");
  for (const struct cb_step *st = r->steps; st; st = st->next) {
    cb_buf_clear(&s);
    cb_step_text(&s, st);
    cb_buf_puts(out, "<li>");
    cb_html_escn(out, s.data ? s.data : "", s.len);
    if (st->loc.src || st->loc2.src) {
      cb_buf_puts(out, " [");
      cb_html_loc(out, h->srcs, st->loc);
      if (st->loc.src && st->loc2.src)
        cb_buf_puts(out, ", ");
      cb_html_loc(out, h->srcs, st->loc2);
      cb_buf_puts(out, "]");
    }
    cb_buf_puts(out, "</li>\n");
  }
  cb_buf_puts(out, "</ol>\n");
  cb_buf_free(&s);
}

static void element(struct cb_html_eval *h, const struct cb_period_eval *pe,
                    const struct cb_report_table *t, size_t row) {
  struct cb_buf *out = h->out;
  const struct cb_result *r = t->res[row];
  const struct cb_node *n = r->node;
  char **cells = t->cells + row * CB_RCOL_N;
  cb_buf_puts(out, "<div class=\"indicateur\" id=\"");
  elem_anchor(out, pe, n);
  cb_buf_puts(out, "\">\n<h4>");
  cb_html_esc(out, kind_word(n));
  cb_buf_puts(out, " ");
  cb_html_esc(out, n->id);
  if (n->label) {
    cb_buf_puts(out, " « ");
    cb_html_esc(out, n->label);
    cb_buf_puts(out, " »");
  }
  cb_buf_puts(out, "</h4>\n");
  if (n->loc.src) {
    cb_buf_puts(out, "<p>Déclaré en ");
    cb_html_loc(out, h->srcs, n->loc);
    cb_buf_puts(out, ".</p>\n");
  }
  cb_buf_puts(out, "<dl class=\"chiffres\">\n");
  for (int c = 1; c < CB_RCOL_N; c++) {
    if (!cells[c] || !cells[c][0])
      continue;
    cb_buf_puts(out, "<dt>");
    cb_html_esc(out, cb_report_col_title[c]);
    cb_buf_puts(out, "</dt><dd>");
    cb_html_esc(out, cells[c]);
    cb_buf_puts(out, "</dd>\n");
  }
  cb_buf_puts(out, "</dl>\n");
  bareme(h, r);
  step_list(h, r);
  if (r->status != CB_RES_OK && r->status != CB_RES_VALUE && r->reason) {
    cb_buf_puts(out, "<p class=\"indetermine\">⇒ ");
    cb_html_esc(out, r->reason);
    cb_buf_puts(out, "</p>\n");
  }
  cb_buf_puts(out, "</div>\n");
}

void cb_html_eval_contract(struct cb_html_eval *h, const struct cb_evaluation *ev,
                           const char *scenario) {
  struct cb_buf *out = h->out;
  const struct cb_contract *c = ev->contract;
  struct cb_buf title = CB_BUF_INIT;
  cb_buf_printf(&title, "Contrat %s — %s", c->id, c->label);
  if (scenario)
    cb_buf_printf(&title, " (scénario %s)", scenario);
  if (!ev->nperiods) {
    cb_buf_puts(out, "<section class=\"page\">\n<h2>");
    cb_html_escn(out, title.data, title.len);
    cb_buf_puts(out, "</h2>\n<p>Aucune période à évaluer : ni objectif ni mesure.</p>\n"
                     "</section>\n");
  }
  for (size_t i = 0; i < ev->nperiods; i++) {
    const struct cb_period_eval *pe = &ev->periods[i];
    struct cb_buf pt = CB_BUF_INIT;
    cb_report_period_title(&pt, pe->period);
    if (pt.len && pt.data[pt.len - 1] == '\n')
      pt.len--;
    cb_buf_puts(out, "<section class=\"page\">\n<h2>");
    cb_html_escn(out, title.data, title.len);
    cb_buf_puts(out, "</h2>\n<p class=\"sous-titre\">");
    cb_html_escn(out, pt.data, pt.len);
    cb_buf_puts(out, "</p>\n");
    cb_buf_free(&pt);
    summary(h, pe);
    struct cb_report_table t;
    cb_report_table_build(&t, pe->root);
    table(h, pe, &t);
    cb_buf_puts(out, "<h3>Détail et calcul de chaque élément</h3>\n");
    for (size_t r = 0; r < t.nrows; r++)
      element(h, pe, &t, r);
    cb_report_table_free(&t);
    cb_buf_puts(out, "</section>\n");
  }
  cb_buf_free(&title);
}
