/*
 * test_xlsx_read.c: a measures sheet read from an xlsx workbook
 * (xlsx_read.c), on the workbooks of tests/fixtures/xlsx/ (written by
 * openpyxl and by hand, tests/fixtures/xlsx/make.py) and on workbooks this
 * test writes itself.
 *
 * The sheet must come out as the CSV text the measures reader expects, one
 * line per row: shared, inline and rich-text strings joined, phonetic
 * guides left out, numbers to 15 significant digits without exponent and
 * with a trailing 0 when "1.234" would read as thousands, percentages ×100,
 * booleans oui/non, a formula without result as "=FORMULA", empty rows as
 * empty lines; its digest is the workbook's bytes'. What is no workbook is
 * refused with E0314, never read as text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "buf.h"
#include "diag.h"
#include "source.h"
#include "xlsx_read.h"

/* The CSV text of the workbook at path (NULL when refused; codes gets the
   diagnostic codes). */
/* The codes of d's diagnostics, each followed by a space, into codes. */
static void codes_of(const struct cb_diags *d, struct cb_buf *codes) {
  for (const struct cb_diag *g = d->head; g; g = g->next)
    if (g->code)
      cb_buf_printf(codes, "%s ", g->code);
}

/* The workbook part and its relationships of a one-sheet workbook given in
   memory (cb_xlsx_read_parts), its sheet in xl/worksheets/sheet1.xml. */
static const char WB[] =
    "<workbook xmlns:r=\"urn:r\"><sheets><sheet name=\"Feuil1\" r:id=\"rId1\"/></sheets>"
    "</workbook>";
static const char RELS[] =
    "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
    "</Relationships>";

static char *rendition(const char *path, struct cb_buf *codes, unsigned char sha[32]) {
  struct cb_sources set = {0};
  struct cb_diags d = {0};
  struct cb_source *src = NULL;
  enum cb_load_status st = cb_xlsx_read(&set, path, &d, &src);
  codes_of(&d, codes);
  char *text = NULL;
  if (st == CB_LOAD_OK) {
    assert_non_null(src);
    assert_true(src->sheet);
    assert_true(src->hashed);
    assert_string_equal(src->name, path);
    if (sha)
      memcpy(sha, src->sha256, 32);
    text = strdup(src->text);
  }
  cb_diags_free(&d);
  cb_sources_free(&set);
  return text;
}

static void test_by_hand(void **state) {
  (void)state;
  struct cb_buf codes = CB_BUF_INIT;
  unsigned char sha[32];
  char *t = rendition("tests/fixtures/xlsx/manuel.xlsx", &codes, sha);
  assert_string_equal(cb_buf_str(&codes), "");
  assert_non_null(t);
  /* row 3 is absent and row 8 has only styled empty cells: empty lines */
  assert_string_equal(t, "contrat;indicateur;periode;valeur\n"
                         "c;base;2020;1.2340\n"
                         "\n"
                         "c;ia;2020;12\n"
                         "c;ib;2020;76.18 %\n"
                         "c;ic;2020;non\n"
                         "c;id;2020;mise en oeuvre\n"
                         "\n");
  /* the digest is the file's */
  FILE *f = fopen("tests/fixtures/xlsx/manuel.xlsx", "rb");
  assert_non_null(f);
  struct sha256_ctx h;
  sha256_init(&h);
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    sha256_update(&h, n, (const uint8_t *)chunk);
  fclose(f);
  unsigned char want[32];
  sha256_digest(&h, sizeof want, want);
  assert_memory_equal(sha, want, 32);
  free(t);
  cb_buf_free(&codes);
}

static void test_openpyxl(void **state) {
  (void)state;
  struct cb_buf codes = CB_BUF_INIT;
  char *t = rendition("tests/fixtures/xlsx/ok.xlsx", &codes, NULL);
  assert_non_null(t);
  assert_string_equal(t, "contrat;indicateur;periode;valeur;libelle;unite\n"
                         "c;base;2020;1.2340;Patients de base;patients\n"
                         "c;ia;2020;12;Patients suivis;patients\n"
                         "\n"
                         "c;ib;2020;76.18 %;Taux de dépistage;%\n"
                         "c;ic;2020;oui;Protocole signé;\n"
                         "c;id;2020;cadrage;Projet de santé;\n");
  free(t);
  /* a formula stored without its result */
  t = rendition("tests/fixtures/xlsx/formule.xlsx", &codes, NULL);
  assert_non_null(t);
  assert_non_null(strstr(t, "\nc;ia;2020;=B2*2;Patients suivis;patients\n"));
  free(t);
  /* the sheet « Mesures » rather than the first */
  t = rendition("tests/fixtures/xlsx/deux_feuilles.xlsx", &codes, NULL);
  assert_non_null(t);
  assert_true(strncmp(t, "contrat;indicateur;", 19) == 0);
  free(t);
  assert_string_equal(cb_buf_str(&codes), "");
  cb_buf_free(&codes);
}

static void test_refused(void **state) {
  (void)state;
  const char *bad[] = {"tests/fixtures/xlsx/xml_casse.xlsx", "tests/fixtures/xlsx/ods.xlsx",
                       "tests/fixtures/xlsx/zip_casse.xlsx", "tests/fixtures/xlsx/contrat.cible"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct cb_buf codes = CB_BUF_INIT;
    char *t = rendition(bad[i], &codes, NULL);
    assert_null(t);
    assert_string_equal(cb_buf_str(&codes), "E0314 ");
    cb_buf_free(&codes);
  }
  struct cb_buf codes = CB_BUF_INIT;
  assert_null(rendition("tests/fixtures/xlsx/absent.xlsx", &codes, NULL));
  assert_string_equal(cb_buf_str(&codes), "E0000 ");
  cb_buf_free(&codes);
}

static void test_magic(void **state) {
  (void)state;
  const unsigned char zip[] = {'P', 'K', 3, 4, 0};
  const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  const unsigned char csv[] = "contrat;indicateur";
  assert_true(cb_xlsx_is_zip(zip, sizeof zip));
  assert_false(cb_xlsx_is_zip(zip, 3));
  assert_false(cb_xlsx_is_zip(csv, sizeof csv));
  assert_true(cb_xlsx_is_xls(ole, sizeof ole));
  assert_false(cb_xlsx_is_xls(ole, 7));
  assert_false(cb_xlsx_is_xls(csv, sizeof csv));
}

static void number(const char *stored, bool pct, const char *want) {
  struct cb_buf b = CB_BUF_INIT;
  bool ok = cb_xlsx_number_text(&b, stored, pct);
  if (!want) {
    assert_false(ok);
    assert_int_equal(b.len, 0);
  } else {
    assert_true(ok);
    assert_string_equal(cb_buf_str(&b), want);
  }
  cb_buf_free(&b);
}

static void test_numbers(void **state) {
  (void)state;
  number("12", false, "12");
  number("-12", false, "-12");
  number("0", false, "0");
  number("-0", false, "0");
  number("0.000", false, "0");
  number("1250.5", false, "1250.5");
  number("347802", false, "347802");
  number("1.2E1", false, "12");
  number("1.5E-5", false, "0.000015");
  number("1.5e+3", false, "1500");
  number("007.50", false, "7.5");
  /* the binary float's digits beyond 15 are not what was typed */
  number("0.76180000000000003", false, "0.7618");
  number("0.30000000000000004", false, "0.3");
  number("0.99999999999999994", false, "1");
  number("999999999999999.6", false, "1000000000000000");
  number("123456789012345678", false, "123456789012346000");
  number("-2.0000000000000004", false, "-2");
  /* would read as thousands: one more 0 */
  number("1.234", false, "1.2340");
  number("-12.345", false, "-12.3450");
  number("123.456", false, "123.4560");
  number("0.123", false, "0.123");
  number("1234.567", false, "1234.567");
  /* percentages */
  number("0.7618", true, "76.18 %");
  number("0.76180000000000003", true, "76.18 %");
  number("1", true, "100 %");
  number("0.01234", true, "1.2340 %");
  number("5E-3", true, "0.5 %");
  /* no number */
  number("", false, NULL);
  number("abc", false, NULL);
  number("1.2.3", false, NULL);
  number("1E", false, NULL);
  number("1E999", false, NULL);
  number(".", false, NULL);
  number("12 %", false, NULL);
}

/* The CSV text of a sheet given in memory, with one shared string "x". */
static char *sheet_text(const char *rows, struct cb_buf *codes) {
  static const char sst[] = "<sst><si><t>x</t></si></sst>";
  struct cb_buf x = CB_BUF_INIT;
  cb_buf_printf(&x, "<worksheet><sheetData>%s</sheetData></worksheet>", rows);
  struct cb_xlsx_part parts[] = {
      {"xl/workbook.xml", WB, sizeof WB - 1},
      {"xl/_rels/workbook.xml.rels", RELS, sizeof RELS - 1},
      {"xl/sharedStrings.xml", sst, sizeof sst - 1},
      {"xl/worksheets/sheet1.xml", x.data, x.len},
  };
  struct cb_sources set = {0};
  struct cb_diags d = {0};
  struct cb_source *src = NULL;
  char *text = NULL;
  if (cb_xlsx_read_parts(&set, "m.xlsx", parts, 4, &d, &src) == CB_LOAD_OK)
    text = strdup(src->text);
  codes_of(&d, codes);
  cb_diags_free(&d);
  cb_sources_free(&set);
  cb_buf_free(&x);
  return text;
}

/* Cells as spreadsheets other than Excel write them. */
static void test_cells(void **state) {
  (void)state;
  struct cb_buf codes = CB_BUF_INIT;
  /* a string cell without its number, a shared formula's follower with its
     result, a formula without result, an empty inline string, a boolean
     without value, cells without references after one with */
  char *t = sheet_text("<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"/><c t=\"s\"><v>0</v></c>"
                       "</row><row r=\"2\"><c r=\"A2\"><f t=\"shared\" si=\"0\"/><v>7</v></c>"
                       "<c><f>A2*2</f></c><c t=\"inlineStr\"><is><t></t></is></c></row>"
                       "<row r=\"3\"><c r=\"B3\" t=\"b\"/><c><v>-0.5</v></c></row>",
                       &codes);
  assert_string_equal(cb_buf_str(&codes), "");
  assert_non_null(t);
  assert_string_equal(t, "x;;x\n7;=A2*2;\n;;-0.5\n");
  free(t);
  /* a reference of another row, a column past XFD, a row number going back */
  const char *bad[] = {"<row r=\"1\"><c r=\"A2\"><v>1</v></c></row>",
                       "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>",
                       "<row r=\"2\"><c><v>1</v></c></row><row r=\"1\"><c><v>1</v></c></row>",
                       "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c></row>"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    cb_buf_clear(&codes);
    t = sheet_text(bad[i], &codes);
    assert_null(t);
    assert_string_equal(cb_buf_str(&codes), "E0314 ");
  }
  cb_buf_free(&codes);
}

/* A cell far to the right (column MHD, the 9 000th: a CSV line under the
   10 000 bytes a line may have) in one row, then many rows of one cell:
   each row costs its own cells, not the widest row's (the rows used to
   free every column ever reached, 9 000 per row after that cell). */
static void test_far_column(void **state) {
  (void)state;
  enum { ROWS = 100000 };
  struct cb_buf x = CB_BUF_INIT;
  cb_buf_puts(&x, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a"
                  "</t></is></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c>"
                  "<c r=\"MHD2\"><v>1</v></c></row>");
  for (int i = 3; i <= ROWS; i++)
    cb_buf_printf(&x, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c></row>", i, i, i);
  cb_buf_puts(&x, "</sheetData></worksheet>");
  struct cb_xlsx_part parts[] = {
      {"xl/workbook.xml", WB, sizeof WB - 1},
      {"xl/_rels/workbook.xml.rels", RELS, sizeof RELS - 1},
      {"xl/worksheets/sheet1.xml", x.data, x.len},
  };
  struct cb_sources set = {0};
  struct cb_diags d = {0};
  struct cb_source *src = NULL;
  clock_t t0 = clock();
  enum cb_load_status st = cb_xlsx_read_parts(&set, "large.xlsx", parts, 3, &d, &src);
  double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
  assert_int_equal(st, CB_LOAD_OK);
  assert_int_equal(src->nlines, ROWS + 1); /* and the empty last line */
  assert_true(strncmp(src->text, "a\n2;", 4) == 0);
  assert_non_null(strstr(src->text, ";1\n3\n4\n"));
  print_message("# %d lignes, une cellule en MHD2 : %.2f s de processeur\n", ROWS, cpu);
  /* 900 million column visits before: 2.5 s of processor time, optimised;
     now 0.1 s optimised, 0.4 s under the sanitizers (processor time, so a
     loaded machine does not count) */
  assert_true(cpu < 2.0);
  cb_diags_free(&d);
  cb_sources_free(&set);
  cb_buf_free(&x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_by_hand),  cmocka_unit_test(test_openpyxl),
      cmocka_unit_test(test_refused),  cmocka_unit_test(test_magic),
      cmocka_unit_test(test_numbers),  cmocka_unit_test(test_far_column),
      cmocka_unit_test(test_cells),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
