/*
 * xlsx_read.c: a measures sheet read from an xlsx workbook (xlsx_read.h).
 *
 * An xlsx file is a zip archive of XML parts: xl/workbook.xml lists the
 * sheets, xl/_rels/workbook.xml.rels says which part holds each,
 * xl/sharedStrings.xml holds the texts that cells point to by number,
 * xl/styles.xml the number formats (a percentage is a number shown ×100).
 * libzip opens the archive from the bytes read once (whose SHA-256, taken
 * here with nettle, is the file's provenance), libxml2's streaming reader
 * walks each part (no network, no entity substitution), so memory is that
 * of the parts and of the CSV text built. Every part is limited in size,
 * and a sheet to Excel's own bounds, so a hostile archive is refused
 * rather than unpacked without end. What this module does not know (a
 * chart, a pivot table, several sheets) it does not read: only the cells
 * of one sheet, as the spreadsheet stored them.
 */
#include "xlsx_read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "buf.h"
#include "csv.h"
#include "diag.h"
#include "sysio.h"

/* Largest XML part read, uncompressed (a sheet of a million rows of
   measures is about 100 MiB). */
#define PART_MAX ((zip_uint64_t)256 * 1024 * 1024)
/* Excel's bounds: column XFD, row 1 048 576. */
#define MAX_COL 16384
#define MAX_ROW 1048576
/* Significant digits of a number cell (Excel keeps and shows 15). */
#define SIGNIFICANT 15

bool cb_xlsx_is_zip(const unsigned char *head, size_t n) {
  return n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
}

bool cb_xlsx_is_xls(const unsigned char *head, size_t n) {
  static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  return n >= 8 && memcmp(head, ole, 8) == 0;
}

/* ---- the archive ------------------------------------------------------------ */

struct book {
  const char *path;
  zip_t *zip;                       /* the archive, or NULL: */
  const struct cb_xlsx_part *parts; /* the parts given in memory */
  size_t nparts;
  const char *want; /* the sheet read ("Mesures") */
  bool only;        /* no other: not the first sheet instead */
  struct cb_buf why; /* the first reason the workbook is refused */
  char **strings;    /* the shared strings */
  size_t nstrings, capstrings;
  unsigned char *percent; /* per cell style (xf): shown as a percentage */
  size_t nxf;
};

__attribute__((format(printf, 2, 3))) static bool refuse(struct book *b, const char *fmt, ...) {
  if (!b->why.len) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    cb_buf_puts(&b->why, line);
  }
  return false;
}

/* The bytes of part name into out (NUL-terminated); false when absent
   (*absent set) or unreadable (why set). */
static bool part(struct book *b, const char *name, struct cb_buf *out, bool *absent) {
  *absent = false;
  if (!b->zip) {
    for (size_t k = 0; k < b->nparts; k++)
      if (strcmp(b->parts[k].name, name) == 0) {
        if (b->parts[k].len > PART_MAX)
          return refuse(b, "partie « %s » trop grande", name);
        cb_buf_add(out, b->parts[k].data, b->parts[k].len);
        cb_buf_putc(out, '\0');
        out->len--;
        return true;
      }
    *absent = true;
    return false;
  }
  zip_int64_t i = zip_name_locate(b->zip, name, 0);
  if (i < 0)
    i = zip_name_locate(b->zip, name, ZIP_FL_NOCASE);
  if (i < 0) {
    *absent = true;
    return false;
  }
  zip_stat_t st;
  if (zip_stat_index(b->zip, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return refuse(b, "partie « %s » illisible", name);
  if (st.size > PART_MAX)
    return refuse(b, "partie « %s » trop grande (plus de 256 Mio une fois décompressée)", name);
  zip_file_t *f = zip_fopen_index(b->zip, (zip_uint64_t)i, 0);
  if (!f)
    return refuse(b, "partie « %s » illisible", name);
  char chunk[65536];
  zip_int64_t n;
  bool ok = true;
  while ((n = zip_fread(f, chunk, sizeof chunk)) > 0) {
    if (out->len + (size_t)n > PART_MAX) {
      ok = refuse(b, "partie « %s » trop grande (plus de 256 Mio une fois décompressée)", name);
      break;
    }
    cb_buf_add(out, chunk, (size_t)n);
  }
  if (n < 0)
    ok = refuse(b, "partie « %s » illisible (archive endommagée)", name);
  zip_fclose(f);
  cb_buf_putc(out, '\0');
  out->len--;
  return ok;
}

/* ---- XML -------------------------------------------------------------------- */

static xmlTextReaderPtr xml_open(const struct cb_buf *x, const char *name) {
  return xmlReaderForMemory(x->data ? x->data : "", (int)x->len, name, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static bool named(xmlTextReaderPtr r, const char *local) {
  const xmlChar *n = xmlTextReaderConstLocalName(r);
  return n && strcmp((const char *)n, local) == 0;
}

/* The attribute of the current element whose local name is local (any
   prefix: r:id), malloc'd; NULL when absent. */
static char *attr(xmlTextReaderPtr r, const char *local) {
  char *v = NULL;
  if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
    do {
      const xmlChar *n = xmlTextReaderConstLocalName(r);
      if (n && strcmp((const char *)n, local) == 0) {
        const xmlChar *val = xmlTextReaderConstValue(r);
        v = cb_xstrndup(val ? (const char *)val : "", val ? strlen((const char *)val) : 0);
        break;
      }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
  }
  return v;
}

static bool is_text(int type) {
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE;
}

/* ---- xl/workbook.xml and its relationships: which part is the sheet ------------ */

/* The r:id of the sheet b->want (any case), else, unless b->only, of the
   first sheet. */
static char *sheet_rid(struct book *b, const struct cb_buf *x, struct cb_buf *sheet_name) {
  xmlTextReaderPtr r = xml_open(x, "xl/workbook.xml");
  char *first = NULL, *mesures = NULL;
  int rc;
  while (r && (rc = xmlTextReaderRead(r)) == 1) {
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !named(r, "sheet"))
      continue;
    char *name = attr(r, "name"), *id = attr(r, "id");
    if (id && !first) {
      first = cb_xstrndup(id, strlen(id));
      cb_buf_clear(sheet_name);
      cb_buf_puts(sheet_name, name ? name : "");
    }
    if (id && name && !mesures && strcasecmp(name, b->want) == 0) {
      mesures = cb_xstrndup(id, strlen(id));
      cb_buf_clear(sheet_name);
      cb_buf_puts(sheet_name, name);
    }
    free(name);
    free(id);
  }
  bool bad = !r || rc < 0;
  if (r)
    xmlFreeTextReader(r);
  if (bad || (!first && !mesures)) {
    free(first);
    free(mesures);
    refuse(b, "%s", bad ? "xl/workbook.xml n'est pas du XML bien formé" : "le classeur n'a aucune feuille");
    return NULL;
  }
  if (mesures) {
    free(first);
    return mesures;
  }
  if (b->only) {
    free(first);
    refuse(b, "le classeur n'a pas de feuille « %s »", b->want);
    return NULL;
  }
  return first;
}

/* The part of relationship rid: "xl/worksheets/sheet1.xml". */
static char *sheet_part(struct book *b, const struct cb_buf *x, const char *rid) {
  xmlTextReaderPtr r = xml_open(x, "xl/_rels/workbook.xml.rels");
  char *target = NULL;
  int rc;
  while (r && !target && (rc = xmlTextReaderRead(r)) == 1) {
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !named(r, "Relationship"))
      continue;
    char *id = attr(r, "Id");
    if (id && strcmp(id, rid) == 0)
      target = attr(r, "Target");
    free(id);
  }
  if (r)
    xmlFreeTextReader(r);
  if (!target) {
    refuse(b, "%s", "la feuille n'a pas de partie dans xl/_rels/workbook.xml.rels");
    return NULL;
  }
  struct cb_buf p = CB_BUF_INIT;
  if (target[0] == '/')
    cb_buf_puts(&p, target + 1);
  else
    cb_buf_printf(&p, "xl/%s", target);
  free(target);
  return cb_buf_take(&p);
}

/* ---- xl/sharedStrings.xml --------------------------------------------------------- */

static void add_string(struct book *b, struct cb_buf *s) {
  if (b->nstrings == b->capstrings) {
    b->capstrings = b->capstrings ? 2 * b->capstrings : 64;
    b->strings = cb_xrealloc(b->strings, b->capstrings * sizeof *b->strings);
  }
  b->strings[b->nstrings++] = cb_xstrndup(s->data ? s->data : "", s->len);
  cb_buf_clear(s);
}

/* Each <si>: the text of its <t>, or of its runs' <t>, without the
   phonetic guides (<rPh>). */
static bool shared_strings(struct book *b, const struct cb_buf *x) {
  xmlTextReaderPtr r = xml_open(x, "xl/sharedStrings.xml");
  struct cb_buf s = CB_BUF_INIT;
  bool in_si = false, in_t = false;
  int rph = 0, rc;
  while (r && (rc = xmlTextReaderRead(r)) == 1) {
    int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_ELEMENT) {
      bool empty = xmlTextReaderIsEmptyElement(r);
      if (named(r, "si")) {
        in_si = !empty;
        if (empty)
          add_string(b, &s);
      } else if (named(r, "rPh") && !empty) {
        rph++;
      } else if (named(r, "t")) {
        in_t = !empty;
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (named(r, "si") && in_si) {
        add_string(b, &s);
        in_si = false;
      } else if (named(r, "rPh") && rph) {
        rph--;
      } else if (named(r, "t")) {
        in_t = false;
      }
    } else if (in_si && in_t && !rph && is_text(type)) {
      const xmlChar *v = xmlTextReaderConstValue(r);
      if (v)
        cb_buf_puts(&s, (const char *)v);
    }
  }
  bool bad = !r || rc < 0;
  if (r)
    xmlFreeTextReader(r);
  cb_buf_free(&s);
  return bad ? refuse(b, "%s", "xl/sharedStrings.xml n'est pas du XML bien formé") : true;
}

/* ---- xl/styles.xml: which cell styles show a percentage ------------------------- */

/* Whether a number format code shows its number as a percentage: a '%'
   outside quotes and not escaped. */
static bool percent_code(const char *code) {
  bool quoted = false;
  for (const char *p = code; *p; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (*p == '\\' && p[1])
      p++;
    else if (*p == '%' && !quoted)
      return true;
  }
  return false;
}

static bool styles(struct book *b, const struct cb_buf *x) {
  xmlTextReaderPtr r = xml_open(x, "xl/styles.xml");
  /* custom formats id -> percent; built-in 9 (0%) and 10 (0.00%) */
  unsigned char custom[1024] = {0};
  custom[9] = custom[10] = 1;
  size_t cap = 0;
  bool in_xfs = false;
  int rc;
  while (r && (rc = xmlTextReaderRead(r)) == 1) {
    int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_END_ELEMENT && named(r, "cellXfs"))
      in_xfs = false;
    if (type != XML_READER_TYPE_ELEMENT)
      continue;
    if (named(r, "cellXfs")) {
      in_xfs = !xmlTextReaderIsEmptyElement(r);
    } else if (named(r, "numFmt")) {
      char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
      long n = id ? strtol(id, NULL, 10) : -1;
      if (n >= 0 && n < (long)sizeof custom && code)
        custom[n] = percent_code(code);
      free(id);
      free(code);
    } else if (in_xfs && named(r, "xf") && xmlTextReaderDepth(r) == 2) {
      char *id = attr(r, "numFmtId");
      long n = id ? strtol(id, NULL, 10) : 0;
      free(id);
      if (b->nxf == cap) {
        cap = cap ? 2 * cap : 64;
        b->percent = cb_xrealloc(b->percent, cap);
      }
      b->percent[b->nxf++] = n >= 0 && n < (long)sizeof custom && custom[n];
    }
  }
  bool bad = !r || rc < 0;
  if (r)
    xmlFreeTextReader(r);
  return bad ? refuse(b, "%s", "xl/styles.xml n'est pas du XML bien formé") : true;
}

/* ---- cells ---------------------------------------------------------------------- */

/* The stored number v ("1250", "0.35", "1.5E-5") as an exact decimal
   without exponent, times 10^shift, into out. False when v is no number. */
static bool decimal_text(struct cb_buf *out, const char *v, int shift) {
  const char *p = v;
  bool neg = *p == '-';
  if (*p == '-' || *p == '+')
    p++;
  struct cb_buf digits = CB_BUF_INIT;
  long point = -1; /* digits before the decimal point */
  for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
    if (*p == '.') {
      if (point >= 0)
        break;
      point = (long)digits.len;
    } else {
      cb_buf_putc(&digits, *p);
    }
  }
  if (point < 0)
    point = (long)digits.len;
  long exp = 0;
  if ((*p == 'E' || *p == 'e') && digits.len) {
    char *end;
    errno = 0;
    exp = strtol(p + 1, &end, 10);
    if (end == p + 1 || errno || exp > 400 || exp < -400) {
      cb_buf_free(&digits);
      return false;
    }
    p = end;
  }
  if (*p || digits.len == 0) {
    cb_buf_free(&digits);
    return false;
  }
  point += exp + shift;
  /* 15 significant digits, half away from zero: the precision a spreadsheet
     keeps and shows; the digits after (0.76180000000000003) are those of
     the binary number it stores, not of what was typed */
  char *d = digits.data;
  long n = (long)digits.len;
  while (n > 1 && d[0] == '0') {
    memmove(d, d + 1, (size_t)--n);
    point--;
  }
  if (n > SIGNIFICANT) {
    bool up = d[SIGNIFICANT] >= '5';
    n = SIGNIFICANT;
    for (long k = n - 1; up && k >= 0; k--) {
      up = d[k] == '9';
      d[k] = up ? '0' : (char)(d[k] + 1);
    }
    if (up) { /* 999… became 000…: one more digit in front */
      memmove(d + 1, d, (size_t)n);
      d[0] = '1';
      point++;
    }
  }
  /* leading zeros of the integer part and trailing zeros of the fraction */
  long first = 0;
  while (first < n - 1 && first < point - 1 && d[first] == '0')
    first++;
  long last = n;
  while (last > point && last > first + 1 && d[last - 1] == '0')
    last--;
  struct cb_buf s = CB_BUF_INIT;
  if (point <= first) {
    cb_buf_puts(&s, "0.");
    for (long k = point; k < first; k++)
      cb_buf_putc(&s, '0');
    cb_buf_add(&s, d + first, (size_t)(last - first));
  } else {
    for (long k = first; k < point; k++)
      cb_buf_putc(&s, k < n ? d[k] : '0');
    if (last > point) {
      cb_buf_putc(&s, '.');
      cb_buf_add(&s, d + point, (size_t)(last - point));
    }
  }
  /* "0.000" → "0", "-0" → "0" */
  const char *t = cb_buf_str(&s);
  bool zero = strspn(t, "0.") == s.len;
  if (neg && !zero)
    cb_buf_putc(out, '-');
  if (zero)
    cb_buf_puts(out, "0");
  else if (s.data[s.len - 1] == '.')
    cb_buf_add(out, s.data, s.len - 1);
  else
    cb_buf_puts(out, t);
  cb_buf_free(&s);
  cb_buf_free(&digits);
  return true;
}

/* "D5" → column 4 and row 5; false when not a cell reference. */
static bool cell_ref(const char *ref, long *col, long *row) {
  long c = 0, r = 0;
  const char *p = ref;
  for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
    c = c * 26 + ((*p | 0x20) - 'a' + 1);
    if (c > MAX_COL)
      return false;
  }
  for (; *p >= '0' && *p <= '9'; p++) {
    r = r * 10 + (*p - '0');
    if (r > MAX_ROW)
      return false;
  }
  if (*p || c == 0)
    return false;
  *col = c;
  *row = r;
  return true;
}

/* One cell being read: its type and style, and the texts of its <v>, <f>
   and inline <is>. */
struct cell {
  long col;
  char type[16];
  long style;
  struct cb_buf v, f, is;
  bool has_v, has_f;
};

/* The text a cell stands for in the CSV line; empty when the cell is. */
static void cell_text(struct book *b, struct cell *c, struct cb_buf *out) {
  const char *t = c->type;
  const char *v = c->v.data ? c->v.data : "";
  if ((!c->has_v || !c->v.len) && c->has_f && c->f.len) { /* a formula never calculated */
    cb_buf_printf(out, "=%s", c->f.data);
    return;
  }
  if (strcmp(t, "inlineStr") == 0) {
    cb_buf_add(out, c->is.data ? c->is.data : "", c->is.len);
  } else if (strcmp(t, "s") == 0) {
    if (!c->has_v || !c->v.len)
      return; /* no string: an empty cell */
    char *end;
    long i = strtol(v, &end, 10);
    if (end != v && !*end && i >= 0 && (size_t)i < b->nstrings)
      cb_buf_puts(out, b->strings[i]);
    else
      cb_buf_printf(out, "#texte-partagé-%s-absent", v);
  } else if (strcmp(t, "b") == 0) {
    if (c->has_v)
      cb_buf_puts(out, strcmp(v, "1") == 0 ? "oui" : strcmp(v, "0") == 0 ? "non" : v);
  } else if (strcmp(t, "str") == 0 || strcmp(t, "e") == 0 || strcmp(t, "d") == 0) {
    cb_buf_puts(out, v);
  } else if (c->has_v && c->v.len) {
    bool pct = c->style >= 0 && (size_t)c->style < b->nxf && b->percent[c->style];
    if (!cb_xlsx_number_text(out, v, pct))
      cb_buf_puts(out, v);
  }
}

bool cb_xlsx_number_text(struct cb_buf *out, const char *stored, bool percent) {
  size_t at = out->len;
  if (!decimal_text(out, stored, percent ? 2 : 0)) {
    out->len = at;
    if (out->data)
      out->data[at] = '\0';
    return false;
  }
  /* "1.234" would read as 1 234 as well: "1.2340" reads one way only */
  const char *w = out->data + at;
  size_t n = out->len - at, k = *w == '-' ? 1 : 0;
  if (n - k >= 5 && n - k <= 7 && w[k] != '0' && w[n - 4] == '.')
    cb_buf_putc(out, '0');
  if (percent)
    cb_buf_puts(out, " %");
  return true;
}

/* ---- the sheet -------------------------------------------------------------------- */

/* The cells of one row, as texts by column. */
struct row {
  char **text; /* text[col - 1], NULL when empty */
  long cap;
  long last;   /* the last column that is not empty */
  long hi;     /* the last column set: what flushing frees, so that a far
                  column in one row does not cost every later row */
};

static void row_set(struct row *w, long col, struct cb_buf *t) {
  if (col > w->cap) {
    long cap = w->cap ? w->cap : 16;
    while (cap < col)
      cap *= 2;
    w->text = cb_xrealloc(w->text, (size_t)cap * sizeof *w->text);
    memset(w->text + w->cap, 0, (size_t)(cap - w->cap) * sizeof *w->text);
    w->cap = cap;
  }
  /* one line per row: line breaks in a cell become spaces */
  for (size_t i = 0; i < t->len; i++)
    if (t->data[i] == '\n' || t->data[i] == '\r' || t->data[i] == '\t')
      t->data[i] = ' ';
  free(w->text[col - 1]);
  w->text[col - 1] = cb_xstrndup(t->data ? t->data : "", t->len);
  if (t->len && col > w->last)
    w->last = col;
  if (col > w->hi)
    w->hi = col;
}

/* Appends the row as one CSV line of width fields at least. */
static void row_flush(struct row *w, long width, struct cb_buf *csv) {
  long n = w->last > width ? w->last : width;
  if (w->last == 0)
    n = 0; /* an empty row: an empty line */
  for (long k = 0; k < n; k++) {
    if (k)
      cb_buf_putc(csv, ';');
    if (k < w->cap && w->text[k])
      cb_csv_put_field(csv, w->text[k]);
  }
  cb_buf_putc(csv, '\n');
  for (long k = 0; k < w->hi; k++) {
    free(w->text[k]);
    w->text[k] = NULL;
  }
  w->last = w->hi = 0;
}

static bool sheet(struct book *b, const struct cb_buf *x, const char *name, struct cb_buf *csv) {
  xmlTextReaderPtr r = xml_open(x, name);
  struct row w = {0};
  struct cell c = {0};
  struct cb_buf text = CB_BUF_INIT;
  long row = 0, written = 0, width = -1;
  bool in_c = false, in_row = false;
  enum { NONE, IN_V, IN_F, IN_IS_T } in = NONE;
  int rph = 0, rc;
  bool ok = true;
  while (ok && r && (rc = xmlTextReaderRead(r)) == 1) {
    int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_ELEMENT) {
      bool empty = xmlTextReaderIsEmptyElement(r);
      if (named(r, "row")) {
        char *rr = attr(r, "r");
        long n = rr ? strtol(rr, NULL, 10) : row + 1;
        free(rr);
        if (n <= row || n > MAX_ROW) {
          ok = refuse(b, "%s", "lignes de la feuille dans le désordre ou hors des limites d'Excel");
          break;
        }
        row = n;
        in_row = !empty;
        if (empty)
          goto flush;
        c.col = 0;
      } else if (in_row && named(r, "c")) {
        char *ref = attr(r, "r"), *t = attr(r, "t"), *s = attr(r, "s");
        long col = c.col + 1, rrow = row;
        bool good = !ref || (cell_ref(ref, &col, &rrow) && rrow == row && col > c.col);
        snprintf(c.type, sizeof c.type, "%s", t ? t : "n");
        c.style = s ? strtol(s, NULL, 10) : 0;
        free(ref);
        free(t);
        free(s);
        if (!good) {
          ok = refuse(b, "%s", "référence de cellule invalide ou dans le désordre");
          break;
        }
        c.col = col;
        cb_buf_clear(&c.v);
        cb_buf_clear(&c.f);
        cb_buf_clear(&c.is);
        c.has_v = c.has_f = false;
        in_c = !empty;
        if (empty) {
          in_c = false;
          cb_buf_clear(&text);
          cell_text(b, &c, &text);
          row_set(&w, c.col, &text);
        }
      } else if (in_c && named(r, "v")) {
        c.has_v = true;
        in = empty ? NONE : IN_V;
      } else if (in_c && named(r, "f")) {
        c.has_f = true;
        in = empty ? NONE : IN_F;
      } else if (in_c && named(r, "rPh") && !empty) {
        rph++;
      } else if (in_c && named(r, "t") && !empty) {
        in = IN_IS_T;
      }
      continue;
    }
    if (type == XML_READER_TYPE_END_ELEMENT) {
      if (named(r, "v") || named(r, "f") || named(r, "t")) {
        in = NONE;
      } else if (named(r, "rPh") && rph) {
        rph--;
      } else if (in_c && named(r, "c")) {
        in_c = false;
        cb_buf_clear(&text);
        cell_text(b, &c, &text);
        row_set(&w, c.col, &text);
      } else if (in_row && named(r, "row")) {
        in_row = false;
        goto flush;
      }
      continue;
    }
    if (is_text(type) && in != NONE && !rph) {
      const xmlChar *v = xmlTextReaderConstValue(r);
      struct cb_buf *to = in == IN_V ? &c.v : in == IN_F ? &c.f : &c.is;
      if (v)
        cb_buf_puts(to, (const char *)v);
    }
    continue;
  flush:
    /* the empty rows before this one, then this one */
    for (; written < row - 1; written++)
      cb_buf_putc(csv, '\n');
    if (width < 0 && w.last)
      width = w.last; /* the header: the first row that has a cell */
    row_flush(&w, width < 0 ? 0 : width, csv);
    written = row;
    if (csv->len > CB_MAX_FILE_SIZE)
      ok = refuse(b, "%s", "feuille trop grande (plus de 64 Mio une fois écrite en CSV)");
  }
  bool bad = ok && (!r || rc < 0);
  if (r)
    xmlFreeTextReader(r);
  for (long k = 0; k < w.cap; k++)
    free(w.text[k]);
  free(w.text);
  cb_buf_free(&c.v);
  cb_buf_free(&c.f);
  cb_buf_free(&c.is);
  cb_buf_free(&text);
  if (bad)
    return refuse(b, "la feuille (%s) n'est pas du XML bien formé", name);
  return ok;
}

/* ---- the workbook ------------------------------------------------------------------ */

/* The sheet of the archive as CSV into csv; false with b->why set. */
static bool read_book(struct book *b, struct cb_buf *csv) {
  struct cb_buf x = CB_BUF_INIT, name = CB_BUF_INIT;
  bool absent, ok = false;
  char *rid = NULL, *where = NULL;
  if (!part(b, "xl/workbook.xml", &x, &absent)) {
    if (absent) {
      struct cb_buf m = CB_BUF_INIT;
      bool ods = part(b, "mimetype", &m, &absent) &&
                 strstr(cb_buf_str(&m), "opendocument.spreadsheet") != NULL;
      cb_buf_free(&m);
      refuse(b, "%s",
             ods ? "c'est un classeur OpenDocument (.ods) : enregistrez-le au format xlsx "
                   "ou en CSV"
                 : "archive zip sans xl/workbook.xml : ce n'est pas un classeur xlsx");
    }
    goto out;
  }
  if (!(rid = sheet_rid(b, &x, &name)))
    goto out;
  cb_buf_clear(&x);
  if (!part(b, "xl/_rels/workbook.xml.rels", &x, &absent)) {
    if (absent)
      refuse(b, "%s", "xl/_rels/workbook.xml.rels absent : ce n'est pas un classeur xlsx complet");
    goto out;
  }
  if (!(where = sheet_part(b, &x, rid)))
    goto out;
  cb_buf_clear(&x);
  if (part(b, "xl/sharedStrings.xml", &x, &absent)) {
    if (!shared_strings(b, &x))
      goto out;
  } else if (!absent) {
    goto out;
  }
  cb_buf_clear(&x);
  if (part(b, "xl/styles.xml", &x, &absent)) {
    if (!styles(b, &x))
      goto out;
  } else if (!absent) {
    goto out;
  }
  cb_buf_clear(&x);
  if (!part(b, where, &x, &absent)) {
    if (absent)
      refuse(b, "partie « %s » de la feuille absente", where);
    goto out;
  }
  ok = sheet(b, &x, where, csv);
out:
  free(rid);
  free(where);
  cb_buf_free(&x);
  cb_buf_free(&name);
  return ok;
}

/* The source of the CSV text csv when ok, else E0314 with b->why; frees
   what b and csv hold. */
static enum cb_load_status finish(struct book *b, bool ok, struct cb_buf *csv,
                                  struct cb_sources *set, struct cb_diags *d,
                                  struct cb_source **out) {
  enum cb_load_status status = CB_LOAD_INVALID;
  if (ok) {
    status = cb_source_from_string(set, b->path, csv->data ? csv->data : "", csv->len, d, out);
    if (*out)
      (*out)->sheet = true;
  } else {
    struct cb_loc none = {0};
    cb_diag_error(d, none, "E0314", "« %s » n'est pas un classeur xlsx lisible : %s", b->path,
                  cb_buf_str(&b->why));
  }
  for (size_t i = 0; i < b->nstrings; i++)
    free(b->strings[i]);
  free(b->strings);
  free(b->percent);
  cb_buf_free(&b->why);
  cb_buf_free(csv);
  return status;
}

enum cb_load_status cb_xlsx_read(struct cb_sources *set, const char *path, struct cb_diags *d,
                                 struct cb_source **out) {
  return cb_xlsx_read_sheet(set, path, NULL, d, out);
}

enum cb_load_status cb_xlsx_read_sheet(struct cb_sources *set, const char *path,
                                       const char *sheet, struct cb_diags *d,
                                       struct cb_source **out) {
  *out = NULL;
  struct cb_buf bytes = CB_BUF_INIT;
  bool too_big;
  if (!cb_file_read(path, &bytes, &too_big, d))
    return CB_LOAD_IO;
  struct book b = {.path = path, .want = sheet ? sheet : "Mesures", .only = sheet != NULL,
                   .why = CB_BUF_INIT};
  struct cb_buf csv = CB_BUF_INIT;
  bool ok = false;
  if (too_big) {
    refuse(&b, "%s", "fichier de plus de 64 Mio");
  } else {
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *zs = zip_source_buffer_create(bytes.data, bytes.len, 0, &ze);
    b.zip = zs ? zip_open_from_source(zs, ZIP_RDONLY, &ze) : NULL;
    if (!b.zip) {
      if (zs)
        zip_source_free(zs);
      int code = zip_error_code_zip(&ze);
      refuse(&b, "%s",
             code == ZIP_ER_NOZIP     ? "ce n'est pas une archive zip, ni donc un classeur xlsx"
             : code == ZIP_ER_INCONS  ? "archive zip incohérente (fichier tronqué ou endommagé)"
             : code == ZIP_ER_CRC     ? "archive zip endommagée (somme de contrôle fausse)"
                                      : "archive zip illisible");
    } else {
      ok = read_book(&b, &csv);
      zip_discard(b.zip); /* frees the source */
    }
    zip_error_fini(&ze);
  }
  enum cb_load_status status = finish(&b, ok, &csv, set, d, out);
  if (*out) {
    cb_sha256(bytes.data, bytes.len, (*out)->sha256);
    (*out)->hashed = true;
  }
  cb_buf_free(&bytes);
  return status;
}

enum cb_load_status cb_xlsx_read_parts(struct cb_sources *set, const char *name,
                                       const struct cb_xlsx_part *parts, size_t nparts,
                                       struct cb_diags *d, struct cb_source **out) {
  *out = NULL;
  struct book b = {.path = name, .parts = parts, .nparts = nparts, .want = "Mesures",
                   .why = CB_BUF_INIT};
  struct cb_buf csv = CB_BUF_INIT;
  bool ok = read_book(&b, &csv);
  return finish(&b, ok, &csv, set, d, out);
}
