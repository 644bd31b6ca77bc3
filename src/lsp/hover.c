/*
 * hover.c: what the editor shows over a word (cb_lsp_hover), in French
 * Markdown. An indicator, a donnée, a group or a contract: its terms as the
 * checked model holds them (objectives, socle, weight, method, barème) and,
 * when the document has no error and its measures are known, what it pays
 * in the latest period with a measure, with the steps `cible eval
 * --explain` prints for that period (cb_report_explain, nothing
 * recomputed). A barème: its tranches. A keyword or a word a statement
 * takes: its definition (keywords.c). An `importe`: the module's file;
 * `accord ID`: the accord of the module imported.
 */
#include "lsp_internal.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "format.h"
#include "parser.h"
#include "report.h"
#include "session.h"
#include "totals.h"

/* The contract of the model a declaration belongs to, or NULL. */
static const struct cb_contract *decl_contract(struct cb_lsp_doc *doc, const struct lsp_decl *d) {
  struct cb_program *p = cb_session_program(doc->s);
  if (!p || !d->top || !d->top->id)
    return NULL;
  return cb_program_contract(p, d->top->id);
}

/* Element id as some version of c states it (the latest that has it). */
static const struct cb_node *find_node(const struct cb_contract *c, const char *id) {
  if (!c)
    return NULL;
  if (c->versions)
    for (size_t i = c->nperiods; i-- > 0;)
      if (c->versions[i]) {
        const struct cb_node *n = cb_contract_node_id(c->versions[i], id);
        if (n)
          return n;
      }
  return cb_contract_node_id(c, id);
}

static void put_weight(struct cb_buf *b, const struct cb_node *n) {
  switch (n->weight_kind) {
  case CB_WEIGHT_PERCENT:
    cb_buf_puts(b, "- poids : ");
    cb_fmt_pct_natural(b, n->weight);
    break;
  case CB_WEIGHT_POINTS:
    cb_buf_puts(b, "- poids : ");
    cb_fmt_points(b, n->weight);
    break;
  case CB_WEIGHT_MONTANT:
    cb_buf_puts(b, "- montant : ");
    cb_fmt_eur(b, n->weight);
    break;
  default:
    return;
  }
  cb_buf_putc(b, '\n');
}

static void put_objectives(struct cb_buf *b, const struct cb_contract *c, const struct cb_node *n) {
  bool any = false;
  for (size_t i = 0; n->objectives && i < c->nperiods; i++) {
    const struct cb_mobjective *o = &n->objectives[i];
    if (o->kind == CB_MOBJ_NONE)
      continue;
    cb_buf_puts(b, any ? " ; " : "- objectifs : ");
    any = true;
    cb_buf_printf(b, "%s : ", c->periods[i].name);
    if (o->kind == CB_MOBJ_A_DEFINIR) {
      cb_buf_puts(b, "à définir");
      continue;
    }
    if (o->kind == CB_MOBJ_PRECEDENT) {
      cb_buf_puts(b, "précédent ");
      if (mpq_sgn(o->value) >= 0)
        cb_buf_puts(b, "+ ");
      cb_fmt_value(b, o->value, &n->unit, true);
      continue;
    }
    if (o->cmp_written)
      cb_buf_printf(b, "%s ", cb_cmp_text(o->cmp));
    cb_fmt_value(b, o->value, &n->unit, true);
  }
  if (any)
    cb_buf_putc(b, '\n');
}

static void put_socles(struct cb_buf *b, const struct cb_contract *c, const struct cb_node *n) {
  if (n->socle_default) {
    cb_buf_puts(b, "- socle : ");
    cb_fmt_value(b, n->socle_default, &n->unit, true);
    cb_buf_putc(b, '\n');
  }
  bool any = false;
  for (size_t i = 0; n->socles && i < c->nperiods; i++) {
    if (!n->socles[i])
      continue;
    cb_buf_puts(b, any ? " ; " : "- socles : ");
    any = true;
    cb_buf_printf(b, "%s : ", c->periods[i].name);
    cb_fmt_value(b, n->socles[i], &n->unit, true);
  }
  if (any)
    cb_buf_putc(b, '\n');
}

static void put_indicator(struct cb_buf *b, const struct cb_contract *c, const struct cb_node *n) {
  if (n->unit.kind != CB_UNIT_NONE)
    cb_buf_printf(b, "- unité : %s\n", cb_unit_label(&n->unit));
  if (n->sens != CB_SENS_NONE)
    cb_buf_printf(b, "- sens : %s\n", n->sens == CB_SENS_CROISSANT ? "croissant" : "décroissant");
  put_objectives(b, c, n);
  put_socles(b, c, n);
  put_weight(b, n);
  if (n->kind == CB_NODE_INDICATOR)
    cb_buf_printf(b, "- atteinte : %s\n", cb_method_name(n->method));
  if (n->bareme)
    cb_buf_printf(b, "- barème : `%s`\n", n->bareme->id ? n->bareme->id : "(dans l'indicateur)");
}

/* The evaluation of c with the document's measures, once per contract. */
static const struct cb_evaluation *evaluation(struct cb_lsp_doc *doc, const struct cb_contract *c) {
  for (size_t i = 0; i < doc->nevals; i++)
    if (doc->evals[i].c == c)
      return doc->evals[i].ev;
  doc->evals = cb_arena_grow(doc->a, doc->evals, doc->nevals, &doc->capevals, sizeof *doc->evals);
  const struct cb_evaluation *ev = cb_session_eval(doc->s, c, NULL);
  doc->evals[doc->nevals++] = (struct lsp_eval){c, ev};
  return ev;
}

/* What the variable envelopes under r (a group, the contract) pay; false
   when there is none. */
static bool put_envelopes(struct cb_buf *b, const struct cb_result *r) {
  mpq_t env, paid;
  mpq_inits(env, paid, NULL);
  const struct cb_result *blocking = NULL;
  bool any = cb_envelope_paid(r, env, paid, &blocking);
  if (any && blocking) {
    cb_buf_printf(b, "pas de montant : « %s » n'a pas de chiffre", blocking->node->id);
  } else if (any) {
    cb_buf_puts(b, "verse ");
    cb_fmt_eur(b, paid);
    cb_buf_puts(b, " sur ");
    cb_fmt_eur(b, env);
    cb_buf_puts(b, " d'enveloppes variables");
  }
  mpq_clears(env, paid, NULL);
  return any;
}

/* What id pays in the latest period with a figure from a measure, and the
   steps of that period; nothing when the document has errors or no
   measure reaches it. */
static void put_paid(struct cb_lsp_doc *doc, struct cb_buf *b, const struct cb_contract *c,
                     const char *id) {
  if (!c)
    return;
  if (!doc->checked) {
    cb_buf_puts(b, "\n_Le document a des erreurs : il n'est pas évalué._\n");
    return;
  }
  const struct cb_evaluation *ev = evaluation(doc, c);
  if (!ev)
    return;
  for (size_t k = ev->nperiods; k-- > 0;) {
    const struct cb_period_eval *pe = &ev->periods[k];
    const struct cb_result *r = cb_report_find(ev, pe, id);
    if (!r || !(r->status == CB_RES_OK || r->status == CB_RES_VALUE || (r->m && r->m->present)))
      continue;
    cb_buf_printf(b, "\n**%s** : ", pe->period->name);
    if (r->status == CB_RES_VALUE && r->measure) {
      cb_buf_puts(b, "valeur ");
      cb_fmt_value(b, r->measure, &r->node->unit, true);
    } else if (r->paid) {
      cb_buf_puts(b, "verse ");
      (r->share_points ? cb_fmt_points : cb_fmt_eur)(b, r->paid);
      if (r->share) {
        cb_buf_puts(b, " sur ");
        (r->share_points ? cb_fmt_points : cb_fmt_eur)(b, r->share);
      }
    } else if (put_envelopes(b, r)) {
    } else if (r->status == CB_RES_OK && (r->after || r->attainment)) {
      cb_buf_puts(b, "atteinte ");
      cb_fmt_pct(b, r->after ? r->after : r->attainment);
      cb_buf_puts(b, ", sans montant en euros");
    } else {
      cb_buf_printf(b, "pas de montant (%s)", r->reason ? r->reason : cb_status_code(r->status));
    }
    cb_buf_puts(b, "\n\n```text\n");
    struct cb_evaluation one = *ev;
    one.periods = (struct cb_period_eval *)pe;
    one.nperiods = 1;
    cb_report_explain(b, &one, id);
    cb_buf_puts(b, "```\n");
    return;
  }
}

static void hover_node(struct cb_lsp_doc *doc, struct cb_buf *b, const struct lsp_decl *d) {
  const struct cb_stmt *st = d->stmt;
  const char *what = d->kind == LSP_INDICATOR ? "indicateur"
                     : d->kind == LSP_DONNEE  ? "donnée"
                     : d->kind == LSP_CONSTANT ? "constante"
                                               : st->word ? st->word : "groupe";
  cb_buf_printf(b, "**%s `%s`**", what, d->name);
  if (st->label)
    cb_buf_printf(b, " — %s", st->label);
  cb_buf_puts(b, "\n\n");
  const struct cb_contract *c = decl_contract(doc, d);
  const struct cb_node *n = find_node(c, d->name);
  if (d->kind == LSP_CONSTANT) {
    if (st->value.q) {
      cb_buf_puts(b, "valeur : ");
      cb_fmt_exact(b, st->value.q);
      cb_buf_putc(b, '\n');
    }
    return;
  }
  if (!n)
    return;
  if (n->parent && n->parent->kind == CB_NODE_GROUP)
    cb_buf_printf(b, "dans %s `%s`\n\n", n->parent->word, n->parent->id);
  if (n->kind == CB_NODE_GROUP) {
    cb_buf_printf(b, "- éléments : %zu\n", n->nchildren);
    put_weight(b, n);
  } else {
    put_indicator(b, c, n);
  }
  put_paid(doc, b, c, d->name);
}

static void hover_contract(struct cb_lsp_doc *doc, struct cb_buf *b, const struct lsp_decl *d) {
  cb_buf_printf(b, "**contrat `%s`**", d->name);
  if (d->top->label)
    cb_buf_printf(b, " — %s", d->top->label);
  cb_buf_puts(b, "\n\n");
  const struct cb_contract *c = decl_contract(doc, d);
  if (!c)
    return;
  if (c->accord)
    cb_buf_printf(b, "- accord : %s\n", c->accord);
  if (c->nperiods)
    cb_buf_printf(b, "- périodes : %s à %s\n", c->periods[0].name,
                  c->periods[c->nperiods - 1].name);
  cb_buf_printf(b, "- indicateurs et données : %zu\n", c->nindicators);
  put_paid(doc, b, c, d->name);
}

static void hover_bareme(struct cb_lsp_doc *doc, struct cb_buf *b, const struct lsp_decl *d) {
  const struct cb_stmt *st = d->stmt;
  cb_buf_printf(b, "**barème `%s`**", d->name);
  if (st->label)
    cb_buf_printf(b, " — %s", st->label);
  cb_buf_printf(b, "\n\nlit %s\n\n| tranche | verse |\n|---|---|\n",
                st->bareme_sur_valeur ? "la mesure (sur valeur)" : "l'atteinte (sur taux)");
  /* the tranches as written, each with what it pays */
  for (const struct cb_tranche *t = st->tranches; t; t = t->next) {
    const char *w = cb_loc_written(doc->a, t->loc);
    const char *colon = strrchr(w, ':');
    if (colon) {
      size_t n = (size_t)(colon - w);
      while (n && w[n - 1] == ' ')
        n--;
      const char *pay = colon + 1;
      while (*pay == ' ')
        pay++;
      cb_buf_printf(b, "| %.*s | %s |\n", (int)n, w, pay);
    } else {
      cb_buf_printf(b, "| %s | |\n", w);
    }
  }
}

static const char *keyword_hover(struct cb_lsp_doc *doc, const char *text) {
  /* `a  partir  de`, `à partir de`: one space between words */
  const char *f = cb_fold(doc->a, text);
  char *k = cb_arena_strdup(doc->a, f);
  size_t j = 0;
  for (size_t i = 0; k[i]; i++)
    if (k[i] != ' ' && k[i] != '\t')
      k[j++] = k[i];
    else if (j && k[j - 1] != ' ')
      k[j++] = ' ';
  k[j] = '\0';
  const char *def = lsp_keyword_doc(k);
  return def ? cb_arena_printf(doc->a, "**%s** — %s", k, def) : NULL;
}

/* The answer for token i, or NULL. */
static const char *hover_token(struct cb_lsp_doc *doc, long i) {
  const struct lsp_tok *t = &doc->toks[i];
  const char *text = lsp_tok_text(doc, t);
  const char *answer = NULL;
  if (t->tok == CB_TOK_IDENT) {
    const struct lsp_decl *d = lsp_resolve(doc, i);
    struct cb_lsp_location at;
    const char *label;
    if (!d && i > 0 && doc->toks[i - 1].tok == CB_TOK_ACCORD &&
        lsp_module_accord(doc, text, &at, &label)) {
      answer = cb_arena_printf(doc->a, "**accord `%s`**%s%s\n\ndans %s", text, label ? " — " : "",
                               label ? label : "", at.path);
    } else if (!d) {
      answer = keyword_hover(doc, text);
    } else {
      struct cb_buf b = CB_BUF_INIT;
      if (d->kind == LSP_CONTRACT)
        hover_contract(doc, &b, d);
      else if (d->kind == LSP_BAREME)
        hover_bareme(doc, &b, d);
      else if (d->kind == LSP_ACCORD)
        cb_buf_printf(&b, "**accord `%s`**%s%s\n", d->name, d->top->label ? " — " : "",
                      d->top->label ? d->top->label : "");
      else
        hover_node(doc, &b, d);
      answer = cb_arena_strdup(doc->a, cb_buf_str(&b));
      cb_buf_free(&b);
    }
  } else if (t->tok == CB_TOK_STRING && i > 0 && doc->toks[i - 1].tok == CB_TOK_IMPORTE) {
    char *name = cb_arena_strndup(doc->a, text + 1, strlen(text) - 2);
    answer = doc->stdlib_dir ? cb_arena_printf(doc->a,
                                               "module de la bibliothèque standard `%s` (%s/%s.cible)",
                                               name, doc->stdlib_dir, name)
                             : cb_arena_printf(doc->a, "module de la bibliothèque standard `%s`", name);
  } else if (lsp_tok_is_keyword(t->tok)) {
    answer = keyword_hover(doc, text);
  }
  return answer;
}

const char *cb_lsp_hover(struct cb_lsp_doc *doc, int line, int col, struct cb_lsp_range *range) {
  if (!doc->src)
    return NULL;
  long i = lsp_tok_at(doc, line, col);
  if (i < 0)
    return NULL;
  const struct lsp_tok *t = &doc->toks[i];
  /* an answer is built once per token: the editor asks again and again */
  if (!doc->hovers)
    doc->hovers = cb_arena_array(doc->a, doc->ntoks, sizeof *doc->hovers);
  if (!doc->hovers[i]) {
    const char *built = hover_token(doc, i);
    doc->hovers[i] = built ? built : "";
  }
  const char *answer = doc->hovers[i];
  if (!*answer)
    return NULL;
  if (range)
    *range = (struct cb_lsp_range){t->line, t->col, t->line, t->col + (int)(t->end - t->start)};
  return answer;
}
