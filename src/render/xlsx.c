/*
 * xlsx.c: the evaluation as an Excel workbook, written by libxlsxwriter.
 * One sheet per contract and period ("cafe_cpts an 1"), its header row
 * frozen, a row per element as in the text table: euros and percentages
 * are numbers with a number format (`#,##0.00 "€"`, `0.00%`), so a
 * spreadsheet computes with them; a hidden last column holds the exact
 * paid amount as a fraction ("10000/3") when it is not a finite decimal. A
 * sheet « Provenance » gives the version, date, command and input digests.
 *
 * The library takes a double for a number: the exact rational is converted
 * only here, at the output, through its decimal expansion to fifteen places
 * (strtod rounds it to the nearest double); nothing is computed with it.
 */
#include "xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "buf.h"
#include "num.h"
#include "provenance.h"
#include "report.h"

struct cb_xlsx {
  lxw_workbook *wb;
  lxw_format *head, *eur, *pct, *num, *bold;
  size_t nsheets;
};

struct cb_xlsx *cb_xlsx_open(const char *path) {
  lxw_workbook *wb = workbook_new(path);
  if (!wb)
    return NULL;
  struct cb_xlsx *x = cb_xmalloc(sizeof *x);
  memset(x, 0, sizeof *x);
  x->wb = wb;
  x->head = workbook_add_format(wb);
  format_set_bold(x->head);
  format_set_bottom(x->head, LXW_BORDER_THIN);
  x->eur = workbook_add_format(wb);
  format_set_num_format(x->eur, "#,##0.00 \"€\"");
  x->pct = workbook_add_format(wb);
  format_set_num_format(x->pct, "0.00%");
  x->num = workbook_add_format(wb);
  format_set_num_format(x->num, "General");
  x->bold = workbook_add_format(wb);
  format_set_bold(x->bold);
  return x;
}

/* q as the nearest double, through its decimal expansion. */
static double to_double(mpq_srcptr q) {
  struct cb_buf b = CB_BUF_INIT;
  cb_num_fmt(&b, q, 15, CB_WRITE_NATURAL | CB_WRITE_DOT);
  double d = strtod(cb_buf_str(&b), NULL);
  cb_buf_free(&b);
  return d;
}

static void put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, mpq_srcptr q, lxw_format *f) {
  if (q)
    worksheet_write_number(ws, r, c, to_double(q), f);
}

/* Whether q has a finite decimal expansion (its denominator is 2^a 5^b). */
static bool finite_decimal(mpq_srcptr q) {
  mpz_t d, f;
  mpz_init_set(d, mpq_denref(q));
  mpz_init_set_ui(f, 2);
  mpz_remove(d, d, f);
  mpz_set_ui(f, 5);
  mpz_remove(d, d, f);
  bool finite = mpz_cmp_ui(d, 1) == 0;
  mpz_clear(d);
  mpz_clear(f);
  return finite;
}

enum { C_ID, C_LABEL, C_STATUS, C_OBJ, C_MES, C_RATIO, C_ATT, C_AFTER, C_WEIGHT, C_SHARE,
       C_PAID, C_UNIT, C_REASON, C_EXACT, NCOLS };
static const char *const titles[NCOLS] = {
    "élément", "libellé", "statut", "objectif", "mesure", "ratio", "atteinte", "après barème",
    "poids", "part", "versé", "unité", "raison", "versé exact"};

static void rows(struct cb_xlsx *x, lxw_worksheet *ws, const struct cb_result *r, int depth,
                 lxw_row_t *row) {
  const struct cb_node *n = r->node;
  struct cb_buf b = CB_BUF_INIT;
  for (int i = 0; i < depth; i++)
    cb_buf_puts(&b, "  ");
  if (n->kind == CB_NODE_GROUP || n->kind == CB_NODE_CONTRACT)
    cb_buf_printf(&b, "%s ", n->kind == CB_NODE_CONTRACT ? "contrat" : n->word);
  cb_buf_puts(&b, n->id);
  lxw_row_t at = (*row)++;
  worksheet_write_string(ws, at, C_ID, cb_buf_str(&b), n->kind == CB_NODE_INDICATOR ? NULL : x->bold);
  cb_buf_free(&b);
  worksheet_write_string(ws, at, C_LABEL, n->label, NULL);
  worksheet_write_string(ws, at, C_STATUS, cb_status_code(r->status), NULL);
  put_num(ws, at, C_OBJ, r->objective, x->num);
  put_num(ws, at, C_MES, r->measure, x->num);
  put_num(ws, at, C_RATIO, r->ratio, x->pct);
  put_num(ws, at, C_ATT, r->attainment && r->status == CB_RES_OK ? r->attainment : NULL, x->pct);
  bool bar = r->tranche && r->after && r->status == CB_RES_OK && !r->tranche->pays_amount;
  put_num(ws, at, C_AFTER, bar ? r->after : NULL, x->pct);
  put_num(ws, at, C_WEIGHT, r->weight && n->kind != CB_NODE_CONTRACT ? r->weight : NULL, x->pct);
  lxw_format *money = r->share_points ? x->num : x->eur;
  put_num(ws, at, C_SHARE, r->share, money);
  put_num(ws, at, C_PAID, r->paid, money);
  if (r->paid || r->share)
    worksheet_write_string(ws, at, C_UNIT, r->share_points ? "points" : "EUR", NULL);
  if (r->reason)
    worksheet_write_string(ws, at, C_REASON, r->reason, NULL);
  if (r->paid && !finite_decimal(r->paid)) {
    char *s = mpq_get_str(NULL, 10, r->paid);
    worksheet_write_string(ws, at, C_EXACT, s, NULL);
    free(s);
  }
  for (size_t i = 0; i < r->nchildren; i++)
    rows(x, ws, r->children[i], depth + 1, row);
}

/* A sheet name Excel takes: at most 31 characters, none of []:*?/\, unique. */
static char *sheet_name(struct cb_xlsx *x, const char *contract, const char *period) {
  struct cb_buf b = CB_BUF_INIT;
  cb_buf_printf(&b, "%zu %s %s", ++x->nsheets, contract, period);
  char *s = cb_buf_take(&b);
  for (char *c = s; *c; c++)
    if (strchr("[]:*?/\\'", *c))
      *c = '_';
  /* cut at 31 characters, on a character boundary */
  size_t chars = 0, i = 0;
  for (; s[i]; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > 31)
      break;
  s[i] = '\0';
  return s;
}

void cb_xlsx_eval(struct cb_xlsx *x, const struct cb_evaluation *ev) {
  for (size_t k = 0; k < ev->nperiods; k++) {
    const struct cb_period_eval *pe = &ev->periods[k];
    char *name = sheet_name(x, ev->contract->id, pe->period->name);
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    free(name);
    if (!ws)
      continue;
    for (int c = 0; c < NCOLS; c++)
      worksheet_write_string(ws, 0, (lxw_col_t)c, titles[c], x->head);
    worksheet_freeze_panes(ws, 1, 1);
    worksheet_set_column(ws, C_ID, C_ID, 24, NULL);
    worksheet_set_column(ws, C_LABEL, C_LABEL, 40, NULL);
    worksheet_set_column(ws, C_SHARE, C_PAID, 14, NULL);
    worksheet_set_column(ws, C_REASON, C_REASON, 40, NULL);
    lxw_row_col_options hidden = {.hidden = 1};
    worksheet_set_column_opt(ws, C_EXACT, C_EXACT, 16, NULL, &hidden);
    lxw_row_t row = 1;
    rows(x, ws, pe->root, 0, &row);
  }
}

int cb_xlsx_close(struct cb_xlsx *x, const struct cb_provenance *pv) {
  if (pv) {
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Provenance");
    if (ws) {
      struct cb_buf b = CB_BUF_INIT;
      cb_provenance_text(&b, pv, "");
      lxw_row_t row = 0;
      for (const char *l = cb_buf_str(&b), *e; *l; l = e + 1) {
        e = strchr(l, '\n');
        char *line = cb_xstrndup(l, (size_t)(e - l));
        worksheet_write_string(ws, row++, 0, line, NULL);
        free(line);
      }
      cb_buf_free(&b);
      worksheet_set_column(ws, 0, 0, 120, NULL);
    }
  }
  lxw_error err = workbook_close(x->wb);
  free(x);
  return err == LXW_NO_ERROR ? 0 : -1;
}
