/*
 * xlsx.c: the reports as an Excel workbook, written with libxlsxwriter: the
 * evaluation one sheet per contract and period (the rows and columns of the
 * text table, header row frozen, then the données and the summary lines),
 * the schedule one sheet of dated payments (real date cells, « à
 * déterminer » as text), the measures template (its valeur column unlocked
 * in a protected sheet), and a sheet « Provenance » (version, command,
 * files and their SHA-256). Figures are numbers with a number format
 * (euros `#,##0.00 "€"`, rates `0.00%`). libxlsxwriter takes a double: the
 * exact rational is converted HERE ONLY, at this output boundary, from its
 * decimal string rounded as the text report displays it (cb_num_fmt, then
 * strtod); nothing is computed with the double. When that rounded value is
 * not the exact one (2/3), the exact fraction is written as text in the
 * hidden last column « valeurs exactes » of the row. The workbook is built
 * in a temporary file (mkstemp in $TMPDIR) whose bytes are handed back, so
 * that the CLI writes them like any report (-o, atomically); its creation
 * date is the report's, so the same inputs give the same bytes.
 */
#include "xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "date.h"
#include "format.h"
#include "num.h"
#include "payrule.h"
#include "provenance.h"
#include "report.h"
#include "schedule.h"
#include "sysio.h"

struct cb_xlsx {
  char *path; /* the temporary file */
  lxw_workbook *wb;
  lxw_format *head, *eur, *pct, *num, *pts, *date, *wrap, *open, *open_pct;
  lxw_format *apart; /* a text column after right-aligned figures: indented */
  lxw_worksheet *tpl; /* mesures --modele: the template sheet */
  lxw_row_t tpl_row;
};

struct cb_xlsx *cb_xlsx_new(struct cb_buf *why) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir)
    dir = "/tmp";
  struct cb_buf p = CB_BUF_INIT;
  cb_buf_printf(&p, "%s/cible-xlsx-XXXXXX", dir);
  char *path = cb_buf_take(&p);
  int fd = mkstemp(path);
  if (fd < 0) {
    cb_buf_printf(why, "fichier temporaire impossible dans %s : %s", dir, cb_errno_text(errno));
    free(path);
    return NULL;
  }
  close(fd);
  lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)dir,
                              .use_zip64 = LXW_FALSE};
  lxw_workbook *wb = workbook_new_opt(path, &opt);
  if (!wb) {
    cb_buf_printf(why, "classeur xlsx impossible à créer dans %s", dir);
    unlink(path);
    free(path);
    return NULL;
  }
  struct cb_xlsx *x = cb_xmalloc(sizeof *x);
  memset(x, 0, sizeof *x);
  x->path = path;
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
  x->pts = workbook_add_format(wb);
  format_set_num_format(x->pts, "#,##0.00 \"points\"");
  x->date = workbook_add_format(wb);
  format_set_num_format(x->date, "dd/mm/yyyy");
  x->wrap = workbook_add_format(wb);
  format_set_text_wrap(x->wrap);
  x->open = workbook_add_format(wb);
  format_set_unlocked(x->open);
  format_set_bg_color(x->open, 0xFFF2CC);
  x->apart = workbook_add_format(wb);
  format_set_indent(x->apart, 1);
  /* the valeur of a % indicator: what is typed (76,18) is a percentage */
  x->open_pct = workbook_add_format(wb);
  format_set_unlocked(x->open_pct);
  format_set_bg_color(x->open_pct, 0xFFF2CC);
  format_set_num_format(x->open_pct, "0.00%");
  return x;
}

/* ---- cells ---------------------------------------------------------------- */

/* One row being written: its sheet and row, and the exact values of the
   cells whose number is rounded, for the hidden column. */
struct row {
  struct cb_xlsx *x;
  lxw_worksheet *ws;
  lxw_row_t r;
  lxw_col_t exact_col;
  struct cb_buf exact;
};

static void text(struct row *w, lxw_col_t c, const char *s) {
  if (s && *s)
    worksheet_write_string(w->ws, w->r, c, s, NULL);
}

/* q as a number cell: rounded half away from zero to `decimals` places (or,
   with CB_WRITE_NATURAL in flags, exact up to 6 places), converted to a
   double from that decimal string. what names the figure in the exact
   column when the cell is not q exactly. */
static void number(struct row *w, lxw_col_t c, mpq_srcptr q, unsigned decimals, unsigned flags,
                   lxw_format *f, const char *what) {
  if (!q)
    return;
  struct cb_buf d = CB_BUF_INIT;
  cb_num_fmt(&d, q, decimals, flags | CB_WRITE_DOT);
  double v = strtod(cb_buf_str(&d), NULL); /* the output boundary: see the header */
  cb_buf_free(&d);
  worksheet_write_number(w->ws, w->r, c, v, f);
  unsigned shown = (flags & CB_WRITE_NATURAL) && decimals < 6 ? 6 : decimals;
  if (cb_num_decimals(q, shown) < 0 && what) {
    cb_buf_printf(&w->exact, "%s%s = ", w->exact.len ? " ; " : "", what);
    cb_num_fmt_fraction(&w->exact, q);
  }
}

static void eur(struct row *w, lxw_col_t c, mpq_srcptr q, const char *what) {
  number(w, c, q, 2, 0, w->x->eur, what);
}

/* A rate held as a fraction (3/4), shown 75.00 %. */
static void pct(struct row *w, lxw_col_t c, mpq_srcptr q, const char *what) {
  number(w, c, q, 4, 0, w->x->pct, what);
}

static void end_row(struct row *w) {
  if (w->exact.len)
    worksheet_write_string(w->ws, w->r, w->exact_col, cb_buf_str(&w->exact), NULL);
  cb_buf_clear(&w->exact);
  w->r++;
}

/* The header row, frozen on screen and repeated on every printed page; the
   sheet printed on A4 in landscape, as wide as one page, its name and the
   page number in the footer. */
static void header(lxw_worksheet *ws, lxw_format *f, const char *const *titles, size_t n) {
  for (size_t i = 0; i < n; i++)
    worksheet_write_string(ws, 0, (lxw_col_t)i, titles[i], f);
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_repeat_rows(ws, 0, 0);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_set_landscape(ws);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_footer(ws, "&L&A&RPage &P / &N");
}

/* A sheet named name, made acceptable to Excel (at most 31 characters, none
   of []:*?/\) and unique in the workbook (« an 1 (2) »). */
static lxw_worksheet *add_sheet(struct cb_xlsx *x, const char *name) {
  /* at most 31 characters, each character kept whole (UTF-8) */
  struct cb_buf b = CB_BUF_INIT;
  size_t chars = 0;
  for (const char *p = name; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    if ((ch & 0xC0) != 0x80 && chars++ == 31)
      break;
    cb_buf_putc(&b, strchr("[]:*?/\\'", ch) ? '-' : (char)ch);
  }
  if (b.len == 0)
    cb_buf_puts(&b, "Feuille");
  char *base = cb_buf_take(&b);
  struct cb_buf n = CB_BUF_INIT;
  cb_buf_puts(&n, base);
  for (int k = 2; workbook_get_worksheet_by_name(x->wb, cb_buf_str(&n)); k++) {
    char suffix[24];
    snprintf(suffix, sizeof suffix, " (%d)", k);
    /* room for the suffix: the base cut at a character boundary */
    size_t keep = strlen(base);
    while (keep && cb_utf8_chars(base, keep) + strlen(suffix) > 31) {
      keep--;
      while (keep && ((unsigned char)base[keep] & 0xC0) == 0x80)
        keep--;
    }
    cb_buf_clear(&n);
    cb_buf_add(&n, base, keep);
    cb_buf_puts(&n, suffix);
  }
  lxw_worksheet *ws = workbook_add_worksheet(x->wb, cb_buf_str(&n));
  cb_buf_free(&n);
  free(base);
  if (!ws) /* a name Excel refuses after all: libxlsxwriter's Sheet1, Sheet2… */
    ws = workbook_add_worksheet(x->wb, NULL);
  return ws;
}

/* ---- eval ----------------------------------------------------------------- */

enum {
  E_ID, E_NIVEAU, E_LIBELLE, E_OBJ, E_MES, E_UNITE, E_RATIO, E_ATT, E_BAR, E_TRANCHE, E_POIDS,
  E_PART, E_VERSE, E_ETAT, E_FIXE, E_ENV, E_VERSE_VAR, E_EXACT, E_N
};
static const char *const eval_titles[E_N] = {
    "élément",  "niveau", "libellé", "objectif",   "mesure", "unité",
    "ratio",    "atteinte", "après barème", "tranche", "poids", "part",
    "versé",    "état",   "part fixe", "enveloppe variable", "part variable versée",
    "valeurs exactes"};

static const char *level(const struct cb_node *n) {
  switch (n->kind) {
  case CB_NODE_CONTRACT:
    return "contrat";
  case CB_NODE_INDICATOR:
    return "indicateur";
  case CB_NODE_DONNEE:
    return "donnée";
  case CB_NODE_GROUP:
    break;
  }
  return n->word;
}

/* The figures of result r on row w; etat: the état column of the text table. */
static void eval_row(struct row *w, const struct cb_period_eval *pe, const struct cb_result *r,
                     const char *etat, const char *measure_text, lxw_format *indent) {
  const struct cb_node *n = r->node;
  worksheet_write_string(w->ws, w->r, E_ID, n->id, indent);
  text(w, E_NIVEAU, level(n));
  text(w, E_LIBELLE, n->label);
  number(w, E_OBJ, r->objective, 6, CB_WRITE_NATURAL, w->x->num, "objectif");
  if (r->measure)
    number(w, E_MES, r->measure, 6, CB_WRITE_NATURAL, w->x->num, "mesure");
  else
    text(w, E_MES, measure_text);
  text(w, E_UNITE, n->unit.word);
  pct(w, E_RATIO, r->ratio, "ratio");
  if (!r->ratio && r->ratio_undefined)
    text(w, E_RATIO, "non défini");
  if (r->attainment && r->status == CB_RES_OK)
    pct(w, E_ATT, r->attainment, "atteinte");
  if (r->tranche && r->after && r->status == CB_RES_OK) {
    if (r->tranche->pays_amount)
      eur(w, E_BAR, r->paid_exact, "après barème");
    else
      pct(w, E_BAR, r->after, "après barème");
    text(w, E_TRANCHE, r->tranche->text);
  }
  if (r->weight && n->kind != CB_NODE_CONTRACT)
    pct(w, E_POIDS, r->weight, "poids");
  lxw_format *money = r->share_points ? w->x->pts : w->x->eur;
  number(w, E_PART, r->share, 2, 0, money, "part");
  if (r->paid)
    number(w, E_VERSE, r->paid, 2, 0, money, "versé");
  else if (r->share && n->kind != CB_NODE_DONNEE)
    text(w, E_VERSE, "à déterminer");
  text(w, E_ETAT, etat);
  if (n->kind == CB_NODE_CONTRACT) {
    const struct cb_envelope_totals *tot = &pe->totals;
    if (tot->fixe && mpq_sgn(tot->fixe))
      eur(w, E_FIXE, tot->fixe, "part fixe");
    if (tot->any) {
      eur(w, E_ENV, tot->variable, "enveloppe variable");
      if (tot->blocking)
        text(w, E_VERSE_VAR, "à déterminer");
      else
        eur(w, E_VERSE_VAR, tot->paid, "part variable versée");
    }
  }
  end_row(w);
}

static void eval_period(struct cb_xlsx *x, const struct cb_period_eval *pe, const char *scenario,
                        bool several) {
  const struct cb_contract *c = pe->contract;
  struct cb_buf name = CB_BUF_INIT;
  if (scenario)
    cb_buf_printf(&name, "%s ", scenario);
  if (several)
    cb_buf_printf(&name, "%s ", c->id);
  cb_buf_puts(&name, pe->period->name);
  lxw_worksheet *ws = add_sheet(x, cb_buf_str(&name));
  cb_buf_free(&name);
  header(ws, x->head, eval_titles, E_N);
  worksheet_set_column(ws, E_ID, E_ID, 22, NULL);
  worksheet_set_column(ws, E_LIBELLE, E_LIBELLE, 40, NULL);
  worksheet_set_column(ws, E_OBJ, E_POIDS, 12, NULL);
  worksheet_set_column(ws, E_UNITE, E_UNITE, 12, x->apart);
  worksheet_set_column(ws, E_TRANCHE, E_TRANCHE, 16, x->apart);
  worksheet_set_column(ws, E_PART, E_VERSE, 14, NULL);
  worksheet_set_column(ws, E_ETAT, E_ETAT, 30, x->apart);
  worksheet_set_column(ws, E_FIXE, E_VERSE_VAR, 21, NULL);
  lxw_row_col_options hidden = {.hidden = LXW_TRUE};
  worksheet_set_column_opt(ws, E_EXACT, E_EXACT, 40, NULL, &hidden);
  struct row w = {.x = x, .ws = ws, .r = 1, .exact_col = E_EXACT, .exact = CB_BUF_INIT};
  struct cb_report_table t;
  cb_report_table_build(&t, pe->root);
  /* one indented format per depth, made as the depths appear */
  lxw_format *indent[8] = {NULL};
  for (size_t i = 0; i < t.nrows; i++) {
    int d = t.depth[i] < 8 ? t.depth[i] : 7;
    if (d && !indent[d]) {
      indent[d] = workbook_add_format(x->wb);
      format_set_indent(indent[d], (uint8_t)d);
    }
    char **cells = &t.cells[i * CB_RCOL_N];
    eval_row(&w, pe, t.res[i], cells[CB_RCOL_ETAT], cells[CB_RCOL_MES], indent[d]);
  }
  cb_report_table_free(&t);
  /* données are inputs, not elements of the tree: after it */
  for (size_t i = 0; i < c->nindicators; i++)
    if (c->indicators[i]->kind == CB_NODE_DONNEE && pe->by_index[i])
      eval_row(&w, pe, pe->by_index[i], "donnée", NULL, NULL);
  /* the summary of the text report, line by line */
  struct cb_buf sum = CB_BUF_INIT;
  cb_report_period_title(&sum, pe->period);
  cb_report_summary(&sum, c, pe);
  w.r++;
  const char *p = cb_buf_str(&sum);
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    if (len) {
      char *line = cb_xstrndup(p, len);
      worksheet_write_string(ws, w.r, E_ID, line, NULL);
      free(line);
    }
    w.r++;
    p += len + (nl != NULL);
  }
  cb_buf_free(&sum);
  cb_buf_free(&w.exact);
}

void cb_xlsx_eval(struct cb_xlsx *x, const struct cb_evaluation *ev, const char *scenario,
                  bool several) {
  for (size_t k = 0; k < ev->nperiods; k++)
    eval_period(x, &ev->periods[k], scenario, several);
}

/* ---- echeancier ----------------------------------------------------------- */

enum {
  S_CONTRAT, S_DATE, S_PERIODE, S_NATURE, S_OBJET, S_ENV, S_ELEMENT, S_BASE, S_TAUX, S_PRORATA,
  S_MONTANT, S_CUMUL, S_RAISON, S_EXACT, S_N
};
static const char *const sched_titles[S_N] = {
    "contrat", "date",    "période", "nature",  "objet", "enveloppe", "élément",
    "base",    "taux",    "prorata", "montant", "cumul", "raison",    "valeurs exactes"};

static const char *nature(enum cb_pay_kind_line k) {
  switch (k) {
  case CB_PAY_AVANCE:
    return "avance";
  case CB_PAY_SOLDE:
    return "solde";
  case CB_PAY_REPRISE:
    return "reprise";
  case CB_PAY_PART_VARIABLE:
    return "part variable";
  }
  return "?";
}

void cb_xlsx_schedule(struct cb_xlsx *x, struct cb_schedule **ss, size_t n) {
  lxw_worksheet *ws = add_sheet(x, "Échéancier");
  header(ws, x->head, sched_titles, S_N);
  worksheet_set_column(ws, S_CONTRAT, S_CONTRAT, 18, NULL);
  worksheet_set_column(ws, S_DATE, S_DATE, 12, NULL);
  worksheet_set_column(ws, S_OBJET, S_OBJET, 26, NULL);
  worksheet_set_column(ws, S_ENV, S_ELEMENT, 16, NULL);
  worksheet_set_column(ws, S_BASE, S_BASE, 14, NULL);
  worksheet_set_column(ws, S_PRORATA, S_PRORATA, 16, NULL);
  worksheet_set_column(ws, S_MONTANT, S_CUMUL, 14, NULL);
  worksheet_set_column(ws, S_RAISON, S_RAISON, 40, x->apart);
  lxw_row_col_options hidden = {.hidden = LXW_TRUE};
  worksheet_set_column_opt(ws, S_EXACT, S_EXACT, 40, NULL, &hidden);
  struct row w = {.x = x, .ws = ws, .r = 1, .exact_col = S_EXACT, .exact = CB_BUF_INIT};
  for (size_t k = 0; k < n; k++) {
    const struct cb_schedule *s = ss[k];
    for (size_t i = 0; i < s->nlines; i++) {
      const struct cb_pay_line *l = &s->lines[i];
      text(&w, S_CONTRAT, s->contract->id);
      lxw_datetime dt = {.year = l->date.y, .month = l->date.m, .day = l->date.d};
      worksheet_write_datetime(ws, w.r, S_DATE, &dt, x->date);
      text(&w, S_PERIODE, l->period->name);
      text(&w, S_NATURE, nature(l->kind));
      text(&w, S_OBJET, l->object);
      text(&w, S_ENV, cb_envelope_name(l->env));
      text(&w, S_ELEMENT, l->owner->id);
      eur(&w, S_BASE, l->base, "base");
      pct(&w, S_TAUX, l->rate, "taux");
      text(&w, S_PRORATA, l->prorata_text);
      if (l->amount)
        eur(&w, S_MONTANT, l->amount, "montant");
      else
        text(&w, S_MONTANT, "à déterminer");
      eur(&w, S_CUMUL, l->cumul, "cumul");
      if (!l->amount)
        text(&w, S_RAISON, l->why);
      end_row(&w);
    }
  }
  /* the totals, after an empty row */
  w.r++;
  for (size_t k = 0; k < n; k++) {
    const struct cb_schedule *s = ss[k];
    struct cb_buf t = CB_BUF_INIT;
    cb_buf_printf(&t, "Total %s", s->contract->id);
    text(&w, S_CONTRAT, cb_buf_str(&t));
    cb_buf_free(&t);
    eur(&w, S_MONTANT, s->total, "total");
    if (s->nundetermined) {
      struct cb_buf u = CB_BUF_INIT;
      cb_buf_printf(&u, "sans les %zu versement%s à déterminer", s->nundetermined,
                    s->nundetermined > 1 ? "s" : "");
      text(&w, S_RAISON, cb_buf_str(&u));
      cb_buf_free(&u);
    }
    end_row(&w);
  }
  cb_buf_free(&w.exact);
}

/* ---- mesures --modele ----------------------------------------------------- */

void cb_xlsx_template_begin(struct cb_xlsx *x) {
  static const char *const titles[] = {"contrat", "indicateur", "periode", "valeur", "libelle",
                                       "unite"};
  x->tpl = add_sheet(x, "Mesures");
  header(x->tpl, x->head, titles, sizeof titles / sizeof titles[0]);
  worksheet_set_column(x->tpl, 0, 2, 18, NULL);
  worksheet_set_column(x->tpl, 3, 3, 14, x->open);
  worksheet_set_column(x->tpl, 4, 4, 50, NULL);
  worksheet_set_column(x->tpl, 5, 5, 14, NULL);
  lxw_protection prot = {.format_columns = LXW_TRUE, .format_rows = LXW_TRUE,
                         .sort = LXW_TRUE, .autofilter = LXW_TRUE};
  worksheet_protect(x->tpl, NULL, &prot);
  x->tpl_row = 1;
}

void cb_xlsx_template_row(struct cb_xlsx *x, const char *contract, const char *id,
                          const char *period, const char *label, const char *unit) {
  lxw_worksheet *ws = x->tpl;
  lxw_row_t r = x->tpl_row++;
  worksheet_write_string(ws, r, 0, contract, NULL);
  worksheet_write_string(ws, r, 1, id, NULL);
  worksheet_write_string(ws, r, 2, period, NULL);
  worksheet_write_blank(ws, r, 3, unit && strcmp(unit, "%") == 0 ? x->open_pct : x->open);
  if (label && *label)
    worksheet_write_string(ws, r, 4, label, NULL);
  if (unit && *unit)
    worksheet_write_string(ws, r, 5, unit, NULL);
}

/* ---- provenance and the bytes ---------------------------------------------- */

void cb_xlsx_provenance(struct cb_xlsx *x, const struct cb_provenance *pv) {
  if (!pv)
    return;
  /* the workbook's creation date is the report's (SOURCE_DATE_EPOCH when
     set): the same inputs give the same bytes */
  struct cb_date d;
  static char title[] = "Cible";
  lxw_doc_properties props = {.title = title};
  if (cb_date_parse(&d, pv->date, strlen(pv->date)))
    props.created = (time_t)((cb_date_to_days(d) - cb_date_to_days((struct cb_date){1970, 1, 1})) * 86400);
  workbook_set_properties(x->wb, &props);
  lxw_worksheet *ws = add_sheet(x, "Provenance");
  worksheet_set_column(ws, 0, 0, 70, NULL);
  worksheet_set_column(ws, 1, 1, 70, NULL);
  worksheet_write_string(ws, 0, 0, "Cible", x->head);
  worksheet_write_string(ws, 0, 1, pv->version, NULL);
  worksheet_write_string(ws, 1, 0, "Établi le", x->head);
  worksheet_write_string(ws, 1, 1, pv->date, NULL);
  struct cb_buf cmd = CB_BUF_INIT;
  cb_provenance_command(&cmd, pv);
  worksheet_write_string(ws, 2, 0, "Commande", x->head);
  worksheet_write_string(ws, 2, 1, cb_buf_str(&cmd), NULL);
  cb_buf_free(&cmd);
  worksheet_write_string(ws, 4, 0, "Fichier lu", x->head);
  worksheet_write_string(ws, 4, 1, "SHA-256", x->head);
  for (size_t i = 0; i < pv->nfiles; i++) {
    worksheet_write_string(ws, (lxw_row_t)(5 + i), 0, pv->files[i].name, NULL);
    worksheet_write_string(ws, (lxw_row_t)(5 + i), 1, pv->files[i].sha256, NULL);
  }
}

bool cb_xlsx_finish(struct cb_xlsx *x, struct cb_buf *out, struct cb_buf *why) {
  lxw_error e = workbook_close(x->wb);
  bool ok = e == LXW_NO_ERROR;
  if (!ok)
    cb_buf_printf(why, "écriture du classeur xlsx impossible : %s", lxw_strerror(e));
  FILE *f = ok ? fopen(x->path, "rb") : NULL;
  if (ok && !f) {
    cb_buf_printf(why, "relecture du classeur xlsx impossible : %s", cb_errno_text(errno));
    ok = false;
  }
  if (f) {
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
      cb_buf_add(out, chunk, n);
    if (ferror(f)) {
      cb_buf_printf(why, "relecture du classeur xlsx impossible : %s", cb_errno_text(errno));
      ok = false;
    }
    fclose(f);
  }
  unlink(x->path);
  free(x->path);
  free(x);
  return ok;
}
