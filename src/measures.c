/*
 * measures.c: the rows of a measures CSV file, checked and attached.
 *
 * The header names the columns (contrat, indicateur, periode, valeur, in any
 * order, accents and case ignored; other columns are refused, so a shifted
 * extract is not read wrongly). Values are written as people export them:
 * "347 802", "4 942 738 €", "76,18 %", "6,00", or one of the words
 * neutralise, nd, oui, non, or an étape label. A row of empty fields
 * (";;;", as spreadsheets write below a table) is a blank line. Rows are read one at a time
 * through the CSV reader's callback; the last contract looked up is cached so
 * a million rows cost a million hash lookups, not a scan each.
 */
#include "measures.h"

#include <string.h>

#include "arena.h"
#include "ast.h"
#include "buf.h"
#include "csv.h"
#include "diag.h"
#include "model.h"
#include "num.h"
#include "suggest.h"

enum { COL_CONTRAT, COL_INDICATEUR, COL_PERIODE, COL_VALEUR, NCOLS };
static const char *col_names[NCOLS] = {"contrat", "indicateur", "periode", "valeur"};

struct reader {
  struct cb_program *prog;
  const struct cb_source *src;
  struct cb_diags *d;
  struct cb_arena *tmp; /* per-row scratch, reset by recreation every N rows */
  int col[NCOLS];
  size_t ncols;
  bool header_ok;
  size_t attached;
  int errors;
  struct cb_contract *last;
  mpq_t q;
  struct cb_buf s1, s2;
};

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
    if (found < 0) {
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

/* Splits "4 942 738 €" / "76,18 %" / "12 jours" into number and unit. */
static bool parse_value(struct reader *r, const char *t, size_t n, struct cb_loc loc,
                        struct cb_value *v) {
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
  if (!cb_num_parse_field(r->q, nt, nn))
    return false;
  v->q = r->q;
  return true;
}

/* True when the row's period is one of the contract's, but one this version
   of the contract does not apply to (version.c): another version reads it. */
static bool out_of_force(const struct cb_contract *c, const struct cb_csv_field *fp) {
  if (c->from == 0 && c->to == (int)c->nperiods - 1)
    return false;
  const char *t = fp->text;
  size_t n = fp->len;
  trim(&t, &n);
  enum cb_period_kind pk;
  long pn;
  if (!cb_period_parse(t, n, &pk, &pn))
    return false;
  const struct cb_period *p = cb_contract_period(c, pk, pn);
  return p && !cb_contract_in_force(c, p);
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

static int on_record(void *ctx, const struct cb_csv_record *rec) {
  struct reader *r = ctx;
  if (blank_record(rec))
    return 0;
  if (rec->line == 1 || !r->header_ok) {
    if (r->ncols == 0 && !r->header_ok) {
      r->header_ok = header(r, rec);
      if (!r->header_ok)
        return 1;
      return 0;
    }
  }
  if (r->errors > 1000)
    return 1;
  if (rec->nfields != r->ncols) {
    struct cb_loc loc = rec->nfields ? rec->fields[0].loc : cb_source_loc_at(r->src, 0);
    cb_diag_error(r->d, loc, "E0308", "ligne de %zu champs, l'en-tête en annonce %zu",
                  rec->nfields, r->ncols);
    r->errors++;
    return 0;
  }
  const struct cb_csv_field *fc = &rec->fields[r->col[COL_CONTRAT]];
  const struct cb_csv_field *fi = &rec->fields[r->col[COL_INDICATEUR]];
  const struct cb_csv_field *fp = &rec->fields[r->col[COL_PERIODE]];
  const struct cb_csv_field *fv = &rec->fields[r->col[COL_VALEUR]];
  const char *t;
  size_t n;
  /* contract */
  t = fc->text;
  n = fc->len;
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
    r->errors++;
    return 0;
  }
  r->last = c;
  if (out_of_force(c, fp))
    return 0;
  /* indicator */
  t = fi->text;
  n = fi->len;
  trim(&t, &n);
  const char *iid = copy(&r->s2, t, n);
  struct cb_node *node = cb_contract_lookup(c, iid);
  if (!node || (node->kind != CB_NODE_INDICATOR && node->kind != CB_NODE_DONNEE)) {
    if (node)
      cb_diag_error(r->d, fi->loc, "E0304",
                    "« %s » est un groupe : seuls les indicateurs et les données se mesurent",
                    iid);
    else {
      cb_diag_error(r->d, fi->loc, "E0304", "indicateur « %s » inconnu dans le contrat « %s »",
                    iid, c->id);
      const char *best = NULL;
      for (size_t i = 0; i < c->nindicators; i++)
        best = cb_suggest_better(iid, c->indicators[i]->id, best);
      if (best)
        cb_diag_note(r->d, fi->loc, "voulez-vous dire « %s » ?", best);
    }
    r->errors++;
    return 0;
  }
  /* period */
  t = fp->text;
  n = fp->len;
  trim(&t, &n);
  enum cb_period_kind pk;
  long pn;
  if (!cb_period_parse(t, n, &pk, &pn)) {
    cb_diag_error(r->d, fp->loc, "E0307",
                  "période « %.*s » illisible : « an 2 » ou une année comme « 2020 » est "
                  "attendue",
                  (int)n, t);
    r->errors++;
    return 0;
  }
  struct cb_period *p = cb_contract_period(c, pk, pn);
  if (!p) {
    if (c->nperiods)
      cb_diag_error(r->d, fp->loc, "E0210",
                    "période « %.*s » hors du contrat « %s », qui va de « %s » à « %s »",
                    (int)n, t, c->id, c->periods[0].name, c->periods[c->nperiods - 1].name);
    else
      cb_diag_error(r->d, fp->loc, "E0210",
                    "période « %.*s » : le contrat « %s » n'a pas de période", (int)n, t,
                    c->id);
    r->errors++;
    return 0;
  }
  /* value */
  t = fv->text;
  n = fv->len;
  trim(&t, &n);
  struct cb_loc vloc = fv->loc;
  struct cb_measure m;
  memset(&m, 0, sizeof m);
  m.loc = fv->loc;
  m.origin = "CSV";
  struct cb_value v;
  memset(&v, 0, sizeof v);
  const char *label = NULL;
  const char *word = cb_fold(r->tmp, cb_arena_strndup(r->tmp, t, n));
  if (n == 0) {
    cb_diag_error(r->d, vloc, "E0306",
                  "valeur vide pour « %s » en %s : écrivez la mesure, ou « nd » si elle "
                  "n'est pas disponible",
                  node->id, p->name);
    r->errors++;
    return 0;
  } else if (strcmp(word, "neutralise") == 0) {
    m.kind = CB_MVAL_NEUTRALISE;
  } else if (strcmp(word, "nd") == 0) {
    m.kind = CB_MVAL_ND;
  } else if (strcmp(word, "oui") == 0) {
    m.kind = CB_MVAL_OUI;
  } else if (strcmp(word, "non") == 0) {
    m.kind = CB_MVAL_NON;
  } else if (parse_value(r, t, n, vloc, &v)) {
    m.kind = CB_MVAL_NUMBER;
  } else if (node->kind == CB_NODE_INDICATOR && node->method == CB_METHOD_ETAPES) {
    m.kind = CB_MVAL_LABEL;
    label = cb_arena_strndup(r->tmp, t, n);
  } else {
    cb_diag_error(r->d, vloc, "E0306", "valeur « %.*s » illisible pour « %s »", (int)n, t,
                  node->id);
    r->errors++;
    return 0;
  }
  mpq_t scratch;
  mpq_init(scratch);
  if (cb_measure_check(r->d, node, m.kind, &v, label, vloc, &m, scratch)) {
    int before = r->d->nerrors;
    cb_model_set_measure(r->prog->arena, r->d, node, p, &m);
    if (r->d->nerrors == before)
      r->attached++;
    else
      r->errors++;
  } else {
    r->errors++;
  }
  mpq_clear(scratch);
  if (rec->line % 4096 == 0) {
    cb_arena_free(r->tmp);
    r->tmp = cb_arena_new();
  }
  return 0;
}

size_t cb_measures_load_csv(struct cb_program *p, const struct cb_source *src,
                            struct cb_diags *d) {
  struct reader r;
  memset(&r, 0, sizeof r);
  r.prog = p;
  r.src = src;
  r.d = d;
  r.tmp = cb_arena_new();
  mpq_init(r.q);
  cb_csv_read(src, d, on_record, &r);
  if (!r.header_ok && r.ncols == 0 && d->nerrors == 0)
    cb_diag_error(d, cb_source_loc_at(src, 0), "E0309",
                  "fichier de mesures vide : l'en-tête contrat;indicateur;periode;valeur est "
                  "attendu");
  if (r.errors > 1000)
    cb_diag_error(d, cb_source_loc_at(src, src->len), "E0310",
                  "trop d'erreurs dans ce fichier de mesures : lecture arrêtée");
  mpq_clear(r.q);
  cb_buf_free(&r.s1);
  cb_buf_free(&r.s2);
  cb_arena_free(r.tmp);
  return r.attached;
}
