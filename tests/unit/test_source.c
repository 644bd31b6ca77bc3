/*
 * test_source.c: unit tests of source.c's reading of Windows-1252, and of
 * what every input goes through: UTF-16 named, valid UTF-8 never
 * reinterpreted, lone CR as a line end, NFC composition.
 *
 * A set whose encoding is CB_ENC_CP1252 converts each input to UTF-8: every
 * byte 0x80-0xFF is checked against glibc's iconv (0x80 is €, 0x92 is ’,
 * 0xA0-0xFF are Latin-1), the five bytes without a
 * character are refused (E0005) at their position in the input, and lines
 * and byte positions in messages still count the input's bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "source.h"

struct fx {
  struct cb_sources set;
  struct cb_diags diags;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->set.encoding = CB_ENC_CP1252;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  cb_diags_free(&f->diags);
  cb_sources_free(&f->set);
  free(f);
  return 0;
}

/* Every byte 0x80-0xFF, one at a time, against glibc's iconv as oracle: the
   same UTF-8 when iconv has a character for it, E0005 when it has none. */
static void test_every_high_byte(void **state) {
  struct fx *f = *state;
  iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
  assert_true(cd != (iconv_t)-1);
  int undefined = 0;
  for (unsigned c = 0x80; c <= 0xFF; c++) {
    char in[1] = {(char)c}, want[8] = {0};
    char *ip = in, *op = want;
    size_t il = 1, ol = sizeof want - 1;
    iconv(cd, NULL, NULL, NULL, NULL);
    bool defined = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1;
    struct cb_source *s;
    enum cb_load_status st = cb_source_from_string(&f->set, "w.txt", in, 1, &f->diags, &s);
    assert_int_equal(s->encoding, CB_ENC_CP1252);
    if (defined) {
      assert_int_equal(st, CB_LOAD_OK);
      assert_string_equal(s->text, want);
    } else {
      assert_int_equal(st, CB_LOAD_INVALID);
      undefined++;
    }
  }
  iconv_close(cd);
  assert_int_equal(undefined, 5);
  assert_int_equal(f->diags.nerrors, 5);
}

static void test_euro_and_apostrophe(void **state) {
  struct fx *f = *state;
  struct cb_source *s;
  assert_int_equal(cb_source_from_string(&f->set, "w.txt", "l\x92\xe9t\xe9 \x80", 7, &f->diags, &s),
                   CB_LOAD_OK);
  assert_string_equal(s->text, "l’été €");
}

static void test_undefined_byte(void **state) {
  struct fx *f = *state;
  static const char undefined[] = {'\x81', '\x8D', '\x8F', '\x90', '\x9D'};
  for (size_t k = 0; k < sizeof undefined; k++) {
    char in[] = "\xe9t\xe9\n\x80 ? x";
    in[6] = undefined[k];
    struct cb_source *s;
    int before = f->diags.nerrors;
    assert_int_equal(cb_source_from_string(&f->set, "w.txt", in, strlen(in), &f->diags, &s),
                     CB_LOAD_INVALID);
    assert_int_equal(f->diags.nerrors, before + 1);
    char *out = cb_diag_render_string(&f->diags, 100);
    char want[120];
    snprintf(want, sizeof want,
             "w.txt:2:3: erreur[E0005]: octet 0x%02X sans caractère en Windows-1252 à la "
             "position 6\n",
             (unsigned char)undefined[k]);
    assert_non_null(strstr(out, want));
    free(out);
  }
}

static void test_positions_count_input_bytes(void **state) {
  struct fx *f = *state;
  struct cb_source *s;
  /* the NUL is byte 5 of the input, byte 9 of the UTF-8 text */
  assert_int_equal(cb_source_from_string(&f->set, "w.txt", "\x80\x80\x80\n\xe9\0", 6, &f->diags, &s),
                   CB_LOAD_INVALID);
  char *out = cb_diag_render_string(&f->diags, 100);
  assert_non_null(strstr(out, "w.txt:2:2: erreur[E0002]: octet nul à la position 5 "));
  free(out);
}

static void test_line_length_in_input_bytes(void **state) {
  struct fx *f = *state;
  /* CB_MAX_LINE_LEN bytes of é: twice as many in UTF-8, still accepted */
  char *in = malloc(CB_MAX_LINE_LEN + 2);
  memset(in, '\xe9', CB_MAX_LINE_LEN + 1);
  in[CB_MAX_LINE_LEN + 1] = '\0';
  struct cb_source *s;
  assert_int_equal(cb_source_from_string(&f->set, "w.txt", in, CB_MAX_LINE_LEN, &f->diags, &s),
                   CB_LOAD_OK);
  assert_int_equal(s->len, 2 * CB_MAX_LINE_LEN);
  assert_int_equal(
      cb_source_from_string(&f->set, "w.txt", in, CB_MAX_LINE_LEN + 1, &f->diags, &s),
      CB_LOAD_INVALID);
  free(in);
  char *out = cb_diag_render_string(&f->diags, 100);
  assert_non_null(strstr(out, "erreur[E0004]: ligne de 10001 octets"));
  free(out);
}

/* --encodage latin1 never reinterprets a file that is valid UTF-8: an
   accented UTF-8 text is read as UTF-8, not as Windows-1252 (which would
   give "Ã©" for é). */
static void test_valid_utf8_stays_utf8(void **state) {
  struct fx *f = *state;
  struct cb_source *s;
  assert_int_equal(cb_source_from_string(&f->set, "u.txt", "l’été — €", strlen("l’été — €"), &f->diags, &s),
                   CB_LOAD_OK);
  assert_int_equal(s->encoding, CB_ENC_UTF8);
  assert_string_equal(s->text, "l’été — €");
  assert_int_equal(f->diags.nerrors, 0);
}

/* A file with UTF-8 then a Windows-1252 byte is refused (E0007), not
   converted into mojibake. */
static void test_mixed_refused(void **state) {
  struct fx *f = *state;
  struct cb_source *s;
  static const char mixed[] = "été\nr\xe9sum\xe9\n";
  assert_int_equal(cb_source_from_string(&f->set, "m.txt", mixed, strlen(mixed), &f->diags, &s),
                   CB_LOAD_INVALID);
  char *out = cb_diag_render_string(&f->diags, 100);
  assert_non_null(strstr(out, "m.txt:2:2: erreur[E0007]: octet 0xE9 invalide en UTF-8 à la "
                              "position 7,"));
  assert_non_null(strstr(out, "m.txt:1:1: note: premier caractère en UTF-8"));
  free(out);
  /* a UTF-8 byte order mark says UTF-8 as well: refused, and without it
     (in UTF-8) no hint proposes --encodage latin1 */
  static const char bom[] = "\xef\xbb\xbfr\xe9sum\xe9\n";
  assert_int_equal(cb_source_from_string(&f->set, "b.txt", bom, strlen(bom), &f->diags, &s),
                   CB_LOAD_INVALID);
  f->set.encoding = CB_ENC_UTF8;
  assert_int_equal(cb_source_from_string(&f->set, "u.txt", bom, strlen(bom), &f->diags, &s),
                   CB_LOAD_INVALID);
  out = cb_diag_render_string(&f->diags, 100);
  assert_non_null(strstr(out, "b.txt:1:2: erreur[E0007]: octet 0xE9 invalide en UTF-8 à la "
                              "position 4,"));
  assert_non_null(strstr(out, "b.txt:1:1: note: le fichier commence par la marque"));
  assert_non_null(strstr(out, "u.txt:1:2: erreur[E0001]"));
  assert_null(strstr(out, "relancez"));
  free(out);
}

/* UTF-16, with or without its byte order mark, is named (E0006), whatever
   the encoding asked for. */
static void test_utf16_named(void **state) {
  struct fx *f = *state;
  struct cb_source *s;
  static const char le[] = "\xff\xfe" "c\0o\0n\0t\0r\0a\0t\0\n\0";
  static const char be[] = "\0c\0o\0n\0t\0r\0a\0t\0\n";
  assert_int_equal(cb_source_from_string(&f->set, "le.txt", le, sizeof le - 1, &f->diags, &s),
                   CB_LOAD_INVALID);
  f->set.encoding = CB_ENC_UTF8;
  assert_int_equal(cb_source_from_string(&f->set, "be.txt", be, sizeof be - 1, &f->diags, &s),
                   CB_LOAD_INVALID);
  char *out = cb_diag_render_string(&f->diags, 100);
  assert_non_null(strstr(out, "le.txt:1:1: erreur[E0006]: fichier encodé en UTF-16 (UTF-16LE, "
                              "avec marque d'ordre des octets)"));
  assert_non_null(strstr(out, "    1 | contrat\n"));
  assert_non_null(strstr(out, "be.txt:1:1: erreur[E0006]: fichier encodé en UTF-16 (UTF-16BE)"));
  assert_null(strstr(out, "E0001"));
  assert_null(strstr(out, "E0002"));
  free(out);
}

/* A lone CR ends a line (old Mac OS); CR LF is left alone. */
static void test_lone_cr_is_line_end(void **state) {
  struct fx *f = *state;
  struct cb_source *s;
  f->set.encoding = CB_ENC_UTF8;
  assert_int_equal(cb_source_from_string(&f->set, "cr.txt", "# a\rb\r\nc\r", 9, &f->diags, &s),
                   CB_LOAD_OK);
  assert_string_equal(s->text, "# a\nb\r\nc\n");
  assert_int_equal(s->nlines, 4);
  assert_true(s->normalized);
  size_t len;
  const char *l2 = cb_source_line(s, 2, &len);
  assert_int_equal(len, 1);
  assert_int_equal(l2[0], 'b');
}

/* A decomposed text (e + U+0301) is composed to NFC on reading. */
static void test_nfd_composed(void **state) {
  struct fx *f = *state;
  struct cb_source *s;
  f->set.encoding = CB_ENC_UTF8;
  static const char nfd[] = "pe\xcc\x81riode \"E\xcc\x81quipe\"\n";
  assert_int_equal(cb_source_from_string(&f->set, "d.txt", nfd, sizeof nfd - 1, &f->diags, &s),
                   CB_LOAD_OK);
  assert_string_equal(s->text, "période \"Équipe\"\n");
  assert_true(s->normalized);
  assert_int_equal(cb_source_from_string(&f->set, "c.txt", "période\n", 9, &f->diags, &s),
                   CB_LOAD_OK);
  assert_false(s->normalized);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_high_byte, setup, teardown),
      cmocka_unit_test_setup_teardown(test_euro_and_apostrophe, setup, teardown),
      cmocka_unit_test_setup_teardown(test_undefined_byte, setup, teardown),
      cmocka_unit_test_setup_teardown(test_positions_count_input_bytes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_line_length_in_input_bytes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_valid_utf8_stays_utf8, setup, teardown),
      cmocka_unit_test_setup_teardown(test_mixed_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_utf16_named, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lone_cr_is_line_end, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nfd_composed, setup, teardown),
  };
  return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
