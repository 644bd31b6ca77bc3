/*
 * test_provenance.c: the provenance a report states (provenance.c).
 *
 * The command line is written for a POSIX shell and read back by
 * `cible verifie`: every argument must come back as it was, spaces,
 * quotes, newlines and accents included, and -o with its file is left out.
 * A file's digest is the SHA-256 of its bytes as read, before any
 * conversion (the known digest of "abc"; a Latin-1 file hashed as written).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "provenance.h"
#include "source.h"

static void round_trip(const char **argv, int argc, int kept) {
  struct cb_provenance p;
  cb_provenance_init(&p, argc, (char **)argv);
  assert_int_equal(p.nargs, (size_t)kept);
  struct cb_buf b = CB_BUF_INIT;
  cb_provenance_command(&b, &p);
  char **args;
  size_t n;
  assert_true(cb_provenance_split(b.data, b.len, &args, &n));
  assert_int_equal(n, (size_t)kept + 1);
  assert_string_equal(args[0], "cible");
  for (size_t i = 0; i < p.nargs; i++)
    assert_string_equal(args[i + 1], p.args[i]);
  for (size_t i = 0; i < n; i++)
    free(args[i]);
  free(args);
  cb_buf_free(&b);
  cb_provenance_free(&p);
}

static void test_command_round_trip(void **state) {
  (void)state;
  const char *argv[] = {"/usr/bin/cible", "eval", "mon contrat.cible", "l'avenant n°1.cible",
                  "a\nb", "", "--periode", "an 1 a an 3", "-o", "sortie.txt",
                  "$HOME*?[x]\\", "été"};
  round_trip(argv, (int)(sizeof argv / sizeof argv[0]), 9);
}

static void test_plain_words_unquoted(void **state) {
  (void)state;
  const char *argv[] = {"cible", "eval", "examples/cafe_cpts.cible", "--periode", "2024",
                  "--sortie", "r.txt"};
  struct cb_provenance p;
  cb_provenance_init(&p, 7, (char **)argv);
  struct cb_buf b = CB_BUF_INIT;
  cb_provenance_command(&b, &p);
  assert_string_equal(cb_buf_str(&b), "cible eval examples/cafe_cpts.cible --periode 2024");
  cb_buf_free(&b);
  cb_provenance_free(&p);
}

static void test_unterminated_quote_refused(void **state) {
  (void)state;
  char **args;
  size_t n;
  assert_false(cb_provenance_split("cible eval 'a", 13, &args, &n));
}

static void test_digest_of_file_bytes(void **state) {
  (void)state;
  char path[] = "/tmp/cible-prov-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  /* "abc" then, in a second file, Latin-1 "é" (0xE9) */
  assert_int_equal(write(fd, "abc", 3), 3);
  close(fd);
  struct cb_sources set = {0};
  struct cb_diags d = {0};
  struct cb_source *s;
  set.encoding = CB_ENC_CP1252;
  assert_int_equal(cb_source_load(&set, path, &d, &s), CB_LOAD_OK);
  struct cb_provenance p;
  const char *argv[] = {"cible"};
  cb_provenance_init(&p, 1, (char **)argv);
  cb_provenance_add_sources(&p, &set);
  cb_provenance_add_sources(&p, &set); /* listed once */
  assert_int_equal(p.nfiles, 1);
  assert_string_equal(p.files[0].sha256,
                      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  cb_provenance_free(&p);
  fd = open(path, O_WRONLY | O_TRUNC);
  assert_int_equal(write(fd, "\xe9", 1), 1);
  close(fd);
  assert_int_equal(cb_source_load(&set, path, &d, &s), CB_LOAD_OK);
  assert_true(s->normalized); /* converted to UTF-8 ... */
  cb_provenance_init(&p, 1, (char **)argv);
  cb_provenance_add_sources(&p, &set);
  assert_int_equal(p.nfiles, 2);
  /* ... but hashed as the byte on disk: sha256 of 0xE9 */
  assert_string_equal(p.files[1].sha256,
                      "de2e331d891ae267a7009cb45b4e8830f170e0c937288ea2731a1941c7a53b0d");
  cb_provenance_free(&p);
  cb_sources_free(&set);
  cb_diags_free(&d);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_command_round_trip),
      cmocka_unit_test(test_plain_words_unquoted),
      cmocka_unit_test(test_unterminated_quote_refused),
      cmocka_unit_test(test_digest_of_file_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
