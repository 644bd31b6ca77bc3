/*
 * html.c: the page every HTML report is written in (html.h): escaping, the
 * inline style sheet (screen and print: A4 pages, a break before each
 * section, tables that keep their header row on every page, charts drawn in
 * black and greys with patterns so that they survive a grey-scale print),
 * the header with the date and the SHA-256 of the inputs, the inputs'
 * text with an anchor per line (id "sN-LM": source N of the set, line M)
 * and the provenance block at the very end, where `cible verifie` looks for
 * it. The page needs no script and names no external resource.
 */
#include "html.h"

#include <string.h>

#include "buf.h"
#include "provenance.h"

void cb_html_escn(struct cb_buf *out, const char *s, size_t n) {
  size_t from = 0;
  for (size_t i = 0; i < n; i++) {
    const char *e = NULL;
    switch (s[i]) {
    case '&':
      e = "&amp;";
      break;
    case '<':
      e = "&lt;";
      break;
    case '>':
      e = "&gt;";
      break;
    case '"':
      e = "&quot;";
      break;
    case '\'':
      e = "&#39;";
      break;
    default:
      continue;
    }
    cb_buf_add(out, s + from, i - from);
    cb_buf_puts(out, e);
    from = i + 1;
  }
  cb_buf_add(out, s + from, n - from);
}

void cb_html_esc(struct cb_buf *out, const char *s) { cb_html_escn(out, s, strlen(s)); }

static const char css[] =
    ":root{--ink:#111;--grey:#555;--light:#eee;--rule:#999}\n"
    "body{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:var(--ink);"
    "background:#fff;margin:2em auto;max-width:72em;padding:0 1em;line-height:1.35}\n"
    "header{border-bottom:3px solid var(--ink);margin-bottom:1em}\n"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;border-bottom:1px solid var(--rule);"
    "margin-top:1.6em}h3{font-size:1.05em;margin:1.2em 0 .4em}\n"
    ".sous-titre{font-size:1.1em;margin:.2em 0}.meta{color:var(--grey);font-size:.9em}\n"
    "table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}\n"
    "caption{text-align:left;font-weight:bold;padding:.3em 0}\n"
    "th,td{border:1px solid var(--rule);padding:.25em .5em;vertical-align:top}\n"
    "thead th{background:var(--light);border-bottom:2px solid var(--ink)}\n"
    "th[scope=row]{text-align:left;font-weight:normal}\n"
    "td.n{text-align:right;white-space:nowrap}\n"
    "tr.groupe th,tr.groupe td{font-weight:bold;background:#f6f6f6}\n"
    "tr.contrat th,tr.contrat td{font-weight:bold;border-top:2px solid var(--ink)}\n"
    ".d1{padding-left:1.2em}.d2{padding-left:2.4em}.d3{padding-left:3.6em}.d4{padding-left:4.8em}\n"
    ".resume{border:2px solid var(--ink);padding:.5em 1em;margin:.8em 0}\n"
    ".resume p{margin:.2em 0}.resume .fort{font-size:1.15em;font-weight:bold}\n"
    ".indetermine{font-style:italic}\n"
    ".indicateur{break-inside:avoid;border-left:4px solid var(--rule);padding-left:.8em;"
    "margin:1em 0}\n"
    "dl.chiffres{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.4em 0}\n"
    "dl.chiffres dt{color:var(--grey)}dl.chiffres dd{margin:0}\n"
    "ol.etapes{font-size:.9em;margin:.4em 0}ol.etapes li{margin:.15em 0}\n"
    "a{color:var(--ink)}a.src{color:var(--grey);font-size:.85em}\n"
    "svg{max-width:100%;height:auto}svg text{font-family:inherit}\n"
    "pre.source{font-size:.8em;border:1px solid var(--rule);padding:.5em;overflow-x:auto}\n"
    "pre.source .l:target{background:#ddd;outline:1px solid var(--ink)}\n"
    "pre.source .n{display:inline-block;min-width:3.5em;color:var(--grey);text-decoration:none}\n"
    "pre.provenance{font-size:.8em;white-space:pre-wrap;border-top:3px solid var(--ink);"
    "padding-top:.5em}\n"
    "table.fichiers td{font-family:monospace;font-size:.85em;word-break:break-all}\n"
    "@page{size:A4;margin:15mm 12mm}\n"
    "@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}"
    "section.page{break-before:page}thead{display:table-header-group}"
    "tr,.resume,figure{break-inside:avoid}a{text-decoration:none}"
    "pre.source{white-space:pre-wrap;overflow:visible}}\n";

void cb_html_begin(struct cb_buf *out, const char *title, const char *subtitle,
                   const struct cb_provenance *pv) {
  cb_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                   "<meta name=\"generator\" content=\"cible\"/>\n<title>");
  cb_html_esc(out, title);
  cb_buf_puts(out, "</title>\n<style>\n");
  cb_buf_puts(out, css);
  cb_buf_puts(out, "</style>\n</head>\n<body>\n<header>\n<h1>");
  cb_html_esc(out, title);
  cb_buf_puts(out, "</h1>\n");
  if (subtitle) {
    cb_buf_puts(out, "<p class=\"sous-titre\">");
    cb_html_esc(out, subtitle);
    cb_buf_puts(out, "</p>\n");
  }
  if (pv) {
    cb_buf_puts(out, "<p class=\"meta\">Établi le <time datetime=\"");
    cb_html_esc(out, pv->date);
    cb_buf_puts(out, "\">");
    cb_html_esc(out, pv->date);
    cb_buf_puts(out, "</time> par cible ");
    cb_html_esc(out, pv->version);
    cb_buf_puts(out, ". Commande : <code>");
    struct cb_buf cmd = CB_BUF_INIT;
    cb_provenance_command(&cmd, pv);
    cb_html_escn(out, cmd.data ? cmd.data : "", cmd.len);
    cb_buf_free(&cmd);
    cb_buf_puts(out, "</code></p>\n");
    if (pv->nfiles) {
      cb_buf_puts(out, "<table class=\"fichiers\">\n<caption>Fichiers lus</caption>\n"
                       "<thead><tr><th scope=\"col\">fichier</th>"
                       "<th scope=\"col\">empreinte SHA-256</th></tr></thead>\n<tbody>\n");
      for (size_t i = 0; i < pv->nfiles; i++) {
        cb_buf_puts(out, "<tr><th scope=\"row\">");
        cb_html_esc(out, pv->files[i].name);
        cb_buf_puts(out, "</th><td>");
        cb_buf_puts(out, pv->files[i].sha256);
        cb_buf_puts(out, "</td></tr>\n");
      }
      cb_buf_puts(out, "</tbody>\n</table>\n");
    }
  }
  cb_buf_puts(out, "</header>\n<main>\n");
}

/* The position of src in srcs, from 1; 0 when it is not there. */
static size_t source_index(const struct cb_sources *srcs, const struct cb_source *src) {
  size_t i = 1;
  for (const struct cb_source *s = srcs ? srcs->head : NULL; s; s = s->next, i++)
    if (s == src)
      return i;
  return 0;
}

static const char *source_name(const struct cb_source *s) {
  return s->import ? s->import : s->name;
}

void cb_html_loc(struct cb_buf *out, const struct cb_sources *srcs, struct cb_loc loc) {
  if (!loc.src)
    return;
  size_t k = source_index(srcs, loc.src);
  if (k)
    cb_buf_printf(out, "<a class=\"src\" href=\"#s%zu-L%d\">", k, loc.line);
  cb_html_esc(out, loc.src->name);
  cb_buf_printf(out, ":%d", loc.line);
  if (k)
    cb_buf_puts(out, "</a>");
}

static void embed_sources(struct cb_buf *out, const struct cb_sources *srcs) {
  if (!srcs || !srcs->head)
    return;
  cb_buf_puts(out, "<section class=\"page\" id=\"sources\">\n<h2>Texte des fichiers lus</h2>\n"
                   "<p>Les renvois « fichier:ligne » du relevé mènent ici.</p>\n");
  size_t k = 1;
  for (const struct cb_source *s = srcs->head; s; s = s->next, k++) {
    cb_buf_printf(out, "<h3 id=\"s%zu\">", k);
    cb_html_esc(out, source_name(s));
    if (s->import) {
      cb_buf_puts(out, " (");
      cb_html_esc(out, s->name);
      cb_buf_puts(out, ")");
    }
    cb_buf_puts(out, "</h3>\n<pre class=\"source\">");
    for (size_t i = 0; i < s->nlines; i++) {
      size_t from = s->lines[i];
      size_t to = i + 1 < s->nlines ? s->lines[i + 1] : s->len;
      if (i + 1 == s->nlines && from == to)
        break; /* the empty line after the last newline */
      while (to > from && (s->text[to - 1] == '\n' || s->text[to - 1] == '\r'))
        to--;
      cb_buf_printf(out, "<span class=\"l\" id=\"s%zu-L%zu\"><a class=\"n\" href=\"#s%zu-L%zu\">%zu</a>",
                    k, i + 1, k, i + 1, i + 1);
      cb_html_escn(out, s->text + from, to - from);
      cb_buf_puts(out, "</span>\n");
    }
    cb_buf_puts(out, "</pre>\n");
  }
  cb_buf_puts(out, "</section>\n");
}

void cb_html_end(struct cb_buf *out, const struct cb_sources *srcs,
                 const struct cb_provenance *pv) {
  embed_sources(out, srcs);
  cb_buf_puts(out, "</main>\n<footer>\n");
  if (pv) {
    struct cb_buf t = CB_BUF_INIT;
    cb_provenance_text(&t, pv, "");
    cb_buf_puts(out, "<pre class=\"provenance\">");
    cb_html_escn(out, t.data ? t.data : "", t.len);
    cb_buf_puts(out, "</pre>\n");
    cb_buf_free(&t);
  }
  cb_buf_puts(out, "</footer>\n</body>\n</html>\n");
}
