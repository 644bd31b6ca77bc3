/*
 * html_test.c: the HTML page of the exemple results (html_test.h). It lays
 * out the lines the exemple runner wrote (exemple.c), without computing or
 * rewording anything: a line at the margin opens a block ("f.cible:12:
 * exemple « … » (contrat t)"), its file:line linked to the embedded
 * contract; each indented line is a row, its mark (réussi, ÉCHEC) in the
 * first column and, when it reads "ID P, quoi : attendu X, calculé Y",
 * the element, the figure expected and the one obtained in their own
 * columns, else the sentence whole.
 */
#include "html_test.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"

/* The first occurrence of needle in s[0..n), or NULL. */
static const char *find(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp(s + i, needle, k) == 0)
      return s + i;
  return NULL;
}

/* "f.cible:12: …": a link to that line when f is a source of srcs. */
static void block_title(struct cb_buf *out, const char *s, size_t n,
                        const struct cb_sources *srcs) {
  const char *sep = find(s, n, ": exemple ");
  const char *colon = NULL;
  for (const char *p = s; sep && p < sep; p++)
    if (*p == ':')
      colon = p;
  struct cb_loc loc = {0};
  if (colon) {
    for (const struct cb_source *src = srcs ? srcs->head : NULL; src; src = src->next)
      if (strlen(src->name) == (size_t)(colon - s) && memcmp(src->name, s, (size_t)(colon - s)) == 0)
        loc.src = src;
    loc.line = atoi(colon + 1);
  }
  cb_buf_puts(out, "<h3>");
  if (loc.src && loc.line > 0) {
    cb_html_loc(out, srcs, loc);
    cb_html_escn(out, sep, n - (size_t)(sep - s));
  } else {
    cb_html_escn(out, s, n);
  }
  cb_buf_puts(out, "</h3>\n");
}

static void open_table(struct cb_buf *out) {
  cb_buf_puts(out, "<table class=\"exemples\">\n<thead><tr><th scope=\"col\">résultat</th>"
                   "<th scope=\"col\">chiffre</th><th scope=\"col\">attendu</th>"
                   "<th scope=\"col\">calculé</th></tr></thead>\n<tbody>\n");
}

static void row(struct cb_buf *out, const char *s, size_t n) {
  while (n && *s == ' ')
    s++, n--;
  size_t mark = 0;
  while (mark < n && s[mark] != ' ')
    mark++;
  const char *rest = s + mark;
  size_t rn = n - mark;
  while (rn && *rest == ' ')
    rest++, rn--;
  bool ok = mark == strlen("réussi") && memcmp(s, "réussi", mark) == 0;
  cb_buf_puts(out, ok ? "<tr>" : "<tr class=\"echec\">");
  cb_buf_puts(out, ok ? "<td>" : "<td><strong>");
  cb_html_escn(out, s, mark);
  cb_buf_puts(out, ok ? "</td>" : "</strong></td>");
  const char *att = find(rest, rn, " : attendu ");
  const char *cal = att ? find(att, rn - (size_t)(att - rest), ", calculé ") : NULL;
  if (cal) {
    const char *e = att + strlen(" : attendu ");
    const char *g = cal + strlen(", calculé ");
    cb_buf_puts(out, "<th scope=\"row\">");
    cb_html_escn(out, rest, (size_t)(att - rest));
    cb_buf_puts(out, "</th><td class=\"n\">");
    cb_html_escn(out, e, (size_t)(cal - e));
    cb_buf_puts(out, "</td><td class=\"n\">");
    cb_html_escn(out, g, rn - (size_t)(g - rest));
    cb_buf_puts(out, "</td>");
  } else {
    cb_buf_puts(out, "<td colspan=\"3\">");
    cb_html_escn(out, rest, rn);
    cb_buf_puts(out, "</td>");
  }
  cb_buf_puts(out, "</tr>\n");
}

void cb_html_test(struct cb_buf *out, const char *text, size_t n, int passed, int failed,
                  const struct cb_sources *srcs, const struct cb_provenance *pv) {
  struct cb_buf sub = CB_BUF_INIT;
  cb_buf_printf(&sub, "%d réussi%s, %d en échec", passed, passed > 1 ? "s" : "", failed);
  cb_html_begin(out, "Résultats des exemples", sub.data, pv);
  cb_buf_puts(out, "<section>\n<div class=\"resume\"><p class=\"fort\">");
  cb_html_escn(out, sub.data, sub.len);
  cb_buf_printf(out, "</p><p>%s</p></div>\n",
                failed ? "Des chiffres attendus ne sont pas ceux que le contrat donne."
                       : passed ? "Chaque chiffre attendu est celui que le contrat donne."
                                : "Aucun exemple dans les fichiers donnés.");
  bool open = false;
  size_t from = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && text[i] != '\n')
      continue;
    const char *l = text + from;
    size_t len = i - from;
    from = i + 1;
    if (!len)
      continue;
    if (l[0] != ' ') {
      if (open)
        cb_buf_puts(out, "</tbody>\n</table>\n");
      open = false;
      block_title(out, l, len, srcs);
    } else {
      if (!open)
        open_table(out);
      open = true;
      row(out, l, len);
    }
  }
  if (open)
    cb_buf_puts(out, "</tbody>\n</table>\n");
  cb_buf_puts(out, "</section>\n");
  cb_html_end(out, srcs, pv);
  cb_buf_free(&sub);
}
