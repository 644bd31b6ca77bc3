/*
 * measures.c: measured values, checked and recorded in a dataset.
 *
 * A value is checked against the element it measures (cb_measure_check:
 * unit, oui/non, étape), whether it comes from a `mesures` block of a
 * contract file or from a CSV row. For CSV files, the header names the columns (contrat, indicateur, periode, valeur, in any
 * order, accents and case ignored; libelle and unite, which a measures
 * template writes, are read and not used; other columns are refused, so a
 * shifted extract is not read wrongly). Values are written as people export them:
 * "347 802", "4 942 738 €", "76,18 %", "6,00", or one of the words
 * neutralise, nd, oui, non, or an étape label. A number a spreadsheet may
 * have written two ways is refused unless the command line or a '#' line
 * before the header declares the convention: "1.000" / "1,000" (E0311, the
 * decimal mark) and, for a % indicator, a bare 0 < |x| <= 1 (E0312, a
 * fraction or a percentage); a bad declaration is E0313. A row of empty
 * fields (";;;") is a blank line. Each value is recorded in the run's
 * dataset (dataset.h), read once against the version of the contract in
 * force in its period (cb_contract_at). Rows are read one at a time through the CSV reader's callback; the last contract looked up is cached so
 * a million rows cost a million hash lookups, not a scan each.
 */
#include "measures.h"

#include <string.h>

#include "arena.h"
#include "ast.h"
#include "buf.h"
#include "csv.h"
#include "dataset.h"
#include "diag.h"
#include "model.h"
#include "num.h"
#include "suggest.h"

enum { COL_CONTRAT, COL_INDICATEUR, COL_PERIODE, COL_VALEUR, NCOLS };
static const char *col_names[NCOLS] = {"contrat", "indicateur", "periode", "valeur"};
/* Columns a measures template writes for the person who fills it
   (`cible mesures --modele`), read and not used. */
static const char *const info_names[] = {"libelle", "unite"};

struct reader {
  struct cb_program *prog;
  struct cb_dataset *ds;
  const struct cb_source *src;
  struct cb_diags *d;
  struct cb_arena *tmp; /* per-row scratch, reset by recreation every N rows */
  int col[NCOLS];
  size_t ncols;
  bool header_ok;
  size_t attached;
  int errors;
  struct cb_contract *last;
  mpq_t q, alt;
  struct cb_buf s1, s2;
  /* the conventions in force: the command line's, then the file's '#' lines */
  const struct cb_measures_conv *cli;
  struct cb_measures_conv conv;
  struct cb_loc dec_loc, pct_loc; /* where the file declared them (src NULL: not) */
  bool conv_bad;                  /* a declaration was refused (E0313) */
};

static const char decimal_hint[] =
    "déclarez la convention du fichier : une ligne « # decimale=virgule » (ou « point ») "
    "avant l'en-tête, ou l'option --decimale virgule|point";
static const char percent_hint[] =
    "déclarez la convention du fichier : une ligne « # pourcentages=fraction » (0,2 vaut "
    "20 %) ou « # pourcentages=pourcent » (0,2 vaut 0,2 %) avant l'en-tête, ou l'option "
    "--pourcentages fraction|pourcent";

bool cb_measures_decimal_word(const char *w, enum cb_decimal *out) {
  if (cb_word_is(w, "virgule") || strcmp(w, ",") == 0)
    *out = CB_DECIMAL_COMMA;
  else if (cb_word_is(w, "point") || strcmp(w, ".") == 0)
    *out = CB_DECIMAL_POINT;
  else
    return false;
  return true;
}

bool cb_measures_percent_word(const char *w, enum cb_percent_bare *out) {
  if (cb_word_is(w, "fraction"))
    *out = CB_PERCENT_FRACTION;
  else if (cb_word_is(w, "pourcent"))
    *out = CB_PERCENT_POURCENT;
  else
    return false;
  return true;
}

static void trim(const char **t, size_t *n) {
  while (*n && (**t == ' ' || **t == '\t')) {
    (*t)++;
    (*n)--;
  }
  while (*n && ((*t)[*n - 1] == ' ' || (*t)[*n - 1] == '\t' || (*t)[*n - 1] == '\r'))
    (*n)--;
  /* trailing U+00A0 or U+202F left by a spreadsheet */
  while (*n >= 2 && (unsigned char)(*t)[*n - 2] == 0xC2 && (unsigned char)(*t)[*n - 1] == 0xA0)
    *n -= 2;
  while (*n >= 3 && (unsigned char)(*t)[*n - 3] == 0xE2 && (unsigned char)(*t)[*n - 2] == 0x80 &&
         (unsigned char)(*t)[*n - 1] == 0xAF)
    *n -= 3;
}

static const char *copy(struct cb_buf *b, const char *t, size_t n) {
  cb_buf_clear(b);
  cb_buf_add(b, t, n);
  return cb_buf_str(b);
}

static bool header(struct reader *r, const struct cb_csv_record *rec) {
  for (int k = 0; k < NCOLS; k++)
    r->col[k] = -1;
  struct cb_arena *a = cb_arena_new();
  bool ok = true;
  for (size_t i = 0; i < rec->nfields; i++) {
    const char *t = rec->fields[i].text;
    size_t n = rec->fields[i].len;
    trim(&t, &n);
    const char *name = cb_fold(a, cb_arena_strndup(a, t, n));
    int found = -1;
    for (int k = 0; k < NCOLS; k++)
      if (strcmp(name, col_names[k]) == 0)
        found = k;
    bool info = false;
    for (size_t k = 0; k < sizeof info_names / sizeof info_names[0]; k++)
      info = info || strcmp(name, info_names[k]) == 0;
    if (info) {
      continue;
    } else if (found < 0) {
      cb_diag_error(r->d, rec->fields[i].loc, "E0309",
                    "colonne « %s » inconnue : l'en-tête attendu est "
                    "contrat;indicateur;periode;valeur",
                    cb_arena_strndup(a, t, n));
      ok = false;
    } else if (r->col[found] >= 0) {
      cb_diag_error(r->d, rec->fields[i].loc, "E0309", "colonne « %s » en double",
                    col_names[found]);
      ok = false;
    } else {
      r->col[found] = (int)i;
    }
  }
  for (int k = 0; k < NCOLS && ok; k++)
    if (r->col[k] < 0) {
      struct cb_loc loc = rec->nfields ? rec->fields[0].loc : cb_source_loc_at(r->src, 0);
      cb_diag_error(r->d, loc, "E0309",
                    "colonne « %s » absente : l'en-tête attendu est "
                    "contrat;indicateur;periode;valeur",
                    col_names[k]);
      ok = false;
    }
  r->ncols = rec->nfields;
  cb_arena_free(a);
  return ok;
}

/* Splits "4 942 738 €" / "76,18 %" / "12 jours" into number and unit, the
   number read under the file's decimal mark (r->alt: the other reading of an
   ambiguous one). */
static enum cb_num_reading parse_value(struct reader *r, const char *t, size_t n,
                                       struct cb_loc loc, struct cb_value *v) {
  memset(v, 0, sizeof *v);
  v->loc = loc;
  size_t end = n;
  if (end && t[end - 1] == '%') {
    v->unit.kind = CB_UNIT_PERCENT;
    v->unit.word = "%";
    end--;
  } else if (end >= 3 && memcmp(t + end - 3, "€", 3) == 0) {
    v->unit.kind = CB_UNIT_EURO;
    v->unit.word = "€";
    end -= 3;
  } else {
    size_t k = end;
    while (k && ((t[k - 1] >= 'a' && t[k - 1] <= 'z') || (t[k - 1] >= 'A' && t[k - 1] <= 'Z') ||
                 (unsigned char)t[k - 1] >= 0x80))
      k--;
    if (k < end && k > 0 && (t[k - 1] == ' ' || (unsigned char)t[k - 1] >= 0x80)) {
      const char *word = cb_arena_strndup(r->tmp, t + k, end - k);
      v->unit = cb_ast_unit_word(word, loc);
      end = k;
    }
  }
  const char *nt = t;
  size_t nn = end;
  trim(&nt, &nn);
  enum cb_num_reading rd = cb_num_parse_field_as(r->q, r->alt, nt, nn, r->conv.decimal);
  if (rd != CB_NUM_BAD)
    v->q = r->q;
  return rd;
}

/* " €", " %", " patients" after a reading of v: its written unit, else the
   unit of the indicator it measures; "" when neither has one. */
static void unit_suffix(struct cb_buf *b, const struct cb_node *node, const struct cb_value *v) {
  if (v->unit.kind != CB_UNIT_NONE && v->unit.word)
    cb_buf_printf(b, " %s", v->unit.word);
  else if (node->unit.kind != CB_UNIT_NONE)
    cb_buf_printf(b, " %s", cb_unit_label(&node->unit));
}

static const char *column_unit(struct cb_buf *b, const struct cb_node *node) {
  cb_buf_clear(b);
  if (node->unit.kind == CB_UNIT_NONE)
    cb_buf_puts(b, "sans unité");
  else
    cb_buf_printf(b, "en %s", cb_unit_label(&node->unit));
  return cb_buf_str(b);
}

/* E0311: "1.000" or "1,000" (the field text t) with no declared decimal
   mark; r->q and r->alt hold its two readings. */
static void ambiguous_mark(struct reader *r, const struct cb_node *node, const char *t, size_t n,
                           const struct cb_value *v, struct cb_loc loc) {
  char mark = memchr(t, ',', n) ? ',' : '.';
  struct cb_buf thousands = CB_BUF_INIT, decimal = CB_BUF_INIT, unit = CB_BUF_INIT;
  cb_num_fmt(&thousands, r->alt, 0, CB_WRITE_GROUP | CB_WRITE_NATURAL);
  unit_suffix(&thousands, node, v);
  cb_num_fmt(&decimal, r->q, 0, CB_WRITE_GROUP | CB_WRITE_NATURAL);
  unit_suffix(&decimal, node, v);
  cb_diag_error(r->d, loc, "E0311",
                "valeur « %.*s » ambiguë pour « %s » (%s) : %s si « %c » sépare les milliers, "
                "%s si « %c » est la marque décimale",
                (int)n, t, node->id, column_unit(&unit, node), cb_buf_str(&thousands), mark,
                cb_buf_str(&decimal), mark);
  cb_diag_note(r->d, loc, "%s", decimal_hint);
  cb_buf_free(&thousands);
  cb_buf_free(&decimal);
  cb_buf_free(&unit);
}

/* The note of an unreadable value (E0306) that a decimal mark explains: the
   one declared, which the value does not follow ("1.5" with ','), or the one
   that would read it when none is ("1.234,5": 1 234,5 with ','). */
static void unreadable_note(struct reader *r, const struct cb_node *node, const char *t,
                            size_t n, struct cb_loc loc) {
  if (r->src->sheet && n && (t[0] == '=' || t[0] == '#')) {
    cb_diag_note(r->d, loc, "%s",
                 t[0] == '='
                     ? "une formule dont le classeur n'enregistre pas le résultat (il n'a pas été "
                       "recalculé) : ouvrez-le dans un tableur et enregistrez-le, ou écrivez la "
                       "valeur elle-même"
                     : "une erreur de formule du tableur : corrigez la formule de la cellule, ou "
                       "écrivez « nd » si la mesure n'est pas disponible");
    return;
  }
  enum cb_decimal declared = r->conv.decimal;
  if (declared != CB_DECIMAL_EITHER) {
    char twin = declared == CB_DECIMAL_COMMA ? '.' : ',';
    if (memchr(t, twin, n))
      cb_diag_note(r->d, loc,
                   "la marque décimale déclarée est « %c » : « %c » n'y sépare que les milliers, "
                   "par groupes de trois chiffres",
                   twin == '.' ? ',' : '.', twin);
    return;
  }
  static const enum cb_decimal marks[] = {CB_DECIMAL_COMMA, CB_DECIMAL_POINT};
  for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
    struct cb_value v;
    r->conv.decimal = marks[i];
    enum cb_num_reading rd = parse_value(r, t, n, loc, &v);
    r->conv.decimal = declared;
    if (rd != CB_NUM_OK)
      continue;
    struct cb_buf b = CB_BUF_INIT;
    cb_num_fmt(&b, r->q, 0, CB_WRITE_GROUP | CB_WRITE_NATURAL);
    unit_suffix(&b, node, &v);
    cb_diag_note(r->d, loc,
                 "avec « # decimale=%s » (ou --decimale %s), ce serait %s : déclarez la "
                 "convention du fichier si c'est bien sa lecture",
                 marks[i] == CB_DECIMAL_COMMA ? "virgule" : "point",
                 marks[i] == CB_DECIMAL_COMMA ? "virgule" : "point", cb_buf_str(&b));
    cb_buf_free(&b);
    return;
  }
}

/* A number without unit for a % indicator: per the file's convention a
   fraction (r->q scaled to a percentage) or a percentage; E0312 when
   undeclared and it could be either (0 < |x| <= 1). */
static bool bare_percent(struct reader *r, const struct cb_node *node, const char *t, size_t n,
                         struct cb_loc loc) {
  if (r->conv.percent == CB_PERCENT_FRACTION) {
    mpq_set_ui(r->alt, 100, 1);
    mpq_mul(r->q, r->q, r->alt);
    return true;
  }
  if (r->conv.percent == CB_PERCENT_POURCENT || mpq_sgn(r->q) == 0)
    return true;
  mpq_abs(r->alt, r->q);
  if (mpq_cmp_ui(r->alt, 1, 1) > 0)
    return true;
  struct cb_buf as_is = CB_BUF_INIT, scaled = CB_BUF_INIT;
  cb_num_fmt(&as_is, r->q, 0, CB_WRITE_GROUP | CB_WRITE_NATURAL);
  mpq_set_ui(r->alt, 100, 1);
  mpq_mul(r->alt, r->q, r->alt);
  cb_num_fmt(&scaled, r->alt, 0, CB_WRITE_GROUP | CB_WRITE_NATURAL);
  cb_diag_error(r->d, loc, "E0312",
                "valeur « %.*s » sans « %% » pour « %s » (en %%) : %s %% tel qu'écrit, ou %s %% "
                "si c'est une fraction écrite par un tableur",
                (int)n, t, node->id, cb_buf_str(&as_is), cb_buf_str(&scaled));
  if (r->src->sheet)
    cb_diag_note(r->d, loc,
                 "dans le classeur, donnez à la cellule le format Pourcentage (elle vaudra "
                 "%s %%), ou écrivez « %s %% » ; ou l'option --pourcentages fraction|pourcent",
                 cb_buf_str(&scaled), cb_buf_str(&as_is));
  else
    cb_diag_note(r->d, loc, "écrivez « %s %% » ou « %s %% », ou %s", cb_buf_str(&as_is),
                 cb_buf_str(&scaled), percent_hint);
  cb_buf_free(&as_is);
  cb_buf_free(&scaled);
  return false;
}

/* The version of contract c in force in the row's period, when that
   period is one of c's (version.c); c itself when the period is not one of
   its own (reported below); NULL when no version applies to it. */
static struct cb_contract *version_of_row(struct cb_contract *c, const struct cb_csv_field *fp) {
  if (!c->versions)
    return c;
  const char *t = fp->text;
  size_t n = fp->len;
  trim(&t, &n);
  enum cb_period_kind pk;
  long pn;
  if (!cb_period_parse(t, n, &pk, &pn))
    return c;
  const struct cb_period *p = cb_contract_period(c, pk, pn);
  return p ? cb_contract_at(c, p) : c;
}

/* One `clé=valeur` word of a comment line (at loc, n bytes long). */
static void directive(struct reader *r, const char *w, size_t n, struct cb_loc loc) {
  loc.end_line = loc.line;
  loc.end_col = loc.col + (int)n;
  const char *eq = memchr(w, '=', n);
  const char *key = cb_arena_strndup(r->tmp, w, (size_t)(eq - w));
  const char *val = cb_arena_strndup(r->tmp, eq + 1, n - (size_t)(eq - w) - 1);
  bool is_dec = cb_word_is(key, "decimale"), is_pct = cb_word_is(key, "pourcentages");
  if (!is_dec && !is_pct) {
    cb_diag_error(r->d, loc, "E0313",
                  "convention « %s » inconnue : un fichier de mesures déclare "
                  "« decimale=virgule|point » ou « pourcentages=fraction|pourcent »",
                  key);
    const char *best = cb_suggest_better(key, "decimale", NULL);
    best = cb_suggest_better(key, "pourcentages", best);
    if (best)
      cb_diag_note(r->d, loc, "voulez-vous dire « %s » ?", best);
    r->conv_bad = true;
    return;
  }
  if (is_dec && r->src->sheet) {
    cb_diag_error(r->d, loc, "E0313",
                  "« %s » : un classeur n'a pas de marque décimale à déclarer (ses nombres "
                  "sont enregistrés sans ambiguïté)",
                  cb_arena_strndup(r->tmp, w, n));
    r->conv_bad = true;
    return;
  }
  enum cb_decimal dec = CB_DECIMAL_EITHER;
  enum cb_percent_bare pct = CB_PERCENT_UNSET;
  if (is_dec ? !cb_measures_decimal_word(val, &dec) : !cb_measures_percent_word(val, &pct)) {
    cb_diag_error(r->d, loc, "E0313", "« %s » : %s", cb_arena_strndup(r->tmp, w, n),
                  is_dec ? "la marque décimale est « virgule » ou « point »"
                         : "les pourcentages sans « % » sont « fraction » (0,2 vaut 20 %) ou "
                           "« pourcent » (0,2 vaut 0,2 %)");
    r->conv_bad = true;
    return;
  }
  struct cb_loc *seen = is_dec ? &r->dec_loc : &r->pct_loc;
  bool differs = is_dec ? r->conv.decimal != dec : r->conv.percent != pct;
  bool cli = r->cli && (is_dec ? r->cli->decimal != CB_DECIMAL_EITHER
                               : r->cli->percent != CB_PERCENT_UNSET);
  if (differs && seen->src) {
    cb_diag_error(r->d, loc, "E0313", "« %s » contredit la déclaration précédente",
                  cb_arena_strndup(r->tmp, w, n));
    cb_diag_note(r->d, *seen, "déclaration précédente");
    r->conv_bad = true;
    return;
  }
  if (differs && cli) {
    const char *given = is_dec ? (r->cli->decimal == CB_DECIMAL_COMMA ? "decimale virgule"
                                                                      : "decimale point")
                               : (r->cli->percent == CB_PERCENT_FRACTION ? "pourcentages fraction"
                                                                         : "pourcentages pourcent");
    cb_diag_error(r->d, loc, "E0313", "« %s » contredit l'option --%s de la ligne de commande",
                  cb_arena_strndup(r->tmp, w, n), given);
    r->conv_bad = true;
    return;
  }
  *seen = loc;
  if (is_dec)
    r->conv.decimal = dec;
  else
    r->conv.percent = pct;
}

/* A '#' line before the header: free text, whose `clé=valeur` words declare
   the file's conventions. */
static void comment_line(struct reader *r, const struct cb_csv_field *f) {
  size_t i = 0;
  while (i < f->len) {
    while (i < f->len && (f->text[i] == ' ' || f->text[i] == '\t'))
      i++;
    size_t start = i;
    while (i < f->len && f->text[i] != ' ' && f->text[i] != '\t')
      i++;
    if (i > start && memchr(f->text + start, '=', i - start)) {
      struct cb_loc loc = f->loc;
      loc.col += (int)start;
      directive(r, f->text + start, i - start, loc);
    }
  }
}

/* A record whose fields are all empty or blank (the ";;;" rows a spreadsheet
   writes below its table) is a blank line. */
static bool blank_record(const struct cb_csv_record *rec) {
  for (size_t i = 0; i < rec->nfields; i++) {
    const char *t = rec->fields[i].text;
    size_t n = rec->fields[i].len;
    trim(&t, &n);
    if (n)
      return false;
  }
  return true;
}

/* The contract a row names, or NULL after reporting E0303. */
static struct cb_contract *row_contract(struct reader *r, const struct cb_csv_field *fc) {
  const char *t = fc->text;
  size_t n = fc->len;
  trim(&t, &n);
  const char *cid = copy(&r->s1, t, n);
  struct cb_contract *c = r->last;
  if (!c || strcmp(c->id, cid) != 0)
    c = cb_program_contract(r->prog, cid);
  if (!c) {
    cb_diag_error(r->d, fc->loc, "E0303", "contrat « %s » inconnu", cid);
    const char *best = NULL;
    for (struct cb_contract *k = r->prog->contracts; k; k = k->next)
      best = cb_suggest_better(cid, k->id, best);
    if (best)
      cb_diag_note(r->d, fc->loc, "voulez-vous dire « %s » ?", best);
    return NULL;
  }
  r->last = c;
  return c;
}

/* An indicator id unknown in contract c (E0201 in a `mesures` block, E0304
   in a CSV row), with the closest indicator's name as a suggestion. */
static void unknown_indicator(struct cb_diags *d, const struct cb_contract *c, const char *id,
                              struct cb_loc loc, const char *code) {
  cb_diag_error(d, loc, code, "indicateur « %s » inconnu dans le contrat « %s »", id, c->id);
  const char *best = NULL;
  for (size_t i = 0; i < c->nindicators; i++)
    best = cb_suggest_better(id, c->indicators[i]->id, best);
  if (best)
    cb_diag_note(d, loc, "voulez-vous dire « %s » ?", best);
}

/* The indicator or donnée a row names in version c, or NULL after
   reporting E0304. */
static struct cb_node *row_node(struct reader *r, const struct cb_contract *c,
                                const struct cb_csv_field *fi) {
  const char *t = fi->text;
  size_t n = fi->len;
  trim(&t, &n);
  const char *iid = copy(&r->s2, t, n);
  struct cb_node *node = cb_contract_lookup(c, iid);
  if (node && (node->kind == CB_NODE_INDICATOR || node->kind == CB_NODE_DONNEE))
    return node;
  if (node) {
    cb_diag_error(r->d, fi->loc, "E0304",
                  "« %s » est un groupe : seuls les indicateurs et les données se mesurent", iid);
    return NULL;
  }
  unknown_indicator(r->d, c, iid, fi->loc, "E0304");
  return NULL;
}

/* The period of c a row names, or NULL after reporting E0307 or E0210. */
static struct cb_period *row_period(struct reader *r, const struct cb_contract *c,
                                    const struct cb_csv_field *fp) {
  const char *t = fp->text;
  size_t n = fp->len;
  trim(&t, &n);
  enum cb_period_kind pk;
  long pn;
  if (!cb_period_parse(t, n, &pk, &pn)) {
    cb_diag_error(r->d, fp->loc, "E0307",
                  "période « %.*s » illisible : « an 2 » ou une année comme « 2020 » est "
                  "attendue",
                  (int)n, t);
    return NULL;
  }
  struct cb_period *p = cb_contract_period(c, pk, pn);
  if (p)
    return p;
  if (c->nperiods)
    cb_diag_error(r->d, fp->loc, "E0210",
                  "période « %.*s » hors du contrat « %s », qui va de « %s » à « %s »", (int)n,
                  t, c->id, c->periods[0].name, c->periods[c->nperiods - 1].name);
  else
    cb_diag_error(r->d, fp->loc, "E0210", "période « %.*s » : le contrat « %s » n'a pas de période",
                  (int)n, t, c->id);
  return NULL;
}

/* A number read in a row for node: a bare number of a % column is a
   fraction or a percentage by the file's convention. False after
   reporting. */
static bool row_number(struct reader *r, const struct cb_node *node, const char *t, size_t n,
                       struct cb_loc vloc, enum cb_num_reading rd, struct cb_value *v,
                       struct cb_measure *m) {
  if (rd == CB_NUM_AMBIGUOUS) {
    ambiguous_mark(r, node, t, n, v, vloc);
    return false;
  }
  bool stepped = node->kind == CB_NODE_INDICATOR &&
                 (node->method == CB_METHOD_ETAPES || node->method == CB_METHOD_OUI_NON);
  if (node->unit.kind == CB_UNIT_PERCENT && v->unit.kind == CB_UNIT_NONE && !stepped) {
    if (!bare_percent(r, node, t, n, vloc))
      return false;
    if (r->conv.percent == CB_PERCENT_FRACTION)
      m->origin = "CSV fraction"; /* said by --explain */
  }
  m->kind = CB_MVAL_NUMBER;
  return true;
}

/* The value of a row for node in period p: its kind in *m, the number in
   *v, an étape's label in *label. False after reporting E0306 (or the
   number's own errors). */
static bool row_value(struct reader *r, const struct cb_node *node, const struct cb_period *p,
                      const struct cb_csv_field *fv, struct cb_measure *m, struct cb_value *v,
                      const char **label) {
  const char *t = fv->text;
  size_t n = fv->len;
  trim(&t, &n);
  struct cb_loc vloc = fv->loc;
  enum cb_num_reading rd;
  const char *word = cb_fold(r->tmp, cb_arena_strndup(r->tmp, t, n));
  if (n == 0) {
    cb_diag_error(r->d, vloc, "E0306",
                  "valeur vide pour « %s » en %s : écrivez la mesure, ou « nd » si elle "
                  "n'est pas disponible",
                  node->id, p->name);
    return false;
  }
  if (strcmp(word, "neutralise") == 0)
    m->kind = CB_MVAL_NEUTRALISE;
  else if (strcmp(word, "nd") == 0)
    m->kind = CB_MVAL_ND;
  else if (strcmp(word, "oui") == 0)
    m->kind = CB_MVAL_OUI;
  else if (strcmp(word, "non") == 0)
    m->kind = CB_MVAL_NON;
  else if ((rd = parse_value(r, t, n, vloc, v)) != CB_NUM_BAD)
    return row_number(r, node, t, n, vloc, rd, v, m);
  else if (node->kind == CB_NODE_INDICATOR && node->method == CB_METHOD_ETAPES) {
    m->kind = CB_MVAL_LABEL;
    *label = cb_arena_strndup(r->tmp, t, n);
  } else {
    cb_diag_error(r->d, vloc, "E0306", "valeur « %.*s » illisible pour « %s »", (int)n, t,
                  node->id);
    unreadable_note(r, node, t, n, vloc);
    return false;
  }
  return true;
}

/* Checks the value of a row and records it in the dataset. False after
   reporting. */
static bool row_record(struct reader *r, const struct cb_contract *c, const struct cb_node *node,
                       const struct cb_period *p, const struct cb_csv_field *fv) {
  struct cb_measure m;
  memset(&m, 0, sizeof m);
  m.loc = fv->loc;
  m.origin = "CSV";
  struct cb_value v;
  memset(&v, 0, sizeof v);
  const char *label = NULL;
  if (!row_value(r, node, p, fv, &m, &v, &label))
    return false;
  mpq_t scratch;
  mpq_init(scratch);
  bool ok = cb_measure_check(r->d, node, m.kind, &v, label, fv->loc, &m, scratch);
  if (ok) {
    int before = r->d->nerrors;
    cb_dataset_record(r->ds, r->d, c, node, p, &m);
    ok = r->d->nerrors == before;
  }
  mpq_clear(scratch);
  return ok;
}

/* A line that is not a row of measures: a comment, a blank line, the
   header. Returns -1 when rec is a row to read, else the callback's
   answer (0 go on, 1 stop). */
static int not_a_row(struct reader *r, const struct cb_csv_record *rec) {
  if (rec->comment) {
    comment_line(r, &rec->fields[0]);
    return 0;
  }
  if (blank_record(rec))
    return 0;
  if (r->conv_bad)
    return 1; /* every number of the file is in doubt: nothing more is read */
  if ((rec->line == 1 || !r->header_ok) && r->ncols == 0 && !r->header_ok) {
    r->header_ok = header(r, rec);
    return r->header_ok ? 0 : 1;
  }
  if (r->errors > 1000)
    return 1;
  return -1;
}

static int on_record(void *ctx, const struct cb_csv_record *rec) {
  struct reader *r = ctx;
  int done = not_a_row(r, rec);
  if (done >= 0)
    return done;
  if (rec->nfields != r->ncols) {
    struct cb_loc loc = rec->nfields ? rec->fields[0].loc : cb_source_loc_at(r->src, 0);
    cb_diag_error(r->d, loc, "E0308", "ligne de %zu champs, l'en-tête en annonce %zu",
                  rec->nfields, r->ncols);
    r->errors++;
    return 0;
  }
  const struct cb_csv_field *fp = &rec->fields[r->col[COL_PERIODE]];
  struct cb_contract *c = row_contract(r, &rec->fields[r->col[COL_CONTRAT]]);
  if (c && !(c = version_of_row(c, fp)))
    return 0; /* no version of the contract applies to that period */
  const struct cb_node *node = c ? row_node(r, c, &rec->fields[r->col[COL_INDICATEUR]]) : NULL;
  const struct cb_period *p = node ? row_period(r, c, fp) : NULL;
  if (p && row_record(r, c, node, p, &rec->fields[r->col[COL_VALEUR]]))
    r->attached++;
  else
    r->errors++;
  if (rec->line % 4096 == 0) {
    cb_arena_free(r->tmp);
    r->tmp = cb_arena_new();
  }
  return 0;
}

size_t cb_measures_load_csv(struct cb_program *p, struct cb_dataset *ds,
                            const struct cb_source *src, const struct cb_measures_conv *conv,
                            struct cb_diags *d) {
  struct reader r;
  memset(&r, 0, sizeof r);
  r.prog = p;
  r.ds = ds;
  r.src = src;
  r.d = d;
  r.tmp = cb_arena_new();
  r.cli = conv;
  if (conv)
    r.conv = *conv;
  /* a spreadsheet's number cells are written so that either mark reads them
     (xlsx_read.h), so a sheet is read without a decimal convention, whatever
     the command line declares for CSV files */
  struct cb_measures_conv sheet_cli;
  if (src->sheet) {
    sheet_cli = r.conv;
    sheet_cli.decimal = CB_DECIMAL_EITHER;
    r.conv.decimal = CB_DECIMAL_EITHER;
    r.cli = &sheet_cli;
  }
  mpq_init(r.q);
  mpq_init(r.alt);
  cb_csv_read(src, d, on_record, &r);
  if (!r.header_ok && r.ncols == 0 && d->nerrors == 0)
    cb_diag_error(d, cb_source_loc_at(src, 0), "E0309",
                  "fichier de mesures vide : l'en-tête contrat;indicateur;periode;valeur est "
                  "attendu");
  if (r.errors > 1000)
    cb_diag_error(d, cb_source_loc_at(src, src->len), "E0310",
                  "trop d'erreurs dans ce fichier de mesures : lecture arrêtée");
  mpq_clear(r.q);
  mpq_clear(r.alt);
  cb_buf_free(&r.s1);
  cb_buf_free(&r.s2);
  cb_arena_free(r.tmp);
  return r.attached;
}

/* ---- `mesures` blocks ------------------------------------------------------ */

void cb_measures_attach_block(struct cb_program *prog, struct cb_dataset *ds, struct cb_diags *d,
                              const struct cb_top *t) {
  struct cb_contract *c = cb_program_contract(prog, t->id);
  if (!c) {
    cb_diag_error(d, t->id_loc, "E0201", "contrat « %s » inconnu dans ces mesures", t->id);
    const char *best = NULL;
    for (struct cb_contract *k = prog->contracts; k; k = k->next)
      best = cb_suggest_better(t->id, k->id, best);
    if (best)
      cb_diag_note(d, t->id_loc, "voulez-vous dire « %s » ?", best);
    return;
  }
  struct cb_period *p = cb_contract_period_ref(prog->arena, d, c, &t->period);
  if (!p || !(c = cb_contract_at(c, p)))
    return;
  mpq_t q;
  mpq_init(q);
  for (const struct cb_measure_line *ml = t->measures; ml; ml = ml->next) {
    struct cb_node *n = cb_contract_lookup(c, ml->id);
    if (!n || (n->kind != CB_NODE_INDICATOR && n->kind != CB_NODE_DONNEE)) {
      if (n)
        cb_diag_error(d, ml->id_loc, "E0201",
                      "« %s » est un groupe : seuls les indicateurs et les données se mesurent",
                      ml->id);
      else
        unknown_indicator(d, c, ml->id, ml->id_loc, "E0201");
      continue;
    }
    struct cb_measure m;
    memset(&m, 0, sizeof m);
    m.kind = ml->kind;
    m.loc = ml->loc;
    m.origin = "mesures";
    if (!cb_measure_check(d, n, ml->kind, &ml->value, ml->label, ml->loc, &m, q))
      continue;
    cb_dataset_record(ds, d, c, n, p, &m);
  }
  mpq_clear(q);
}

/* An étape label measured for n: the count of étapes it reaches. */
static bool check_label(struct cb_diags *d, const struct cb_node *n, const char *label,
                        struct cb_loc loc, struct cb_measure *m) {
  for (size_t i = 0; i < n->netapes; i++) {
    if (strcmp(n->etapes[i].label, label) == 0) {
      m->etape = (int)i + 1;
      return true;
    }
  }
  cb_diag_error(d, loc, "E0232", "étape « %s » inconnue pour « %s »", label, n->id);
  cb_diag_note(d, n->etapes ? n->etapes[0].loc : n->loc, "étapes déclarées ici");
  return false;
}

/* A number measured for n: a count of étapes (méthode étapes), else a
   value in n's unit, normalised into scratch. */
static bool check_number(struct cb_diags *d, const struct cb_node *n, bool etapes,
                         const struct cb_value *v, struct cb_measure *m, mpq_t scratch) {
  if (etapes) {
    if (mpz_cmp_ui(mpq_denref(v->q), 1) != 0 || mpq_sgn(v->q) < 0 ||
        mpz_cmp_ui(mpq_numref(v->q), n->netapes) > 0) {
      cb_diag_error(d, v->loc, "E0232",
                    "« %s » compte %zu étapes : la mesure est un nombre entier d'étapes "
                    "franchies de 0 à %zu, ou le libellé de la dernière",
                    n->id, n->netapes, n->netapes);
      return false;
    }
    m->etape = (int)mpz_get_si(mpq_numref(v->q));
    return true;
  }
  if (!cb_model_value(d, n, v, "la mesure", scratch))
    return false;
  m->value = scratch;
  return true;
}

bool cb_measure_check(struct cb_diags *d, const struct cb_node *n, enum cb_mval_kind kind,
                      const struct cb_value *v, const char *label, struct cb_loc loc,
                      struct cb_measure *m, mpq_t scratch) {
  bool ouinon = n->kind == CB_NODE_INDICATOR && n->method == CB_METHOD_OUI_NON;
  bool etapes = n->kind == CB_NODE_INDICATOR && n->method == CB_METHOD_ETAPES;
  switch (kind) {
  case CB_MVAL_NEUTRALISE:
    if (n->kind == CB_NODE_DONNEE) {
      cb_diag_error(d, loc, "E0231", "une donnée ne se neutralise pas : « %s »", n->id);
      return false;
    }
    return true;
  case CB_MVAL_ND:
    return true;
  case CB_MVAL_OUI:
  case CB_MVAL_NON:
    if (!ouinon) {
      cb_diag_error(d, loc, "E0231",
                    "« %s » attend une mesure chiffrée, pas oui/non (sa méthode est « %s »)",
                    n->id, n->kind == CB_NODE_DONNEE ? "donnée" : cb_method_name(n->method));
      return false;
    }
    return true;
  case CB_MVAL_LABEL:
    if (!etapes) {
      cb_diag_error(d, loc, "E0231", "« %s » attend une mesure chiffrée, pas un libellé",
                    n->id);
      return false;
    }
    return check_label(d, n, label, loc, m);
  case CB_MVAL_NUMBER:
    if (ouinon) {
      cb_diag_error(d, loc, "E0231", "« %s » se mesure par oui ou non", n->id);
      return false;
    }
    return check_number(d, n, etapes, v, m, scratch);
  }
  return false;
}

void cb_measures_attach_blocks(struct cb_program *prog, struct cb_dataset *ds, struct cb_diags *d,
                               struct cb_file **files, size_t nfiles) {
  for (size_t f = 0; f < nfiles; f++)
    for (const struct cb_top *t = files[f]->tops; t; t = t->next)
      if (t->kind == CB_TOP_MESURES)
        cb_measures_attach_block(prog, ds, d, t);
}
