/*
 * diag_doc.c: diagnostics written as a JSON document (`cible-diagnostics/1`)
 * or as SARIF 2.1.0 (see diag_doc.h). Owns the translation of a location
 * (1-based line, byte column) into the columns these formats count: Unicode
 * characters, so that « é » is one column whatever its bytes.
 */
#include "diag_doc.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "source.h"

void cb_diag_doc_begin(struct cb_diag_doc *doc, enum cb_diag_form form) {
  memset(doc, 0, sizeof *doc);
  doc->form = form;
  doc->out = (struct cb_buf)CB_BUF_INIT;
  doc->w = (struct cb_jw){&doc->out, 0, true};
  struct cb_jw *w = &doc->w;
  cb_jw_open(w, '{');
  if (form == CB_DIAGS_SARIF) {
    cb_jw_key(w, "version");
    cb_json_str(w->b, "2.1.0");
    cb_jw_key(w, "runs");
    cb_jw_open(w, '[');
    cb_jw_item(w);
    cb_jw_open(w, '{');
    cb_jw_key(w, "columnKind");
    cb_json_str(w->b, "unicodeCodePoints");
    cb_jw_key(w, "results");
  } else {
    cb_jw_key(w, "format");
    cb_json_str(w->b, "cible-diagnostics/1");
    cb_jw_key(w, "diagnostics");
  }
  cb_jw_open(w, '[');
}

/* The column of byte column col (1-based) of loc's line, in characters. */
static int char_col(const struct cb_source *src, int line, int col) {
  if (!src || line < 1 || col < 1)
    return col;
  size_t len;
  const char *text = cb_source_line(src, line, &len);
  if (!text)
    return col;
  size_t b = (size_t)col - 1;
  if (b > len)
    return (int)(cb_utf8_chars(text, len) + (b - len)) + 1;
  return (int)cb_utf8_chars(text, b) + 1;
}

static void int_field(struct cb_jw *w, const char *key, int v) {
  cb_jw_key(w, key);
  cb_buf_printf(w->b, "%d", v);
}

/* JSON: "fichier", "ligne", "colonne", "fin_ligne", "fin_colonne". */
static void json_place(struct cb_jw *w, struct cb_loc loc) {
  cb_jw_key(w, "fichier");
  if (loc.src)
    cb_json_str(w->b, loc.src->name);
  else
    cb_buf_puts(w->b, "null");
  if (!loc.src || loc.line < 1)
    return;
  int_field(w, "ligne", loc.line);
  int_field(w, "colonne", char_col(loc.src, loc.line, loc.col));
  int end_line = loc.end_line >= loc.line ? loc.end_line : loc.line;
  int end_col = loc.end_line >= loc.line && loc.end_col > 0 ? loc.end_col : loc.col + 1;
  int_field(w, "fin_ligne", end_line);
  int_field(w, "fin_colonne", char_col(loc.src, end_line, end_col));
}

/* SARIF: a physicalLocation (and nothing without a file). */
static void sarif_place(struct cb_jw *w, struct cb_loc loc) {
  cb_jw_key(w, "physicalLocation");
  cb_jw_open(w, '{');
  cb_jw_key(w, "artifactLocation");
  cb_jw_open(w, '{');
  cb_jw_key(w, "uri");
  struct cb_buf uri = CB_BUF_INIT;
  /* a relative reference: the characters a URI does not allow, escaped */
  for (const unsigned char *c = (const unsigned char *)loc.src->name; *c; c++)
    if (*c <= 0x20 || *c >= 0x7f || strchr("%#?\"<>\\^`{|}[]", *c))
      cb_buf_printf(&uri, "%%%02X", *c);
    else
      cb_buf_putc(&uri, (char)*c);
  cb_json_str(w->b, cb_buf_str(&uri));
  cb_buf_free(&uri);
  cb_jw_close(w, '}');
  if (loc.line >= 1) {
    cb_jw_key(w, "region");
    cb_jw_open(w, '{');
    int end_line = loc.end_line >= loc.line ? loc.end_line : loc.line;
    int end_col = loc.end_line >= loc.line && loc.end_col > 0 ? loc.end_col : loc.col + 1;
    int_field(w, "startLine", loc.line);
    int_field(w, "startColumn", char_col(loc.src, loc.line, loc.col));
    int_field(w, "endLine", end_line);
    int_field(w, "endColumn", char_col(loc.src, end_line, end_col));
    cb_jw_close(w, '}');
  }
  cb_jw_close(w, '}');
}

static void message(struct cb_jw *w, const char *text) {
  cb_jw_key(w, "message");
  cb_jw_open(w, '{');
  cb_jw_key(w, "text");
  cb_json_str(w->b, text);
  cb_jw_close(w, '}');
}

static void note_code(struct cb_diag_doc *doc, const char *code) {
  for (size_t i = 0; i < doc->ncodes; i++)
    if (strcmp(doc->codes[i], code) == 0)
      return;
  if (doc->ncodes == doc->capcodes) {
    doc->capcodes = doc->capcodes ? 2 * doc->capcodes : 16;
    doc->codes = cb_xrealloc(doc->codes, doc->capcodes * sizeof *doc->codes);
  }
  doc->codes[doc->ncodes++] = cb_xstrndup(code, strlen(code));
}

/* One warning or error g and the notes after it. */
static void add_one(struct cb_diag_doc *doc, const struct cb_diag *g) {
  struct cb_jw *w = &doc->w;
  bool sarif = doc->form == CB_DIAGS_SARIF;
  const char *code = g->code ? g->code : "E0000";
  cb_jw_item(w);
  cb_jw_open(w, '{');
  if (sarif) {
    note_code(doc, code);
    cb_jw_key(w, "ruleId");
    cb_json_str(w->b, code);
    cb_jw_key(w, "level");
    cb_json_str(w->b, g->sev == CB_SEV_ERROR ? "error" : "warning");
    message(w, g->msg);
    if (g->loc.src) {
      cb_jw_key(w, "locations");
      cb_jw_open(w, '[');
      cb_jw_item(w);
      cb_jw_open(w, '{');
      sarif_place(w, g->loc);
      cb_jw_close(w, '}');
      cb_jw_close(w, ']');
    }
  } else {
    cb_jw_key(w, "gravite");
    cb_json_str(w->b, g->sev == CB_SEV_ERROR ? "erreur" : "attention");
    cb_jw_key(w, "code");
    cb_json_str(w->b, code);
    cb_jw_key(w, "message");
    cb_json_str(w->b, g->msg);
    json_place(w, g->loc);
  }
  const struct cb_diag *n = g->next;
  if (n && n->sev == CB_SEV_NOTE) {
    cb_jw_key(w, sarif ? "relatedLocations" : "notes");
    cb_jw_open(w, '[');
    int id = 1;
    for (; n && n->sev == CB_SEV_NOTE; n = n->next) {
      if (sarif && !n->loc.src)
        continue; /* SARIF relates places: a note without one is left to the text form */
      cb_jw_item(w);
      cb_jw_open(w, '{');
      if (sarif) {
        int_field(w, "id", id++);
        sarif_place(w, n->loc);
        message(w, n->msg);
      } else {
        cb_jw_key(w, "message");
        cb_json_str(w->b, n->msg);
        json_place(w, n->loc);
      }
      cb_jw_close(w, '}');
    }
    cb_jw_close(w, ']');
  }
  cb_jw_close(w, '}');
}

void cb_diag_doc_add(struct cb_diag_doc *doc, const struct cb_diags *d) {
  for (const struct cb_diag *g = d->head; g; g = g->next) {
    if (g->sev == CB_SEV_NOTE)
      continue;
    if (g->sev == CB_SEV_ERROR)
      doc->nerrors++;
    else
      doc->nwarnings++;
    add_one(doc, g);
  }
}

void cb_diag_doc_end(struct cb_diag_doc *doc, const char *version) {
  struct cb_jw *w = &doc->w;
  cb_jw_close(w, ']');
  if (doc->form == CB_DIAGS_SARIF) {
    cb_jw_key(w, "tool");
    cb_jw_open(w, '{');
    cb_jw_key(w, "driver");
    cb_jw_open(w, '{');
    cb_jw_key(w, "name");
    cb_json_str(w->b, "cible");
    cb_jw_key(w, "version");
    cb_json_str(w->b, version);
    cb_jw_key(w, "rules");
    cb_jw_open(w, '[');
    for (size_t i = 0; i < doc->ncodes; i++) {
      cb_jw_item(w);
      cb_jw_open(w, '{');
      cb_jw_key(w, "id");
      cb_json_str(w->b, doc->codes[i]);
      struct cb_buf help = CB_BUF_INIT;
      cb_buf_printf(&help, "Voir docs/diagnostics.md, section %s.", doc->codes[i]);
      cb_jw_key(w, "help");
      cb_jw_open(w, '{');
      cb_jw_key(w, "text");
      cb_json_str(w->b, cb_buf_str(&help));
      cb_jw_close(w, '}');
      cb_buf_free(&help);
      cb_jw_close(w, '}');
    }
    cb_jw_close(w, ']');
    cb_jw_close(w, '}');
    cb_jw_close(w, '}');
    cb_jw_close(w, '}');
    cb_jw_close(w, ']');
  } else {
    int_field(w, "erreurs", doc->nerrors);
    int_field(w, "avertissements", doc->nwarnings);
  }
  cb_jw_close(w, '}');
  cb_buf_putc(w->b, '\n');
}

void cb_diag_doc_free(struct cb_diag_doc *doc) {
  for (size_t i = 0; i < doc->ncodes; i++)
    free(doc->codes[i]);
  free(doc->codes);
  cb_buf_free(&doc->out);
}
