/*
 * csv.c: splitting a measures file into records and fields.
 *
 * Owns only the reader's working storage: one field array and one scratch
 * buffer for unescaped quoted fields, both reused from record to record and
 * freed when the read ends, so memory is proportional to the longest record,
 * not to the file. Fields point into the source text whenever they can (every
 * unquoted field, and quoted fields without doubled quotes); only a quoted
 * field with "" inside is copied. A quote inside an unquoted field is plain
 * text, as spreadsheets read it. Locations come from a line cursor that only
 * moves forward, which keeps a million-row file linear. The first syntax error
 * (E0301, E0302) is reported and ends the read. Lines starting with '#'
 * before the header are comments, handed over whole as one-field records (the
 * separator is still the header's: comment lines are skipped to find it).
 */
#include "csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "num.h"
#include "diag.h"

/* Marks a field whose text points into the source, not into the scratch. */
#define NOT_IN_SCRATCH SIZE_MAX

struct reader {
  const struct cb_source *src;
  struct cb_diags *d;
  const char *text;
  size_t len;
  char sep;
  size_t line_idx; /* 0-based index into src->lines, only moves forward */

  struct cb_csv_field *fields;
  size_t *scratch_off; /* per field: offset in scratch, or NOT_IN_SCRATCH */
  size_t nfields, cap;
  struct cb_buf scratch;
};

/* Location of byte offset off, which must not precede any offset asked for
   before: the cursor walks the line table instead of searching it. */
static struct cb_loc loc_at(struct reader *r, size_t off) {
  const struct cb_source *s = r->src;
  while (r->line_idx + 1 < s->nlines && s->lines[r->line_idx + 1] <= off)
    r->line_idx++;
  int line = (int)r->line_idx + 1;
  int col = (int)(off - s->lines[r->line_idx]) + 1;
  struct cb_loc loc = {s, line, col, line, col};
  return loc;
}

/* True when a line end starts at offset i: LF, CRLF, or a CR ending the file
   (source.c has made every other lone CR a LF). */
static bool at_eol(const struct reader *r, size_t i) {
  if (i >= r->len)
    return false;
  if (r->text[i] == '\n')
    return true;
  return r->text[i] == '\r' && (i + 1 == r->len || r->text[i + 1] == '\n');
}

/* Offset just past the line end that starts at i (at_eol(r, i) holds). */
static size_t skip_eol(const struct reader *r, size_t i) {
  return r->text[i] == '\r' && i + 1 < r->len ? i + 2 : i + 1;
}

/* The separator: the first ';' or ',' outside quotes on the header record
   starting at offset start, ';' when there is neither. Quotes count as the
   parser sees them: only a quote opening the first field starts a quoted
   section (any other quote before the first separator is field text). */
static char detect_separator(const char *t, size_t len, size_t start) {
  size_t i = start;
  if (i < len && t[i] == '"') {
    for (i++; i < len; i++) {
      if (t[i] != '"')
        continue;
      if (i + 1 < len && t[i + 1] == '"')
        i++; /* a doubled quote */
      else
        break;
    }
  }
  for (; i < len && t[i] != '\n'; i++)
    if (t[i] == ';' || t[i] == ',')
      return t[i];
  return ';';
}

static struct cb_csv_field *new_field(struct reader *r) {
  if (r->nfields == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 16;
    r->fields = cb_xrealloc(r->fields, r->cap * sizeof *r->fields);
    r->scratch_off = cb_xrealloc(r->scratch_off, r->cap * sizeof *r->scratch_off);
  }
  r->scratch_off[r->nfields] = NOT_IN_SCRATCH;
  return &r->fields[r->nfields++];
}

/* Reads the quoted field whose opening quote is at *pos (f->loc already set);
   leaves *pos on the byte after the closing quote. */
static int read_quoted(struct reader *r, size_t *pos, struct cb_csv_field *f) {
  size_t open = *pos, i = open + 1;
  bool doubled = false;
  for (;;) {
    const char *q = memchr(r->text + i, '"', r->len - i);
    if (!q) {
      struct cb_loc loc = f->loc;
      loc.end_col = loc.col + 1;
      cb_diag_error(r->d, loc, "E0301",
                    "guillemet ouvrant sans guillemet fermant : le champ court "
                    "jusqu'à la fin du fichier");
      return -1;
    }
    i = (size_t)(q - r->text);
    if (i + 1 < r->len && r->text[i + 1] == '"') {
      doubled = true;
      i += 2;
      continue;
    }
    break;
  }
  size_t close = i;
  size_t idx = (size_t)(f - r->fields);
  if (!doubled) {
    f->text = r->text + open + 1;
    f->len = close - open - 1;
  } else {
    /* Copy with each "" turned into ": the scratch may move while later
       fields of the record are added, so keep an offset, fixed up at the end
       of the record. */
    size_t start = r->scratch.len;
    size_t from = open + 1;
    while (from < close) {
      const char *q = memchr(r->text + from, '"', close - from);
      size_t upto = q ? (size_t)(q - r->text) + 1 : close; /* keeps one quote */
      cb_buf_add(&r->scratch, r->text + from, upto - from);
      from = q ? upto + 1 : close; /* skips its twin */
    }
    r->scratch_off[idx] = start;
    f->text = NULL;
    f->len = r->scratch.len - start;
    cb_buf_putc(&r->scratch, '\0'); /* a copied field is NUL-terminated */
  }
  struct cb_loc end = loc_at(r, close + 1);
  f->loc.end_line = end.line;
  f->loc.end_col = end.col;
  *pos = close + 1;
  return 0;
}

/* Offset of the header line: the first line from start that is neither
   blank nor a comment ('#' first); len when there is none. */
static size_t header_start(const struct reader *r, size_t start) {
  size_t i = start;
  while (i < r->len) {
    if (at_eol(r, i)) {
      i = skip_eol(r, i);
      continue;
    }
    if (r->text[i] != '#')
      return i;
    const char *nl = memchr(r->text + i, '\n', r->len - i);
    i = nl ? (size_t)(nl - r->text) + 1 : r->len;
  }
  return r->len;
}

/* Reads the comment line starting at *pos ('#') as a record of one field:
   the text after '#' up to the line end, without the blanks and separators
   a spreadsheet pads it with. Leaves *pos past its line end. */
static void read_comment(struct reader *r, size_t *pos) {
  size_t start = *pos + 1, end = start;
  while (end < r->len && !at_eol(r, end))
    end++;
  *pos = end < r->len ? skip_eol(r, end) : end;
  while (end > start && (r->text[end - 1] == r->sep || r->text[end - 1] == ' ' ||
                         r->text[end - 1] == '\t' || r->text[end - 1] == '\r'))
    end--;
  r->nfields = 0;
  struct cb_csv_field *f = new_field(r);
  f->loc = loc_at(r, start);
  f->text = r->text + start;
  f->len = end - start;
  f->loc.end_col = f->loc.col + (int)f->len;
}

/* Reads one record starting at *pos (not on a blank line); leaves *pos past
   its line end. */
static int read_record(struct reader *r, size_t *pos) {
  size_t i = *pos;
  r->nfields = 0;
  cb_buf_clear(&r->scratch);
  for (;;) {
    struct cb_csv_field *f = new_field(r);
    f->loc = loc_at(r, i);
    if (i < r->len && r->text[i] == '"') {
      if (read_quoted(r, &i, f) != 0)
        return -1;
      if (i < r->len && r->text[i] != r->sep && !at_eol(r, i)) {
        struct cb_loc loc = loc_at(r, i);
        loc.end_col = loc.col + 1;
        cb_diag_error(r->d, loc, "E0302",
                      "texte après un guillemet fermant : mettez tout le champ "
                      "entre guillemets et doublez les guillemets qu'il contient");
        return -1;
      }
    } else {
      size_t start = i;
      while (i < r->len && r->text[i] != r->sep && !at_eol(r, i))
        i++;
      f->text = r->text + start;
      f->len = i - start;
      f->loc.end_col = f->loc.col + (int)f->len;
    }
    if (i < r->len && r->text[i] == r->sep) {
      i++;
      continue;
    }
    break; /* end of line or of file */
  }
  if (i < r->len)
    i = skip_eol(r, i);
  *pos = i;
  for (size_t k = 0; k < r->nfields; k++)
    if (r->scratch_off[k] != NOT_IN_SCRATCH)
      r->fields[k].text = r->scratch.data + r->scratch_off[k];
  return 0;
}

int cb_csv_read(const struct cb_source *src, struct cb_diags *d, cb_csv_record_fn fn,
                void *ctx) {
  struct reader r = {0};
  r.src = src;
  r.d = d;
  r.text = src->text;
  r.len = src->len;
  r.scratch = (struct cb_buf)CB_BUF_INIT;
  int result = 0;
  size_t pos = 0;
  bool header = true;
  while (pos < r.len) {
    if (at_eol(&r, pos)) { /* blank line: not a record */
      pos = skip_eol(&r, pos);
      continue;
    }
    if (header && !r.sep)
      r.sep = detect_separator(r.text, r.len, header_start(&r, pos));
    int line = loc_at(&r, pos).line;
    bool comment = header && r.text[pos] == '#';
    if (comment) {
      read_comment(&r, &pos);
    } else {
      header = false;
      if (read_record(&r, &pos) != 0) {
        result = -1;
        break;
      }
    }
    struct cb_csv_record rec = {line, r.nfields, r.fields, comment};
    int stop = fn(ctx, &rec);
    if (stop != 0) {
      result = stop;
      break;
    }
  }
  free(r.fields);
  free(r.scratch_off);
  cb_buf_free(&r.scratch);
  return result;
}

void cb_csv_put_field(struct cb_buf *b, const char *s) {
  if (!s)
    return;
  if (!strpbrk(s, ";\"\n\r")) {
    cb_buf_puts(b, s);
    return;
  }
  cb_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"')
      cb_buf_putc(b, '"');
    cb_buf_putc(b, *s);
  }
  cb_buf_putc(b, '"');
}

void cb_csv_start(struct cb_csv_out *w, struct cb_buf *b, bool excel) {
  w->b = b;
  w->excel = excel;
  w->in_row = false;
  if (excel)
    cb_buf_puts(b, "\xEF\xBB\xBF");
}

static void next_field(struct cb_csv_out *w) {
  if (w->in_row)
    cb_buf_putc(w->b, ';');
  w->in_row = true;
}

void cb_csv_text(struct cb_csv_out *w, const char *s) {
  next_field(w);
  cb_csv_put_field(w->b, s);
}

void cb_csv_num(struct cb_csv_out *w, mpq_srcptr q, unsigned decimals, bool natural) {
  next_field(w);
  if (q)
    cb_num_fmt(w->b, q, decimals, (natural ? CB_WRITE_NATURAL : 0u) | (w->excel ? 0u : CB_WRITE_DOT));
}

void cb_csv_pct(struct cb_csv_out *w, mpq_srcptr q) {
  if (!q) {
    cb_csv_num(w, NULL, 0, false);
    return;
  }
  mpq_t pc;
  mpq_init(pc);
  mpq_set_ui(pc, 100, 1);
  mpq_mul(pc, pc, q);
  cb_csv_num(w, pc, 6, true);
  mpq_clear(pc);
}

void cb_csv_end_row(struct cb_csv_out *w) {
  cb_buf_puts(w->b, w->excel ? "\r\n" : "\n");
  w->in_row = false;
}

void cb_csv_comment(struct cb_csv_out *w, const char *text) {
  cb_buf_puts(w->b, "# ");
  cb_buf_puts(w->b, text);
  cb_csv_end_row(w);
}
