/*
 * report.c: the text table, the explanation and the JSON document.
 *
 * The text report prints, per evaluated period, one table of every node in
 * contract order (groups then their elements, indented), with columns that
 * are empty for the whole table left out, then the totals (the evaluation's
 * cb_period_eval.totals: a printer adds no amounts). The JSON report
 * holds every figure twice: exact (a fraction such as "67/120") and as
 * displayed ("55,83 %"). Column widths count characters, not bytes.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "format.h"
#include "json.h"
#include "provenance.h"
#include "num.h"
#include "table.h"
#include "trace.h"

/* ---- table ------------------------------------------------------------- */

enum { COL_ID, COL_OBJ, COL_MES, COL_RATIO, COL_ATT, COL_BAR, COL_POIDS, COL_POINTS, COL_PART,
       COL_VERSE, COL_ETAT, NCOL };
static const char *col_title[NCOL] = {"élément", "objectif", "mesure", "ratio", "atteinte",
                                      "après barème", "poids", "points", "part", "versé", "état"};
static const bool col_right[NCOL] = {false, true, true, true, true, true, true, true, true, true,
                                     false};

_Static_assert((int)NCOL == (int)CB_RCOL_N, "report.h's columns are the table's");
const char *const *const cb_report_col_title = col_title;

static char **new_row(struct cb_report_table *t, const struct cb_result *r, int depth) {
  if (t->nrows == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 32;
    t->cells = cb_xrealloc(t->cells, t->cap * NCOL * sizeof *t->cells);
    t->res = cb_xrealloc(t->res, t->cap * sizeof *t->res);
    t->depth = cb_xrealloc(t->depth, t->cap * sizeof *t->depth);
  }
  char **row = t->cells + t->nrows * NCOL;
  memset(row, 0, NCOL * sizeof *row);
  t->res[t->nrows] = r;
  t->depth[t->nrows] = depth;
  t->nrows++;
  return row;
}

static char *take(struct cb_buf *b) { return cb_buf_take(b); }

static char *s_pct(mpq_srcptr q) {
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_pct(&b, q);
  return take(&b);
}

static char *s_amount(mpq_srcptr q, bool points) {
  struct cb_buf b = CB_BUF_INIT;
  if (points) {
    cb_fmt_points(&b, q);
    cb_buf_puts(&b, " pts");
  } else {
    cb_fmt_eur(&b, q);
  }
  return take(&b);
}

static char *s_value(mpq_srcptr q, const struct cb_munit *u) {
  struct cb_buf b = CB_BUF_INIT;
  cb_fmt_value(&b, q, u, false);
  return take(&b);
}

static const char *status_text(const struct cb_result *r) {
  switch (r->status) {
  case CB_RES_OK:
    break;
  case CB_RES_NEUTRALISED:
    return "neutralisé";
  case CB_RES_NO_OBJECTIVE:
    return "sans objectif";
  case CB_RES_TO_DEFINE:
    return "objectif à définir";
  case CB_RES_MISSING:
    return NULL;
  case CB_RES_UNDETERMINED:
    return "indéterminé";
  case CB_RES_EXCLUDED:
    return "exclu";
  case CB_RES_VALUE:
    return "donnée";
  }
  return NULL;
}

/* The state of a scored indicator: met or not, or the units it is paid
   for, and the period's amount when its montant varies. */
static void etat_indicator(struct cb_buf *b, const struct cb_result *r) {
  const struct cb_node *n = r->node;
  const struct cb_points *pu = cb_points_per_unit(n);
  if (r->measure_counted_zero) {
    cb_buf_puts(b, "mesure manquante, comptée 0 %");
  } else if (pu && pu->cap && r->attainment) {
    /* paid per unit: no objective to meet, the units retained */
    mpq_t u;
    mpq_init(u);
    mpq_mul(u, r->attainment, pu->cap);
    cb_fmt_value(b, u, NULL, false);
    cb_buf_puts(b, " × ");
    if (pu->euros) {
      cb_num_fmt(b, pu->q, 2, CB_WRITE_GROUP);
      cb_buf_puts(b, " € (");
    } else {
      cb_fmt_points(b, pu->q);
      cb_buf_puts(b, " points (");
    }
    cb_fmt_value(b, pu->cap, NULL, false);
    cb_buf_puts(b, " au plus)");
    mpq_clear(u);
  } else if (r->met == 1)
    cb_buf_puts(b, "atteint");
  else if (r->met == 0)
    cb_buf_puts(b, "non atteint");
  if (r->ratio_undefined)
    cb_buf_puts(b, " (ratio non défini)");
  if (r->amount_period) { /* a montant that varies: the period's, of its maximum */
    cb_buf_puts(b, b->len ? " ; montant " : "montant ");
    cb_num_fmt(b, r->amount_period, 2, CB_WRITE_GROUP);
    cb_buf_puts(b, " € sur ");
    cb_num_fmt(b, n->weight, 2, CB_WRITE_GROUP);
    cb_buf_puts(b, " €");
  }
}

static char *etat(const struct cb_result *r) {
  struct cb_buf b = CB_BUF_INIT;
  const struct cb_node *n = r->node;
  switch (r->status) {
  case CB_RES_OK:
    if (n->kind == CB_NODE_INDICATOR) {
      etat_indicator(&b, r);
    } else {
      if (n->aggr == CB_AGGR_TOUTES)
        cb_buf_puts(&b, r->met ? "toutes : atteint" : "toutes : non atteint");
      if (r->nunscored)
        cb_buf_printf(&b, "%s%d sans objectif comptés 0 %%", b.len ? " ; " : "", r->nunscored);
    }
    break;
  case CB_RES_MISSING:
    cb_buf_puts(&b, r->reason ? r->reason : "mesure manquante");
    break;
  case CB_RES_NEUTRALISED:
    cb_buf_puts(&b, r->reason ? r->reason : "neutralisé");
    if (r->counted && r->after && mpq_sgn(r->after))
      cb_buf_puts(&b, ", compté acquis");
    else if (r->counted)
      cb_buf_puts(&b, ", part non versée");
    else if (n->kind == CB_NODE_INDICATOR)
      cb_buf_puts(&b, ", poids redistribué");
    break;
  case CB_RES_EXCLUDED:
    cb_buf_printf(&b, "%s, poids redistribué", r->reason ? r->reason : "exclu");
    break;
  case CB_RES_NO_OBJECTIVE:
  case CB_RES_TO_DEFINE:
  case CB_RES_UNDETERMINED:
    cb_buf_puts(&b, r->reason ? r->reason : status_text(r));
    if (r->status != CB_RES_UNDETERMINED && r->share && n->kind == CB_NODE_INDICATOR)
      cb_buf_puts(&b, ", part non versée");
    break;
  case CB_RES_VALUE:
    cb_buf_puts(&b, "donnée");
    break;
  }
  if (r->gate && (r->status != CB_RES_UNDETERMINED || !r->reason || strcmp(r->reason, r->gate)))
    cb_buf_printf(&b, "%s%s", b.len ? " ; " : "", r->gate);
  return take(&b);
}

/* The measure column: the value, oui/non, nd, or the étapes reached. */
static char *measure_cell(const struct cb_result *r) {
  const struct cb_node *n = r->node;
  if (r->measure)
    return s_value(r->measure, &n->unit);
  else if (r->m && (r->m->kind == CB_MVAL_OUI || r->m->kind == CB_MVAL_NON))
    return cb_xstrndup(r->m->kind == CB_MVAL_OUI ? "oui" : "non", 3);
  else if (r->m && r->m->kind == CB_MVAL_ND)
    return cb_xstrndup("nd", 2);
  else if (r->m && (r->m->kind == CB_MVAL_LABEL || n->method == CB_METHOD_ETAPES) &&
           r->m->kind != CB_MVAL_NEUTRALISE) {
    struct cb_buf m = CB_BUF_INIT;
    cb_buf_printf(&m, "%d étape%s", r->m->etape, r->m->etape > 1 ? "s" : "");
    return take(&m);
  }
  return NULL;
}

/* ACI points: earned of possible, or a lower bound when some are unknown. */
static void points_cells(char **row, const struct cb_result *r) {
  if (r->points_share) {
    struct cb_buf p = CB_BUF_INIT;
    if (r->points_paid)
      cb_fmt_points(&p, r->points_paid);
    else
      cb_buf_puts(&p, "à déterminer");
    cb_buf_puts(&p, " sur ");
    cb_fmt_points(&p, r->points_share);
    row[COL_POINTS] = take(&p);
  } else if (r->share_unknown) {
    /* ACI points it can earn not known: a lower bound, or nothing */
    struct cb_buf p = CB_BUF_INIT, q = CB_BUF_INIT;
    cb_buf_puts(&p, "à déterminer");
    if (r->points_at_least) {
      cb_buf_puts(&p, " sur au moins ");
      cb_fmt_points(&p, r->points_at_least);
      cb_buf_puts(&q, "au moins ");
      cb_fmt_eur(&q, r->share_at_least);
    } else {
      cb_buf_puts(&q, "à déterminer");
    }
    row[COL_POINTS] = take(&p);
    row[COL_PART] = take(&q);
    if (!r->paid)
      row[COL_VERSE] = cb_xstrndup("à déterminer", strlen("à déterminer"));
  }
}

static void add_rows(struct cb_report_table *t, const struct cb_result *r, int depth) {
  const struct cb_node *n = r->node;
  char **row = new_row(t, r, depth);
  struct cb_buf b = CB_BUF_INIT;
  for (int i = 0; i < depth; i++)
    cb_buf_puts(&b, "  ");
  if (n->kind == CB_NODE_GROUP)
    cb_buf_printf(&b, "%s %s", n->word, n->id);
  else if (n->kind == CB_NODE_CONTRACT)
    cb_buf_printf(&b, "contrat %s", n->id);
  else
    cb_buf_puts(&b, n->id);
  row[COL_ID] = take(&b);
  if (r->objective) {
    struct cb_buf o = CB_BUF_INIT;
    if (n->objectives[r->period->index].cmp_written)
      cb_buf_printf(&o, "%s ", cb_cmp_text(r->cmp));
    cb_fmt_value(&o, r->objective, &n->unit, false);
    row[COL_OBJ] = take(&o);
  }
  row[COL_MES] = measure_cell(r);
  if (r->ratio)
    row[COL_RATIO] = s_pct(r->ratio);
  else if (r->ratio_undefined)
    row[COL_RATIO] = cb_xstrndup("non défini", strlen("non défini"));
  if (r->attainment && r->status == CB_RES_OK)
    row[COL_ATT] = s_pct(r->attainment);
  if (r->tranche && r->after && r->status == CB_RES_OK) {
    struct cb_buf a = CB_BUF_INIT;
    if (r->tranche->pays_amount)
      cb_fmt_eur(&a, r->paid_exact);
    else
      cb_fmt_pct(&a, r->after);
    cb_buf_printf(&a, " %s", r->tranche->text);
    row[COL_BAR] = take(&a);
  }
  if (r->weight && n->kind != CB_NODE_CONTRACT)
    row[COL_POIDS] = s_pct(r->weight);
  points_cells(row, r);
  if (r->share)
    row[COL_PART] = s_amount(r->share, r->share_points);
  if (r->paid)
    row[COL_VERSE] = s_amount(r->paid, r->share_points);
  else if (r->share && n->kind != CB_NODE_DONNEE)
    row[COL_VERSE] = cb_xstrndup("à déterminer", strlen("à déterminer"));
  row[COL_ETAT] = etat(r);
  for (size_t i = 0; i < r->nchildren; i++)
    add_rows(t, r->children[i], depth + 1);
}

static void print_table(struct cb_buf *out, struct cb_report_table *t) {
  static const struct cb_table_spec spec = {col_title, col_right, NCOL, COL_ID, true, COL_ETAT};
  cb_table_print(out, &spec, t->cells, t->nrows);
}

static void free_table(struct cb_report_table *t) {
  for (size_t i = 0; i < t->nrows * NCOL; i++)
    free(t->cells[i]);
  free(t->cells);
  free(t->res);
  free(t->depth);
}

void cb_report_table_build(struct cb_report_table *t, const struct cb_result *root) {
  memset(t, 0, sizeof *t);
  add_rows(t, root, 0);
}

void cb_report_table_free(struct cb_report_table *t) { free_table(t); }

void cb_report_period_title(struct cb_buf *out, const struct cb_period *p) {
  cb_buf_printf(out, "Période %s", p->name);
  if (p->dated && p->kind == CB_PERIOD_AN) {
    cb_buf_puts(out, " (du ");
    cb_date_fmt(out, p->start);
    cb_buf_puts(out, " au ");
    cb_date_fmt(out, p->end);
    cb_buf_puts(out, ")");
  }
  cb_buf_putc(out, '\n');
}

/* The attainment of the whole contract. */
static void global_attainment(struct cb_buf *out, const struct cb_result *root) {
  if (root->status == CB_RES_OK && root->attainment) {
    cb_buf_puts(out, "Atteinte globale : ");
    cb_fmt_pct(out, root->attainment);
    if (root->gate)
      cb_buf_printf(out, " (%s)", root->gate);
    cb_buf_putc(out, '\n');
  } else {
    cb_buf_printf(out, "Atteinte globale : non déterminée (%s)\n",
                  root->reason ? root->reason : "?");
  }
}

/* Points: of a `points` total, or ACI points and their euro value. */
static void points_lines(struct cb_buf *out, const struct cb_period_eval *pe) {
  const struct cb_result *root = pe->root;
  if (root->share_points && root->share) {
    cb_buf_puts(out, "Points : ");
    if (root->paid) {
      cb_fmt_points(out, root->paid);
      cb_buf_puts(out, " sur ");
      cb_fmt_points(out, root->share);
      mpq_t f;
      mpq_init(f);
      mpq_div(f, root->paid, root->share);
      cb_buf_puts(out, " (");
      cb_fmt_pct(out, f);
      cb_buf_puts(out, ")\n");
      mpq_clear(f);
    } else {
      cb_buf_puts(out, "à déterminer sur ");
      cb_fmt_points(out, root->share);
      cb_buf_putc(out, '\n');
    }
  }
  if (root->points_share || root->points_at_least) {
    /* ACI points: the points and their euro value; when some element's
       possible points are unknown, the known ones are a lower bound */
    cb_buf_puts(out, "Points : ");
    if (root->points_paid)
      cb_fmt_points(out, root->points_paid);
    else
      cb_buf_puts(out, "à déterminer");
    cb_buf_puts(out, root->points_share ? " sur " : " sur au moins ");
    cb_fmt_points(out, root->points_share ? root->points_share : root->points_at_least);
    cb_buf_puts(out, " possibles");
    if (pe->contract->valeur_point) {
      cb_buf_puts(out, ", à ");
      cb_fmt_eur(out, pe->contract->valeur_point);
      cb_buf_puts(out, " le point");
    }
    if (!root->points_share)
      cb_buf_printf(out, " (%s)", root->share_unknown);
    cb_buf_putc(out, '\n');
  }
}

/* The variable part, the total paid, the fixed part; returns whether there
   is an envelope. */
static bool money_lines(struct cb_buf *out, const struct cb_period_eval *pe) {
  const struct cb_result *root = pe->root;
  const struct cb_envelope_totals *tot = &pe->totals;
  bool any = tot->any;
  if (any) {
    cb_buf_puts(out, "Part variable : ");
    if (tot->blocking) {
      cb_buf_puts(out, "à déterminer");
    } else {
      cb_fmt_eur(out, tot->paid);
    }
    cb_buf_puts(out, " sur ");
    cb_fmt_eur(out, tot->variable);
    cb_buf_putc(out, '\n');
  }
  if (!any && !root->share_points && (root->share || root->share_at_least)) {
    cb_buf_puts(out, "Total versé : ");
    if (root->paid)
      cb_fmt_eur(out, root->paid);
    else
      cb_buf_puts(out, "à déterminer");
    cb_buf_puts(out, root->share ? " sur " : " sur au moins ");
    cb_fmt_eur(out, root->share ? root->share : root->share_at_least);
    cb_buf_printf(out, " (somme des montants des indicateurs%s%s%s%s)\n",
                  root->share ? "" : " ; ", root->share ? "" : root->share_unknown,
                  root->gate ? " ; " : "", root->gate ? root->gate : "");
  }
  if (mpq_sgn(tot->fixe)) {
    cb_buf_puts(out, "Part fixe (enveloppe de la période, avant calendrier de versement) : ");
    cb_fmt_eur(out, tot->fixe);
    cb_buf_putc(out, '\n');
  }
  return any;
}

/* How amounts are rounded (as contract c, the one evaluated, says), and the
   rounding taken back in envelopes. */
static void rounding_lines(struct cb_buf *out, const struct cb_contract *c,
                           const struct cb_period_eval *pe, bool any) {
  const struct cb_result *root = pe->root;
  if (any && c->rounding != CB_ROUNDING_NONE)
    cb_buf_printf(out, "Montants arrondis %s %s, %s (%s:%d) ; %s.\n",
                  c->rounding == CB_ROUNDING_CENTIME ? "au centime" : "à l'euro",
                  cb_round_stage_text(c->round_stage), cb_round_mode_text(c->round_mode),
                  c->rounding_loc.src->name, c->rounding_loc.line,
                  c->round_stage == CB_STAGE_TOTAL
                      ? "les autres montants sont exacts, affichés arrondis"
                      : "les totaux sont les sommes des montants arrondis");
  else if (any)
    cb_buf_puts(out, "Aucun arrondi n'est déclaré : les montants sont exacts, affichés au centime.\n");
  for (size_t g = 0; g <= pe->ngroups; g++) {
    const struct cb_result *gr = g < pe->ngroups ? pe->groups[g] : root;
    if (!gr->envelope_taken)
      continue;
    cb_buf_printf(out, "Reprise d'arrondi : les montants arrondis dépassaient l'enveloppe de « %s » ; ",
                  gr->node->id);
    cb_fmt_eur(out, gr->envelope_taken);
    cb_buf_printf(out, " repris (cible eval --explain %s).\n", gr->node->id);
  }
}

void cb_report_text(struct cb_buf *out, const struct cb_evaluation *ev) {
  const struct cb_contract *c = ev->contract;
  cb_buf_printf(out, "Contrat %s — %s\n", c->id, c->label);
  if (!ev->nperiods) {
    cb_buf_puts(out, "Aucune période à évaluer : ni objectif ni mesure.\n");
    return;
  }
  for (size_t i = 0; i < ev->nperiods; i++) {
    const struct cb_period_eval *pe = &ev->periods[i];
    cb_buf_putc(out, '\n');
    cb_report_period_title(out, pe->period);
    cb_buf_putc(out, '\n');
    struct cb_report_table t;
    cb_report_table_build(&t, pe->root);
    print_table(out, &t);
    free_table(&t);
    cb_buf_putc(out, '\n');
    cb_report_summary(out, c, pe);
  }
}

void cb_report_summary(struct cb_buf *out, const struct cb_contract *c,
                       const struct cb_period_eval *pe) {
  global_attainment(out, pe->root);
  points_lines(out, pe);
  bool any = money_lines(out, pe);
  rounding_lines(out, c, pe, any);
}

const struct cb_result *cb_report_find(const struct cb_evaluation *ev,
                                       const struct cb_period_eval *pe, const char *id) {
  (void)ev;
  const struct cb_contract *c = pe->contract;
  if (strcmp(c->id, id) == 0)
    return pe->root;
  const struct cb_node *n = cb_contract_lookup(c, id);
  if (!n)
    return NULL;
  if (n->kind == CB_NODE_INDICATOR || n->kind == CB_NODE_DONNEE)
    return pe->by_index[n->index];
  for (size_t i = 0; i < pe->ngroups; i++)
    if (pe->groups[i]->node == n)
      return pe->groups[i];
  return NULL;
}

bool cb_report_explain(struct cb_buf *out, const struct cb_evaluation *ev, const char *id) {
  bool known = strcmp(ev->contract->id, id) == 0;
  for (size_t i = 0; i < ev->nperiods && !known; i++)
    known = cb_contract_lookup(ev->periods[i].contract, id) != NULL;
  if (!known && !cb_contract_lookup(ev->contract, id))
    return false;
  for (size_t i = 0; i < ev->nperiods; i++) {
    const struct cb_period_eval *pe = &ev->periods[i];
    const struct cb_result *r = cb_report_find(ev, pe, id);
    if (!r)
      continue;
    const struct cb_node *n = r->node;
    cb_buf_printf(out, "%s %s",
                  n->kind == CB_NODE_INDICATOR ? "indicateur"
                  : n->kind == CB_NODE_DONNEE  ? "donnée"
                                               : n->word,
                  n->id);
    if (n->label)
      cb_buf_printf(out, " « %s »", n->label);
    cb_buf_printf(out, " — %s\n", pe->period->name);
    cb_buf_printf(out, "  déclaré en %s:%d\n", n->loc.src ? n->loc.src->name : "?", n->loc.line);
    int k = 1;
    for (const struct cb_step *s = r->steps; s; s = s->next, k++) {
      cb_buf_printf(out, "  %2d. ", k);
      cb_step_text(out, s);
      if (s->loc.src || s->loc2.src) {
        cb_buf_puts(out, "  [");
        if (s->loc.src)
          cb_buf_printf(out, "%s:%d", s->loc.src->name, s->loc.line);
        if (s->loc2.src)
          cb_buf_printf(out, "%s%s:%d", s->loc.src ? ", " : "", s->loc2.src->name, s->loc2.line);
        cb_buf_puts(out, "]");
      }
      cb_buf_putc(out, '\n');
    }
    if (r->status == CB_RES_VALUE && r->measure) {
      cb_buf_printf(out, "  => valeur %s : ", pe->period->name);
      cb_fmt_value(out, r->measure, &n->unit, true);
      cb_buf_putc(out, '\n');
    } else if (r->status != CB_RES_OK && r->reason) {
      cb_buf_printf(out, "  => %s\n", r->reason);
    }
    if (r->nchildren) {
      cb_buf_puts(out, "  éléments :");
      for (size_t j = 0; j < r->nchildren; j++)
        cb_buf_printf(out, "%s %s", j ? "," : "", r->children[j]->node->id);
      cb_buf_puts(out, " (cible eval --explain ÉLÉMENT pour le détail)\n");
    }
    cb_buf_putc(out, '\n');
  }
  return true;
}

/* ---- JSON ----------------------------------------------------------------- */

const char *cb_status_code(enum cb_status s) {
  switch (s) {
  case CB_RES_OK:
    return "evalue";
  case CB_RES_NEUTRALISED:
    return "neutralise";
  case CB_RES_NO_OBJECTIVE:
    return "sans_objectif";
  case CB_RES_TO_DEFINE:
    return "a_definir";
  case CB_RES_MISSING:
    return "mesure_manquante";
  case CB_RES_UNDETERMINED:
    return "indetermine";
  case CB_RES_EXCLUDED:
    return "exclu";
  case CB_RES_VALUE:
    return "donnee";
  }
  return "?";
}

/* A result's element: id, nature, label, declaration, status and reason. */
static void json_identity(struct cb_jw *w, const struct cb_result *r) {
  const struct cb_node *n = r->node;
  cb_jw_key(w, "id");
  cb_json_str(w->b, n->id);
  cb_jw_key(w, "nature");
  cb_json_str(w->b, n->kind == CB_NODE_INDICATOR ? "indicateur" : n->word);
  cb_jw_key(w, "libelle");
  cb_json_str(w->b, n->label ? n->label : "");
  cb_jw_loc(w, "declaration", n->loc);
  cb_jw_key(w, "statut");
  cb_json_str(w->b, cb_status_code(r->status));
  cb_jw_key(w, "raison");
  if (r->reason)
    cb_json_str(w->b, r->reason);
  else
    cb_buf_puts(w->b, "null");
}

/* Objective, measure, ratio, met, attainment, barème. */
static void json_scoring(struct cb_jw *w, const struct cb_result *r) {
  const struct cb_node *n = r->node;
  if (n->kind == CB_NODE_INDICATOR || n->kind == CB_NODE_DONNEE) {
    cb_jw_key(w, "unite");
    cb_json_str(w->b, cb_unit_label(&n->unit));
    cb_jw_num(w, "objectif", r->objective, CB_J_VAL, &n->unit);
    cb_jw_key(w, "comparaison");
    if (r->objective)
      cb_json_str(w->b, cb_cmp_text(r->cmp));
    else
      cb_buf_puts(w->b, "null");
    cb_jw_num(w, "mesure", r->measure, CB_J_VAL, &n->unit);
    cb_jw_loc(w, "source_mesure", r->m ? r->m->loc : (struct cb_loc){0});
    cb_jw_num(w, "ratio", r->ratio, CB_J_PCT, NULL);
    cb_jw_key(w, "ratio_non_defini");
    cb_buf_puts(w->b, r->ratio_undefined ? "true" : "false");
  }
  cb_jw_key(w, "atteint");
  cb_buf_puts(w->b, r->met < 0 || r->status != CB_RES_OK ? "null" : r->met ? "true" : "false");
  cb_jw_num(w, "atteinte", r->status == CB_RES_OK ? r->attainment : NULL, CB_J_PCT, NULL);
  if (n->kind == CB_NODE_INDICATOR) {
    cb_jw_key(w, "plafonnee");
    cb_buf_puts(w->b, r->capped ? "true" : "false");
    cb_jw_key(w, "tranche");
    if (r->tranche)
      cb_json_str(w->b, r->tranche->text);
    else
      cb_buf_puts(w->b, "null");
    cb_jw_num(w, "apres_bareme", r->status == CB_RES_OK && n->bareme ? r->after : NULL, CB_J_PCT, NULL);
  }
}

/* Weight, share, what is paid, points, prérequis, envelopes, rounding taken back. */
static void json_money(struct cb_jw *w, const struct cb_result *r) {
  const struct cb_node *n = r->node;
  cb_jw_num(w, "poids", r->weight, CB_J_PCT, NULL);
  cb_jw_key(w, "unite_montants");
  if (r->share)
    cb_json_str(w->b, r->share_points ? "points" : "€");
  else
    cb_buf_puts(w->b, "null");
  enum cb_jkind mk = r->share_points ? CB_J_PTS : CB_J_EUR;
  cb_jw_num(w, "part", r->share, mk, NULL);
  cb_jw_num(w, "verse", r->paid, mk, NULL);
  cb_jw_num(w, "verse_avant_arrondi", r->paid_exact, mk, NULL);
  if (r->points_share || r->share_unknown) {
    cb_jw_num(w, "points_possibles", r->points_share, CB_J_PTS, NULL);
    cb_jw_num(w, "points", r->points_paid, CB_J_PTS, NULL);
  }
  if (r->share_unknown) {
    cb_jw_key(w, "possibles_inconnus");
    cb_json_str(w->b, r->share_unknown);
    if (r->share_at_least) {
      cb_jw_num(w, "part_au_moins", r->share_at_least, CB_J_EUR, NULL);
      cb_jw_num(w, "points_possibles_au_moins", r->points_at_least, CB_J_PTS, NULL);
    }
  }
  if (n->kind == CB_NODE_INDICATOR && cb_amount_varies(n)) {
    cb_jw_num(w, "montant_maximal", n->weight, CB_J_EUR, NULL);
    cb_jw_num(w, "montant_periode", r->amount_period, CB_J_EUR, NULL);
  }
  if (r->gate) {
    cb_jw_key(w, "prerequis");
    cb_json_str(w->b, r->gate);
  }
  if (r->fixe)
    cb_jw_num(w, "fixe", r->fixe, CB_J_EUR, NULL);
  if (r->variable)
    cb_jw_num(w, "variable", r->variable, CB_J_EUR, NULL);
  if (r->rounding_taken)
    cb_jw_num(w, "reprise_arrondi", r->rounding_taken, CB_J_EUR, NULL);
  if (r->envelope_taken)
    cb_jw_num(w, "reprise_arrondi_enveloppe", r->envelope_taken, CB_J_EUR, NULL);
}

/* The steps, each rendered to its sentence (render/trace.h). */
static void json_steps(struct cb_jw *w, const struct cb_result *r) {
  cb_jw_key(w, "etapes");
  cb_jw_open(w, '[');
  struct cb_buf text = CB_BUF_INIT;
  for (const struct cb_step *s = r->steps; s; s = s->next) {
    cb_jw_item(w);
    cb_jw_open(w, '{');
    cb_jw_key(w, "texte");
    cb_buf_clear(&text);
    cb_step_text(&text, s);
    cb_json_str(w->b, cb_buf_str(&text));
    cb_jw_loc(w, "source", s->loc);
    if (s->loc2.src)
      cb_jw_loc(w, "source2", s->loc2);
    cb_jw_close(w, '}');
  }
  cb_buf_free(&text);
  cb_jw_close(w, ']');
}

static void json_result(struct cb_jw *w, const struct cb_result *r) {
  const struct cb_node *n = r->node;
  cb_jw_open(w, '{');
  json_identity(w, r);
  json_scoring(w, r);
  json_money(w, r);
  json_steps(w, r);
  if (n->kind != CB_NODE_INDICATOR && n->kind != CB_NODE_DONNEE) {
    cb_jw_key(w, "elements");
    cb_jw_open(w, '[');
    for (size_t i = 0; i < r->nchildren; i++) {
      cb_jw_item(w);
      json_result(w, r->children[i]);
    }
    cb_jw_close(w, ']');
  }
  cb_jw_close(w, '}');
}

/* The variable envelopes of period pe, as the text's « Part variable »
   line: their total and what they pay (nothing when it has none). */
static void json_part_variable(struct cb_jw *w, const struct cb_period_eval *pe) {
  const struct cb_envelope_totals *tot = &pe->totals;
  const struct cb_result *blocking = tot->blocking;
  if (!tot->any)
    return;
  cb_jw_key(w, "part_variable");
  cb_jw_open(w, '{');
  cb_jw_num(w, "enveloppe", tot->variable, CB_J_EUR, NULL);
  cb_jw_num(w, "verse", blocking ? NULL : tot->paid, CB_J_EUR, NULL);
  cb_jw_key(w, "raison");
  if (blocking) {
    struct cb_buf why = CB_BUF_INIT;
    cb_buf_printf(&why, "part variable de « %s » : %s", blocking->node->id,
                  blocking->reason ? blocking->reason : "à déterminer");
    cb_json_str(w->b, cb_buf_str(&why));
    cb_buf_free(&why);
  } else {
    cb_buf_puts(w->b, "null");
  }
  cb_jw_close(w, '}');
}

/* One period of a contract's evaluation: its name and dates, its variable
   part, its tree of results. */
static void json_period(struct cb_jw *w, const struct cb_period_eval *pe) {
  cb_jw_item(w);
  cb_jw_open(w, '{');
  cb_jw_key(w, "periode");
  cb_json_str(w->b, pe->period->name);
  if (pe->period->dated) {
    struct cb_buf t = CB_BUF_INIT;
    cb_date_fmt_iso(&t, pe->period->start);
    cb_jw_key(w, "debut");
    cb_json_str(w->b, cb_buf_str(&t));
    cb_buf_clear(&t);
    cb_date_fmt_iso(&t, pe->period->end);
    cb_jw_key(w, "fin");
    cb_json_str(w->b, cb_buf_str(&t));
    cb_buf_free(&t);
  }
  json_part_variable(w, pe);
  cb_jw_key(w, "resultat");
  json_result(w, pe->root);
  cb_jw_close(w, '}');
}

/* The root object up to the opening of its list named key. */
static void json_begin(struct cb_jw *w, struct cb_buf *out, const char *key) {
  w->b = out;
  w->indent = 0;
  w->first = true;
  cb_jw_open(w, '{');
  cb_jw_key(w, "format");
  cb_json_str(out, "cible-evaluation/1");
  cb_jw_key(w, key);
  cb_jw_open(w, '[');
}

void cb_report_json_begin(struct cb_jw *w, struct cb_buf *out) { json_begin(w, out, "contrats"); }

void cb_report_json_begin_sets(struct cb_jw *w, struct cb_buf *out) {
  json_begin(w, out, "scenarios");
}

void cb_report_json_set(struct cb_jw *w, const char *name, const char *file) {
  cb_jw_item(w);
  cb_jw_open(w, '{');
  cb_jw_key(w, "scenario");
  cb_json_str(w->b, name);
  cb_jw_key(w, "mesures");
  cb_json_str(w->b, file);
  cb_jw_key(w, "contrats");
  cb_jw_open(w, '[');
}

void cb_report_json_set_end(struct cb_jw *w) {
  cb_jw_close(w, ']');
  cb_jw_close(w, '}');
}

void cb_report_json_contract(struct cb_jw *w, const struct cb_evaluation *ev) {
  struct cb_buf *out = w->b;
  const struct cb_contract *c = ev->contract;
  cb_jw_item(w);
  cb_jw_open(w, '{');
  cb_jw_key(w, "id");
  cb_json_str(out, c->id);
  cb_jw_key(w, "libelle");
  cb_json_str(out, c->label);
  cb_jw_key(w, "arrondi");
  cb_json_str(out, c->rounding == CB_ROUNDING_CENTIME ? "centime"
                : c->rounding == CB_ROUNDING_EURO  ? "euro"
                                                   : "aucun");
  cb_jw_key(w, "periodes");
  cb_jw_open(w, '[');
  for (size_t k = 0; k < ev->nperiods; k++)
    json_period(w, &ev->periods[k]);
  cb_jw_close(w, ']');
  cb_jw_close(w, '}');
}

void cb_report_json_end(struct cb_jw *w, const struct cb_provenance *pv) {
  cb_jw_close(w, ']');
  if (pv)
    cb_provenance_json(w, pv);
  cb_jw_close(w, '}');
  cb_buf_putc(w->b, '\n');
}

void cb_report_json(struct cb_buf *out, struct cb_evaluation **evs, size_t n) {
  struct cb_jw w;
  cb_report_json_begin(&w, out);
  for (size_t i = 0; i < n; i++)
    cb_report_json_contract(&w, evs[i]);
  cb_report_json_end(&w, NULL);
}
