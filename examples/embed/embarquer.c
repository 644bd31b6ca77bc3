/*
 * embarquer.c: a program that embeds libcible (docs/bibliotheque.md).
 *
 * It loads a contract and a CSV file of measures, checks them, evaluates the
 * contract for every period that has data, and prints for each period the
 * global attainment and the total paid as a small JSON document, every figure
 * exact (a rational written "a/b") and as the reports display it:
 *
 *   {
 *     "contrat": "cafe_cpts",
 *     "periodes": [
 *       {"periode": "an 1", "atteinte": {"exact": "67/120", ...}, "total": ...},
 *       ...
 *
 * Build it against the installed library (make install), with pkg-config:
 *
 *   cc -o embarquer embarquer.c $(pkg-config --cflags --libs cible)
 *   ./embarquer examples/cafe_cpts.cible examples/cafe_cpts_mesures_an2.csv \
 *       "$(pkg-config --variable=stdlibdir cible)"
 *
 * or statically: replace -lcible by -l:libcible.a and add --static to
 * pkg-config (for gmp and utf8proc). The diagnostics (warnings, errors) go
 * to stderr in the form `cible check` prints them; the status is 0 when the
 * contract was evaluated, 1 when it has errors, 2 on a usage error.
 * `make check` builds and runs this program against a fresh installation
 * (tests/i11_lib.sh) and compares what it prints with attendu.json.
 */
#include <stdio.h>

#include <cible.h>

/* s as a JSON string. */
static void put_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

/* "key": {"exact": …, "decimal": …, "affiche": …}, or "key": null with the
   reason the figure has none. */
static void put_figure(cible_result *r, const char *period, const char *key,
                       cible_figure which) {
  const char *exact, *decimal, *display;
  printf("\"%s\": ", key);
  if (cible_result_figure(r, period, NULL, which, &exact, &decimal, &display) !=
      CIBLE_FIGURE_OK) {
    fputs("null", stdout);
    return;
  }
  fputs("{\"exact\": ", stdout);
  put_string(exact);
  if (decimal) {
    fputs(", \"decimal\": ", stdout);
    put_string(decimal);
  }
  fputs(", \"affiche\": ", stdout);
  put_string(display);
  putchar('}');
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage : %s CONTRAT.cible MESURES.csv [BIBLIOTHEQUE]\n", argv[0]);
    return 2;
  }
  cible_session *s = cible_session_new();
  if (argc == 4)
    cible_set_stdlib(s, argv[3]);
  int status = 0;
  if (cible_add_contract(s, argv[1]) != CIBLE_LOAD_OK ||
      cible_add_measures(s, argv[2]) != CIBLE_LOAD_OK || !cible_check(s))
    status = 1;
  fputs(cible_diagnostics_text(s), stderr);
  cible_result *r = status ? NULL : cible_eval(s, NULL, NULL);
  if (!status && !r) {
    fprintf(stderr, "embarquer : %s\n", cible_last_error(s));
    status = 2;
  }
  if (r) {
    printf("{\n  \"contrat\": ");
    put_string(cible_contract_id(s, 0));
    printf(",\n  \"periodes\": [");
    for (size_t k = 0; k < cible_result_period_count(r); k++) {
      const char *period = cible_result_period(r, k);
      printf("%s\n    {\"periode\": ", k ? "," : "");
      put_string(period);
      fputs(", ", stdout);
      put_figure(r, period, "atteinte", CIBLE_ATTAINMENT);
      fputs(", ", stdout);
      put_figure(r, period, "total", CIBLE_TOTAL);
      const char *why = cible_result_reason(r, period, NULL);
      if (why) {
        fputs(", \"raison\": ", stdout);
        put_string(why);
      }
      putchar('}');
    }
    printf("\n  ]\n}\n");
    cible_result_free(r);
  }
  cible_session_free(s);
  return status;
}
