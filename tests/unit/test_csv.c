/*
 * test_csv.c: unit tests of the measures file reader (src/csv.c).
 *
 * Each test feeds a string to cb_csv_read through a fixture that owns every
 * allocation (sources, diagnostics, inputs, the dump of the records read), so
 * a failed assertion leaks nothing. Records are dumped as "line:[f1|f2|...]"
 * lines, which keeps the expectations readable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "diag.h"
#include "source.h"

#define MAX_LOCS 64

struct fx {
  struct cb_sources set;
  struct cb_diags diags;
  struct cb_buf dump;        /* one "line:[f1|f2]" line per record */
  struct cb_buf rendered;    /* rendered diagnostics, when a test asks */
  struct cb_buf input, want; /* built by the larger tests */
  int nrecords;
  int stop_at;                  /* record number at which the callback stops (0: never) */
  int stop_with;                /* the value it then returns */
  struct cb_loc locs[MAX_LOCS]; /* every field location, in order */
  size_t nlocs;
};

static int setup(void **state) {
  struct fx *fx = calloc(1, sizeof *fx);
  if (!fx)
    return -1;
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  struct fx *fx = *state;
  cb_sources_free(&fx->set);
  cb_diags_free(&fx->diags);
  cb_buf_free(&fx->dump);
  cb_buf_free(&fx->rendered);
  cb_buf_free(&fx->input);
  cb_buf_free(&fx->want);
  free(fx);
  return 0;
}

static int collect(void *ctx, const struct cb_csv_record *rec) {
  struct fx *fx = ctx;
  fx->nrecords++;
  cb_buf_printf(&fx->dump, "%d:[", rec->line);
  for (size_t i = 0; i < rec->nfields; i++) {
    if (i)
      cb_buf_putc(&fx->dump, '|');
    cb_buf_add(&fx->dump, rec->fields[i].text, rec->fields[i].len);
    if (fx->nlocs < MAX_LOCS)
      fx->locs[fx->nlocs++] = rec->fields[i].loc;
  }
  cb_buf_puts(&fx->dump, "]\n");
  if (fx->stop_at && fx->nrecords == fx->stop_at)
    return fx->stop_with;
  return 0;
}

/* Reads text (len bytes) and returns cb_csv_read's result. */
static int read_n(struct fx *fx, const char *text, size_t len) {
  struct cb_source *src;
  enum cb_load_status st =
      cb_source_from_string(&fx->set, "mesures.csv", text, len, &fx->diags, &src);
  if (st != CB_LOAD_OK)
    return -100;
  return cb_csv_read(src, &fx->diags, collect, fx);
}

static int read_str(struct fx *fx, const char *text) {
  return read_n(fx, text, strlen(text));
}

static const char *dump(const struct fx *fx) { return cb_buf_str(&fx->dump); }

static void render(struct fx *fx) {
  char *s = cb_diag_render_string(&fx->diags, 0);
  cb_buf_puts(&fx->rendered, s);
  free(s);
}

static void assert_loc(struct cb_loc loc, int line, int col, int end_line, int end_col) {
  assert_int_equal(loc.line, line);
  assert_int_equal(loc.col, col);
  assert_int_equal(loc.end_line, end_line);
  assert_int_equal(loc.end_col, end_col);
}

static void test_semicolon_separator(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "contrat;indicateur;valeur\nc1;i1;1,5\n"), 0);
  assert_string_equal(dump(fx), "1:[contrat|indicateur|valeur]\n2:[c1|i1|1,5]\n");
  assert_int_equal(fx->diags.nerrors, 0);
}

static void test_comma_separator(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "contrat,indicateur,valeur\nc1,i1,\"1,5\"\n"), 0);
  assert_string_equal(dump(fx), "1:[contrat|indicateur|valeur]\n2:[c1|i1|1,5]\n");
}

static void test_separator_first_wins(void **state) {
  struct fx *fx = *state;
  /* ',' comes first on the header: ';' is then ordinary text */
  assert_int_equal(read_str(fx, "a,b;c\n1;2,3\n"), 0);
  assert_string_equal(dump(fx), "1:[a|b;c]\n2:[1;2|3]\n");
}

static void test_separator_ignores_quoted(void **state) {
  struct fx *fx = *state;
  /* the ';' inside quotes on the header does not count */
  assert_int_equal(read_str(fx, "\"x;y\",z\n\"1;2\",3\n"), 0);
  assert_string_equal(dump(fx), "1:[x;y|z]\n2:[1;2|3]\n");
}

static void test_separator_quote_inside_field(void **state) {
  struct fx *fx = *state;
  /* a quote inside an unquoted field is text: it does not hide the ',' */
  assert_int_equal(read_str(fx, "taille 5\",b\n\"x\"\"y\",2\n"), 0);
  assert_string_equal(dump(fx), "1:[taille 5\"|b]\n2:[x\"y|2]\n");
}

static void test_separator_after_doubled(void **state) {
  struct fx *fx = *state;
  /* doubled quotes inside the quoted first field do not end it */
  assert_int_equal(read_str(fx, "\"a\"\";b\",c\n1,2\n"), 0);
  assert_string_equal(dump(fx), "1:[a\";b|c]\n2:[1|2]\n");
}

static void test_separator_default(void **state) {
  struct fx *fx = *state;
  /* no separator on the header: ';', so "1,5" stays one field */
  assert_int_equal(read_str(fx, "valeur\n1,5\n2;3\n"), 0);
  assert_string_equal(dump(fx), "1:[valeur]\n2:[1,5]\n3:[2|3]\n");
}

static void test_separator_from_later_header(void **state) {
  struct fx *fx = *state;
  /* blank lines before the header are skipped; the header decides */
  assert_int_equal(read_str(fx, "\n\r\na,b\n1,2\n"), 0);
  assert_string_equal(dump(fx), "3:[a|b]\n4:[1|2]\n");
}

static void test_comment_lines_before_header(void **state) {
  struct fx *fx = *state;
  /* '#' lines before the header are one-field comment records, without the
     separators a spreadsheet pads them with; the header, found past them,
     still gives the separator (',' here, though the comment has ';') */
  assert_int_equal(read_str(fx, "# decimale=virgule;x ;,,,\r\n\n#\n#a,b\na,b\n1,2\n"), 0);
  assert_string_equal(dump(fx),
                      "1:[ decimale=virgule;x ;]\n3:[]\n4:[a,b]\n5:[a|b]\n6:[1|2]\n");
  assert_loc(fx->locs[0], 1, 2, 1, 23);
  assert_int_equal(fx->diags.nerrors, 0);
}

static int collect_comments(void *ctx, const struct cb_csv_record *rec) {
  struct fx *fx = ctx;
  cb_buf_printf(&fx->dump, "%c", rec->comment ? 'C' : 'R');
  return 0;
}

static void test_comment_only_before_header(void **state) {
  struct fx *fx = *state;
  /* after the header a '#' line is an ordinary record; a quote in a comment
     is text */
  struct cb_source *src;
  const char *text = "#\"x\n# y\na;b\n#c;d\n";
  assert_int_equal(cb_source_from_string(&fx->set, "m.csv", text, strlen(text), &fx->diags, &src),
                   CB_LOAD_OK);
  assert_int_equal(cb_csv_read(src, &fx->diags, collect_comments, fx), 0);
  assert_string_equal(dump(fx), "CCRR");
}

static void test_comments_only(void **state) {
  struct fx *fx = *state;
  /* no header at all: the comments are read, the separator defaults */
  assert_int_equal(read_str(fx, "# a;b\n#c"), 0);
  assert_string_equal(dump(fx), "1:[ a;b]\n2:[c]\n");
}

static void test_quoted_with_separator(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;b;c\n\"x;y\";\"\";\"z\"\n"), 0);
  assert_string_equal(dump(fx), "1:[a|b|c]\n2:[x;y||z]\n");
}

static void test_doubled_quotes(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;b;c\n\"he said \"\"x\"\"\";\"\"\"\";\"n\"\"\"\"m\"\n"),
                   0);
  assert_string_equal(dump(fx), "1:[a|b|c]\n2:[he said \"x\"|\"|n\"\"m]\n");
}

static void test_doubled_quotes_many_fields(void **state) {
  struct fx *fx = *state;
  /* enough escaped fields to make the scratch buffer grow mid-record: every
     earlier field must still read right */
  struct cb_buf *in = &fx->input, *want = &fx->want;
  cb_buf_puts(want, "1:[");
  for (int i = 0; i < 40; i++) {
    cb_buf_printf(in, "%s\"v\"\"%d\"\"%s\"", i ? ";" : "", i,
                  "..............................");
    cb_buf_printf(want, "%sv\"%d\"%s", i ? "|" : "", i, "..............................");
  }
  cb_buf_puts(want, "]\n");
  assert_int_equal(read_n(fx, cb_buf_str(in), in->len), 0);
  assert_string_equal(dump(fx), cb_buf_str(want));
}

static void test_multiline_quoted(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;b\n\"ligne 1\nligne 2\";x\nc;d\n"), 0);
  assert_string_equal(dump(fx), "1:[a|b]\n2:[ligne 1\nligne 2|x]\n4:[c|d]\n");
  /* the quoted field runs from line 2 col 1 to after its closing quote */
  assert_loc(fx->locs[2], 2, 1, 3, 9);
  assert_loc(fx->locs[3], 3, 10, 3, 11);
  assert_loc(fx->locs[4], 4, 1, 4, 2);
}

static void test_crlf(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;b\r\n1;\"2\"\r\n\"x\r\ny\";3\r\n"), 0);
  assert_string_equal(dump(fx), "1:[a|b]\n2:[1|2]\n3:[x\r\ny|3]\n");
}

static void test_lone_cr_ends_line(void **state) {
  struct fx *fx = *state;
  /* a CR not followed by LF ends a line (old Mac OS files), as source.c
     reads it */
  assert_int_equal(read_str(fx, "a;b\nx\ry;z\r"), 0);
  assert_string_equal(dump(fx), "1:[a|b]\n2:[x]\n3:[y|z]\n");
}

static void test_blank_lines_skipped(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;b\n\n1;2\n\r\n\n3;4\n\n"), 0);
  assert_string_equal(dump(fx), "1:[a|b]\n3:[1|2]\n6:[3|4]\n");
  assert_int_equal(fx->nrecords, 3);
}

static void test_spaces_not_blank(void **state) {
  struct fx *fx = *state;
  /* only fully empty lines are skipped; fields are not trimmed */
  assert_int_equal(read_str(fx, "a;b\n  \n 1 ; 2\t\n"), 0);
  assert_string_equal(dump(fx), "1:[a|b]\n2:[  ]\n3:[ 1 | 2\t]\n");
}

static void test_no_final_newline(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;b\n1;2"), 0);
  assert_string_equal(dump(fx), "1:[a|b]\n2:[1|2]\n");
}

static void test_quoted_last_no_newline(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;b\n1;\"2\""), 0);
  assert_string_equal(dump(fx), "1:[a|b]\n2:[1|2]\n");
}

static void test_empty_fields(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;;b\n;\n;;\nx;\n;y"), 0);
  assert_string_equal(dump(fx), "1:[a||b]\n2:[|]\n3:[||]\n4:[x|]\n5:[|y]\n");
}

static void test_empty_input(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, ""), 0);
  assert_int_equal(fx->nrecords, 0);
  assert_int_equal(read_str(fx, "\n\r\n\n"), 0);
  assert_int_equal(fx->nrecords, 0);
}

static void test_unterminated_quote(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;b\n1;2\nx;\"abc\n\ndef\n"), -1);
  /* the records before the error were handed over; not the broken one */
  assert_string_equal(dump(fx), "1:[a|b]\n2:[1|2]\n");
  assert_int_equal(fx->diags.nerrors, 1);
  const struct cb_diag *g = fx->diags.head;
  assert_non_null(g);
  assert_string_equal(g->code, "E0301");
  assert_loc(g->loc, 3, 3, 3, 4);
  render(fx);
  assert_non_null(strstr(cb_buf_str(&fx->rendered),
                         "mesures.csv:3:3: erreur[E0301]: guillemet ouvrant sans "
                         "guillemet fermant"));
}

static void test_unterminated_quote_on_header(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "\"a;b\n"), -1);
  assert_int_equal(fx->nrecords, 0);
  assert_string_equal(fx->diags.head->code, "E0301");
  assert_loc(fx->diags.head->loc, 1, 1, 1, 2);
}

static void test_unterminated_after_doubled(void **state) {
  struct fx *fx = *state;
  /* the last quote is the twin of a doubled pair: still unterminated */
  assert_int_equal(read_str(fx, "a\n\"x\"\""), -1);
  assert_string_equal(fx->diags.head->code, "E0301");
  assert_loc(fx->diags.head->loc, 2, 1, 2, 2);
}

static void test_text_after_closing_quote(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "a;b\n\"12\" %;x\n3;4\n"), -1);
  assert_string_equal(dump(fx), "1:[a|b]\n");
  assert_int_equal(fx->diags.nerrors, 1);
  assert_string_equal(fx->diags.head->code, "E0302");
  assert_loc(fx->diags.head->loc, 2, 5, 2, 6);
}

static void test_text_after_closing_quote_cr(void **state) {
  struct fx *fx = *state;
  /* a CR not followed by LF after a closing quote ends the line: no stray
     text */
  assert_int_equal(read_str(fx, "a\n\"x\"\ry\n"), 0);
  assert_string_equal(dump(fx), "1:[a]\n2:[x]\n3:[y]\n");
  assert_int_equal(fx->diags.nerrors, 0);
}

static void test_callback_stop(void **state) {
  struct fx *fx = *state;
  fx->stop_at = 2;
  fx->stop_with = 7;
  assert_int_equal(read_str(fx, "a;b\n1;2\n3;4\n5;6\n"), 7);
  assert_int_equal(fx->nrecords, 2);
  assert_string_equal(dump(fx), "1:[a|b]\n2:[1|2]\n");
  assert_int_equal(fx->diags.nerrors, 0);
}

static void test_callback_stop_before_error(void **state) {
  struct fx *fx = *state;
  /* stopping on record 1 means the broken record 2 is never read */
  fx->stop_at = 1;
  fx->stop_with = 3;
  assert_int_equal(read_str(fx, "a;b\n\"x\n"), 3);
  assert_int_equal(fx->diags.nerrors, 0);
}

static void test_field_locations(void **state) {
  struct fx *fx = *state;
  assert_int_equal(read_str(fx, "ab;c\n\nx;;\"q\"\"r\";é\r\n"), 0);
  assert_int_equal(fx->nlocs, 6);
  assert_loc(fx->locs[0], 1, 1, 1, 3);   /* ab */
  assert_loc(fx->locs[1], 1, 4, 1, 5);   /* c */
  assert_loc(fx->locs[2], 3, 1, 3, 2);   /* x */
  assert_loc(fx->locs[3], 3, 3, 3, 3);   /* empty: zero width */
  assert_loc(fx->locs[4], 3, 4, 3, 10);  /* "q""r", quotes included */
  assert_loc(fx->locs[5], 3, 11, 3, 13); /* é: two bytes */
  for (size_t i = 0; i < fx->nlocs; i++)
    assert_ptr_equal(fx->locs[i].src, fx->set.head);
}

static void test_locations_match_source(void **state) {
  struct fx *fx = *state;
  /* the forward cursor agrees with the line table's own search */
  assert_int_equal(read_str(fx, "a;b\n\n\"m\nn\";1\n\n\nz;\"\"\n"), 0);
  const struct cb_source *src = fx->set.head;
  size_t offs[] = {0, 2, 5, 11, 15, 17};
  assert_int_equal(fx->nlocs, 6);
  for (size_t i = 0; i < 6; i++) {
    struct cb_loc want = cb_source_loc_at(src, offs[i]);
    assert_int_equal(fx->locs[i].line, want.line);
    assert_int_equal(fx->locs[i].col, want.col);
  }
}

static void test_many_records(void **state) {
  struct fx *fx = *state;
  /* a large file reads in one pass and every record line is right */
  enum { N = 200000 };
  struct cb_buf *in = &fx->input;
  cb_buf_puts(in, "contrat;indicateur;periode;valeur\n");
  for (int i = 1; i <= N; i++)
    cb_buf_printf(in, "c;i%d;2020;\"%d,5 %%\"\n", i, i);
  struct cb_source *src;
  enum cb_load_status st =
      cb_source_from_string(&fx->set, "big.csv", in->data, in->len, &fx->diags, &src);
  assert_int_equal(st, CB_LOAD_OK);
  int rc = cb_csv_read(src, &fx->diags, collect, fx);
  assert_int_equal(rc, 0);
  assert_int_equal(fx->nrecords, N + 1);
  const char *d = dump(fx);
  char want[64];
  snprintf(want, sizeof want, "%d:[c|i%d|2020|%d,5 %%]\n", N + 1, N, N);
  assert_string_equal(d + strlen(d) - strlen(want), want);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
      T(test_semicolon_separator),
      T(test_comma_separator),
      T(test_separator_first_wins),
      T(test_separator_ignores_quoted),
      T(test_separator_quote_inside_field),
      T(test_separator_after_doubled),
      T(test_separator_default),
      T(test_separator_from_later_header),
      T(test_comment_lines_before_header),
    T(test_comment_only_before_header),
    T(test_comments_only),
    T(test_quoted_with_separator),
      T(test_doubled_quotes),
      T(test_doubled_quotes_many_fields),
      T(test_multiline_quoted),
      T(test_crlf),
      T(test_lone_cr_ends_line),
      T(test_blank_lines_skipped),
      T(test_spaces_not_blank),
      T(test_no_final_newline),
      T(test_quoted_last_no_newline),
      T(test_empty_fields),
      T(test_empty_input),
      T(test_unterminated_quote),
      T(test_unterminated_quote_on_header),
      T(test_unterminated_after_doubled),
      T(test_text_after_closing_quote),
      T(test_text_after_closing_quote_cr),
      T(test_callback_stop),
      T(test_callback_stop_before_error),
      T(test_field_locations),
      T(test_locations_match_source),
      T(test_many_records),
#undef T
  };
  return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
