/*
 * schedule_report.c: prints payment schedules (schedule_report.h).
 *
 * The text form is a table (date, year, object, envelope, base, rate,
 * proration, amount, running total) followed by the computation of each
 * amount with the file:line of the rule and of the envelope it used, and
 * the list of amounts still to be determined with their reason. JSON and
 * CSV carry the same lines for programs and spreadsheets.
 */
#include "schedule_report.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "eval.h"
#include "format.h"
#include "json.h"
#include "provenance.h"
#include "num.h"
#include "payrule.h"
#include "table.h"

static char *s_date(struct cb_date d, bool iso) {
  struct cb_buf b = CB_BUF_INIT;
  if (iso)
    cb_date_fmt_iso(&b, d);
  else
    cb_date_fmt(&b, d);
  return cb_buf_take(&b);
}

static char *s_eur(mpq_srcptr q) {
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_eur(&b, q);
  return cb_buf_take(&b);
}

static char *s_pct(mpq_srcptr q) {
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_pct(&b, q);
  return cb_buf_take(&b);
}

static char *s_dup(const char *s) { return cb_xstrndup(s, strlen(s)); }

static char *s_envelope(const struct cb_schedule *s, const struct cb_pay_line *l) {
  struct cb_buf b = CB_BUF_INIT;
  if (l->env == CB_ENV_VARIABLE && s->contract->has_points_aci &&
      l->owner->kind == CB_NODE_CONTRACT)
    cb_buf_puts(&b, "rémunération");
  else if (l->env == CB_ENV_FONCTIONNEMENT || l->owner->kind == CB_NODE_CONTRACT)
    cb_buf_puts(&b, cb_envelope_name(l->env));
  else
    cb_buf_printf(&b, "%s de %s", cb_envelope_name(l->env), l->owner->id);
  return cb_buf_take(&b);
}

static void loc_text(struct cb_buf *b, struct cb_loc loc) {
  if (loc.src)
    cb_buf_printf(b, "%s:%d", loc.src->name, loc.line);
}

/* ---- text ----------------------------------------------------------------- */

enum { C_DATE, C_AN, C_OBJ, C_ENV, C_BASE, C_TAUX, C_PRO, C_MONT, C_CUM, NC };
static const char *titles[NC] = {"date",    "année",   "objet",   "enveloppe",  "base",
                                 "taux",    "prorata", "montant", "cumul versé"};
static const bool right[NC] = {false, false, false, false, true, true, true, true, true};

static void print_rows(struct cb_buf *out, char **cells, size_t nrows) {
  static const struct cb_table_spec spec = {titles, right, NC, C_DATE, false, -1};
  cb_table_print(out, &spec, cells, nrows);
}

_Static_assert((int)NC == (int)CB_SCOL_N, "schedule_report.h's columns are the table's");
const char *const *const cb_schedule_col_title = titles;

void cb_schedule_header(struct cb_buf *out, const struct cb_contract *c) {
  cb_buf_printf(out, "Échéancier du contrat %s — %s\n", c->id, c->label);
  if (c->has_signature) {
    cb_buf_puts(out, "Signé le ");
    cb_date_fmt(out, c->signature);
  } else {
    cb_buf_puts(out, "Années civiles");
  }
  cb_buf_printf(out, ", %zu période%s, de ", c->nperiods, c->nperiods > 1 ? "s" : "");
  cb_date_fmt(out, c->periods[0].start);
  cb_buf_puts(out, " au ");
  cb_date_fmt(out, c->periods[c->nperiods - 1].end);
  if (c->has_resiliation) {
    cb_buf_puts(out, " ; résilié le ");
    cb_date_fmt(out, c->resiliation);
  }
  cb_buf_puts(out, ".\n");
  if (c->nimports) {
    cb_buf_puts(out, "Règles de l'accord importées :");
    for (size_t i = 0; i < c->nimports; i++)
      cb_buf_printf(out, " « %s »", c->imports[i]);
    cb_buf_puts(out, ".\n");
  }
  if (c->rounding == CB_ROUNDING_NONE)
    cb_buf_puts(out, "Aucun arrondi n'est déclaré : les montants sont exacts, affichés au centime ; "
                     "le cumul et le total sont les sommes des montants affichés.\n");
  else
    cb_buf_printf(out, "Arrondi %s %s (%s), %s:%d.\n",
                  c->rounding == CB_ROUNDING_CENTIME ? "au centime" : "à l'euro",
                  cb_round_stage_text(c->round_stage), cb_round_mode_text(c->round_mode),
                  c->rounding_loc.src->name, c->rounding_loc.line);
}

char **cb_schedule_cells(const struct cb_schedule *s) {
  char **cells = cb_xmalloc((s->nlines ? s->nlines : 1) * NC * sizeof *cells);
  for (size_t i = 0; i < s->nlines; i++) {
    const struct cb_pay_line *l = &s->lines[i];
    char **row = cells + i * NC;
    row[C_DATE] = s_date(l->date, false);
    row[C_AN] = s_dup(l->period->name);
    row[C_OBJ] = s_dup(l->object);
    row[C_ENV] = s_envelope(s, l);
    row[C_BASE] = l->base ? s_eur(l->base) : NULL;
    row[C_TAUX] = l->rate ? s_pct(l->rate) : NULL;
    row[C_PRO] = l->prorata_text ? s_dup(l->prorata_text) : NULL;
    row[C_MONT] = l->amount ? s_eur(l->amount) : s_dup("à déterminer");
    row[C_CUM] = s_eur(l->cumul);
  }
  return cells;
}

void cb_schedule_cells_free(const struct cb_schedule *s, char **cells) {
  for (size_t i = 0; i < s->nlines * NC; i++)
    free(cells[i]);
  free(cells);
}

void cb_schedule_total(struct cb_buf *out, const struct cb_schedule *s) {
  cb_buf_puts(out, "Total des montants déterminés : ");
  cb_fmt_eur(out, s->total);
  if (s->nundetermined)
    cb_buf_printf(out, " ; %zu montant%s à déterminer", s->nundetermined,
                  s->nundetermined > 1 ? "s" : "");
  cb_buf_puts(out, ".\n");
}

void cb_schedule_computation(struct cb_buf *out, const struct cb_schedule *s,
                             const struct cb_pay_line *l) {
  char *env = s_envelope(s, l);
  cb_date_fmt(out, l->date);
  cb_buf_printf(out, "  %s %s, %s : ", l->object, l->period->name, env);
  free(env);
  if (l->amount)
    cb_buf_puts(out, l->detail ? l->detail : "");
  else
    cb_buf_printf(out, "à déterminer : %s", l->why ? l->why : "montant inconnu");
  if (l->resiliation)
    cb_buf_puts(out, " ; résiliation");
}

void cb_schedule_text(struct cb_buf *out, const struct cb_schedule *s) {
  const struct cb_contract *c = s->contract;
  cb_schedule_header(out, c);
  cb_buf_putc(out, '\n');
  if (!s->nlines) {
    cb_buf_puts(out, "Aucun versement : le contrat ne déclare ni enveloppe de fonctionnement, ni "
                     "enveloppe fixe ou variable.\n");
    return;
  }
  char **cells = cb_schedule_cells(s);
  print_rows(out, cells, s->nlines);
  cb_schedule_cells_free(s, cells);
  cb_buf_putc(out, '\n');
  cb_schedule_total(out, s);
  cb_buf_puts(out, "\nCalcul de chaque montant :\n");
  for (size_t i = 0; i < s->nlines; i++) {
    const struct cb_pay_line *l = &s->lines[i];
    cb_buf_puts(out, "  ");
    cb_schedule_computation(out, s, l);
    cb_buf_puts(out, " [règle ");
    if (l->rule_loc.src)
      loc_text(out, l->rule_loc);
    else
      cb_buf_puts(out, "par défaut");
    if (l->amount_loc.src) {
      cb_buf_puts(out, ", montant ");
      loc_text(out, l->amount_loc);
    }
    cb_buf_puts(out, "]\n");
  }
}

/* ---- JSON ----------------------------------------------------------------- */

static const char *kind_code(enum cb_pay_kind_line k) {
  switch (k) {
  case CB_PAY_AVANCE:
    return "avance";
  case CB_PAY_SOLDE:
    return "solde";
  case CB_PAY_REPRISE:
    return "reprise";
  case CB_PAY_PART_VARIABLE:
    return "part_variable";
  }
  return "?";
}

static void json_string_field(struct cb_jw *w, const char *key, const char *v) {
  cb_jw_key(w, key);
  if (v)
    cb_json_str(w->b, v);
  else
    cb_buf_puts(w->b, "null");
}

void cb_schedule_json(struct cb_buf *out, struct cb_schedule **ss, size_t n,
                      const struct cb_provenance *pv) {
  struct cb_jw w = {out, 0, true};
  cb_jw_open(&w, '{');
  json_string_field(&w, "format", "cible-echeancier/1");
  cb_jw_key(&w, "contrats");
  cb_jw_open(&w, '[');
  for (size_t k = 0; k < n; k++) {
    const struct cb_schedule *s = ss[k];
    const struct cb_contract *c = s->contract;
    cb_jw_item(&w);
    cb_jw_open(&w, '{');
    json_string_field(&w, "id", c->id);
    json_string_field(&w, "libelle", c->label);
    char *d = c->has_resiliation ? s_date(c->resiliation, true) : NULL;
    json_string_field(&w, "resiliation", d);
    free(d);
    cb_jw_key(&w, "versements");
    cb_jw_open(&w, '[');
    for (size_t i = 0; i < s->nlines; i++) {
      const struct cb_pay_line *l = &s->lines[i];
      cb_jw_item(&w);
      cb_jw_open(&w, '{');
      d = s_date(l->date, true);
      json_string_field(&w, "date", d);
      free(d);
      json_string_field(&w, "periode", l->period->name);
      json_string_field(&w, "nature", kind_code(l->kind));
      json_string_field(&w, "objet", l->object);
      json_string_field(&w, "enveloppe", cb_envelope_name(l->env));
      json_string_field(&w, "element", l->owner->id);
      cb_jw_num(&w, "base", l->base, CB_J_EUR, NULL);
      cb_jw_num(&w, "taux", l->rate, CB_J_PCT, NULL);
      cb_jw_num(&w, "prorata", l->prorata, CB_J_VAL, NULL);
      json_string_field(&w, "prorata_texte", l->prorata_text);
      cb_jw_num(&w, "montant", l->amount, CB_J_EUR, NULL);
      json_string_field(&w, "raison", l->amount ? NULL : l->why);
      cb_jw_num(&w, "cumul", l->cumul, CB_J_EUR, NULL);
      json_string_field(&w, "calcul", l->amount ? l->detail : NULL);
      cb_jw_key(&w, "resiliation");
      cb_buf_puts(w.b, l->resiliation ? "true" : "false");
      cb_jw_loc(&w, "regle", l->rule_loc);
      cb_jw_loc(&w, "source_montant", l->amount_loc);
      cb_jw_close(&w, '}');
    }
    cb_jw_close(&w, ']');
    cb_jw_num(&w, "total", s->total, CB_J_EUR, NULL);
    cb_jw_key(&w, "a_determiner");
    cb_buf_printf(w.b, "%zu", s->nundetermined);
    cb_jw_close(&w, '}');
  }
  cb_jw_close(&w, ']');
  if (pv)
    cb_provenance_json(&w, pv);
  cb_jw_close(&w, '}');
  cb_buf_putc(out, '\n');
}

/* ---- CSV ------------------------------------------------------------------ */

void cb_schedule_csv(struct cb_csv_out *w, struct cb_schedule **ss, size_t n) {
  static const char *const header[] = {"contrat", "date",    "periode", "nature", "objet",
                                       "enveloppe", "element", "base",  "taux",   "prorata",
                                       "montant", "cumul",   "statut",  "raison"};
  for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
    cb_csv_text(w, header[i]);
  cb_csv_end_row(w);
  struct cb_buf d = CB_BUF_INIT;
  for (size_t k = 0; k < n; k++) {
    const struct cb_schedule *s = ss[k];
    for (size_t i = 0; i < s->nlines; i++) {
      const struct cb_pay_line *l = &s->lines[i];
      cb_csv_text(w, s->contract->id);
      cb_buf_clear(&d);
      cb_date_fmt_iso(&d, l->date);
      cb_csv_text(w, cb_buf_str(&d));
      cb_csv_text(w, l->period->name);
      cb_csv_text(w, kind_code(l->kind));
      cb_csv_text(w, l->object);
      cb_csv_text(w, cb_envelope_name(l->env));
      cb_csv_text(w, l->owner->id);
      cb_csv_num(w, l->base, 2, false);
      cb_csv_pct(w, l->rate);
      cb_csv_text(w, l->prorata_text);
      cb_csv_num(w, l->amount, 2, false);
      cb_csv_num(w, l->cumul, 2, false);
      cb_csv_text(w, l->amount ? "determine" : "a_determiner");
      cb_csv_text(w, l->amount ? NULL : l->why);
      cb_csv_end_row(w);
    }
  }
  cb_buf_free(&d);
}
