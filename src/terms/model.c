/*
 * model.c: from syntax trees to checked contracts.
 *
 * Owns the meaning of what was written: what each statement sets, in one
 * builder per kind (cb_build_*), which the table of kinds (stmt_kinds.c)
 * names with the pass that reads it and the places it may stand in: a body
 * is read by looking each statement up in that table, in passes (periods,
 * the contract's own terms, settings, initial values, terms, elements);
 * what each enumerated word means; how settings are inherited (contract,
 * then each enclosing group, then the indicator); how values are normalised
 * to their indicator's unit; how objectives are generated from
 * `progression` and `initial`; and the name tables. Local errors (unknown
 * or duplicate names, misplaced statements, contradictory units, periods
 * outside the contract) are reported here with their location.
 * Whole-contract consistency (weights, barème coverage, objectives per
 * period) is check.c's job.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "format.h"
#include "hashtab.h"
#include "num.h"
#include "parse.h"
#include "payrule.h"
#include "stmt_kinds.h"
#include "suggest.h"

/* Upper bound on periods of one contract (years of a COG, contract years):
   far above any real contract, low enough that per-period tables stay small. */
#define CB_MAX_PERIODS 200

/* ---- name tables ---------------------------------------------------- */

/* The name table of a contract holds its nodes, keyed by their ids. */
static bool node_named(const void *node, const void *id) {
  return strcmp(((const struct cb_node *)node)->id, id) == 0;
}

struct cb_node *cb_contract_lookup(const struct cb_contract *c, const char *id) {
  return cb_hashtab_find(&c->names, cb_hash_str(id), node_named, id);
}

struct cb_node *cb_contract_node(const struct cb_contract *v, const struct cb_node *n) {
  return n->kind == CB_NODE_CONTRACT ? v->root : cb_contract_lookup(v, n->id);
}

struct cb_node *cb_contract_node_id(const struct cb_contract *v, const char *id) {
  struct cb_node *n = cb_contract_lookup(v, id);
  return n ? n : strcmp(id, v->id) == 0 ? v->root : NULL;
}

/* ---- builder state -------------------------------------------------- */

struct settings {
  enum cb_method method;
  struct cb_loc method_loc;
  bool method_set;
  mpq_ptr plafond; /* NULL: sans plafond */
  struct cb_loc plafond_loc;
  mpq_ptr plancher;
  struct cb_loc plancher_loc;
  enum cb_neutral_rule neutral;
  struct cb_loc neutral_loc;
  enum cb_missing_rule missing;
  struct cb_loc missing_loc;
};

struct pending_par {
  struct cb_node *n;
  const struct cb_stmt *st;
};

struct builder {
  struct cb_arena *a;
  struct cb_diags *d;
  struct cb_program *prog;
  struct cb_contract *c;
  size_t nind, capind;
  size_t nbar, capbar;
  struct cb_node **nodes_all; /* for the suggestion of names */
  const struct cb_module *modules;
  size_t nmodules;
  struct pending_par *pending; /* `points_variables … par ID` to resolve */
  size_t capdelays;            /* capacity of the contract's delays */
  size_t npending, cappending;
  struct cb_model_share *share; /* NULL: nothing shared between builds */
  const struct cb_file *imp_file; /* the file whose top-level imports are: */
  const struct cb_top **imp;      /* its `importe` items, found once per file */
  size_t nimp, capimp;
};

/* The top-level `importe` items of f, walked once per file rather than
   once per contract of the file. */
static void file_imports(struct builder *b, const struct cb_file *f) {
  if (b->imp_file == f)
    return;
  b->imp_file = f;
  b->nimp = 0;
  for (const struct cb_top *x = f->tops; x; x = x->next)
    if (x->kind == CB_TOP_IMPORTE) {
      b->imp = cb_arena_grow(b->a, b->imp, b->nimp, &b->capimp, sizeof *b->imp);
      b->imp[b->nimp++] = x;
    }
}

struct seen {
  const struct cb_stmt *by_kind[CB_ST_COUNT];
};

/* One body being read: what the builders of the table of kinds
   (stmt_kinds.c) write into. */
struct cb_build {
  struct builder *b;
  struct cb_node *n;             /* the element; NULL: the contract's own passes */
  struct settings *s;            /* its settings, as its body writes them */
  struct seen seen;              /* the first statement of each kind (E0212) */
  const struct cb_stmt *etapes;  /* the last `atteinte etapes { … }` */
  size_t children_cap;           /* n->children's capacity */
};

static void build_init(struct cb_build *x, struct builder *b, struct cb_node *n,
                       struct settings *s) {
  memset(x, 0, sizeof *x);
  x->b = b;
  x->n = n;
  x->s = s;
}

static const char *what_node(const struct cb_node *n) {
  switch (n->kind) {
  case CB_NODE_CONTRACT:
    return "le contrat";
  case CB_NODE_GROUP:
    return "ce groupe";
  case CB_NODE_INDICATOR:
    return "un indicateur";
  case CB_NODE_DONNEE:
    return "une donnée";
  }
  return "?";
}

/* ---- enumerated words ------------------------------------------------ */

struct word_choice {
  const char *word;
  int value;
};

static bool pick_word(struct builder *b, const char *word, struct cb_loc loc,
                      const struct word_choice *choices, const char *what, int *out) {
  /* "méthode", "agrégation", "règle", "étape" are feminine; "sens", "type",
     "accord", "mode" not */
  bool fem = strncmp(what, "méthode", strlen("méthode")) == 0 ||
             strncmp(what, "agrégation", strlen("agrégation")) == 0 ||
             strncmp(what, "règle", strlen("règle")) == 0 ||
             strncmp(what, "étape", strlen("étape")) == 0;
  for (const struct word_choice *w = choices; w->word; w++) {
    if (cb_word_is(word, w->word)) {
      *out = w->value;
      return true;
    }
  }
  struct cb_buf list = CB_BUF_INIT;
  for (const struct word_choice *w = choices; w->word; w++) {
    if (w != choices)
      cb_buf_puts(&list, w[1].word ? ", " : " ou ");
    cb_buf_printf(&list, "%s", w->word);
  }
  cb_diag_error(b->d, loc, "E0219", "%s « %s » inconnu%s : %s attendu", what, word,
                fem ? "e" : "", cb_buf_str(&list));
  cb_buf_free(&list);
  return false;
}

static const struct word_choice methods[] = {
    {"proportionnelle", CB_METHOD_PROPORTIONNELLE},
    {"lineaire", CB_METHOD_LINEAIRE},
    {"tout_ou_rien", CB_METHOD_TOUT_OU_RIEN},
    {"mesuree", CB_METHOD_MESUREE},
    {"oui_non", CB_METHOD_OUI_NON},
    {"etapes", CB_METHOD_ETAPES},
    {NULL, 0}};
static const struct word_choice sens_words[] = {
    {"croissant", CB_SENS_CROISSANT}, {"decroissant", CB_SENS_DECROISSANT}, {NULL, 0}};
static const struct word_choice aggr_words[] = {
    {"moyenne", CB_AGGR_MOYENNE}, {"toutes", CB_AGGR_TOUTES}, {"somme", CB_AGGR_SOMME},
    {NULL, 0}};
static const struct word_choice neutral_words[] = {
    {"redistribuer", CB_NEUTRAL_REDISTRIBUER}, {"acquis", CB_NEUTRAL_ACQUIS},
    {"exclu", CB_NEUTRAL_EXCLU}, {NULL, 0}};
static const struct word_choice missing_words[] = {
    {"erreur", CB_MISSING_ERREUR}, {"zero", CB_MISSING_ZERO}, {"exclure", CB_MISSING_EXCLURE},
    {NULL, 0}};
static const struct word_choice type_words[] = {
    {"moyens", CB_TYPE_MOYENS}, {"suivi", CB_TYPE_SUIVI}, {"resultat", CB_TYPE_RESULTAT},
    {"prerequis", CB_TYPE_PREREQUIS}, {"socle", CB_TYPE_SOCLE}, {"optionnel", CB_TYPE_OPTIONNEL},
    {NULL, 0}};
static const struct word_choice accord_words[] = {
    {"aci_cpts", 1}, {"aci_msp", 2}, {"cpg", 3}, {"cog", 4}, {"interessement", 5},
    {"libre", 6}, {NULL, 0}};

const char *cb_method_name(enum cb_method m) {
  for (const struct word_choice *w = methods; w->word; w++)
    if (w->value == (int)m)
      return w->word;
  return "?";
}

/* ---- units and values ------------------------------------------------ */

const char *cb_unit_label(const struct cb_munit *u) {
  switch (u->kind) {
  case CB_UNIT_NONE:
    return "sans unité";
  case CB_UNIT_PERCENT:
    return "%";
  case CB_UNIT_EURO:
    return "€";
  default:
    return u->word ? u->word : "?";
  }
}

/* Count nouns agree when they fold to the same word, plural or not. */
static bool same_noun(const char *a, const char *b) {
  size_t la, lb;
  char *fa = cb_fold_dup(a, &la), *fb = cb_fold_dup(b, &lb);
  if (la && (fa[la - 1] == 's' || fa[la - 1] == 'x'))
    la--;
  if (lb && (fb[lb - 1] == 's' || fb[lb - 1] == 'x'))
    lb--;
  bool same = la == lb && strncmp(fa, fb, la) == 0;
  free(fa);
  free(fb);
  return same;
}

static bool unit_agrees(const struct cb_munit *iu, const struct cb_unit *vu) {
  if (vu->kind == CB_UNIT_NONE)
    return true;
  if (vu->kind != iu->kind)
    return false;
  if (vu->kind == CB_UNIT_NOUN)
    return same_noun(iu->word, vu->word);
  return true;
}

static const char *written_unit(const struct cb_unit *u) {
  return u->word ? u->word : "sans unité";
}

bool cb_model_value(struct cb_diags *d, const struct cb_node *ind, const struct cb_value *v,
                    const char *what, mpq_t out) {
  if (!unit_agrees(&ind->unit, &v->unit)) {
    if (ind->unit.kind == CB_UNIT_NONE)
      cb_diag_error(d, v->loc, "E0209",
                    "%s est en « %s » mais l'indicateur « %s » n'a pas d'unité déclarée "
                    "(ajoutez « unite %s » ou écrivez le nombre seul)",
                    what, written_unit(&v->unit), ind->id, written_unit(&v->unit));
    else
      cb_diag_error(d, v->loc, "E0209",
                    "%s est en « %s » mais l'indicateur « %s » se mesure en « %s »", what,
                    written_unit(&v->unit), ind->id, cb_unit_label(&ind->unit));
    return false;
  }
  mpq_set(out, v->q);
  if (ind->unit.kind == CB_UNIT_PERCENT) {
    cb_num_from_percent(out);
  }
  return true;
}

/* An offset (progression step, initial ± x, precedent ± x): "point" means
   one unit of the indicator, a percentage point for a % indicator. */
static bool offset_value(struct builder *b, const struct cb_node *ind, const struct cb_value *v,
                         const char *what, mpq_t out) {
  if (v->unit.kind == CB_UNIT_POINTS && ind->unit.kind != CB_UNIT_POINTS) {
    struct cb_value bare = *v;
    bare.unit.kind = CB_UNIT_NONE;
    return cb_model_value(b->d, ind, &bare, what, out);
  }
  return cb_model_value(b->d, ind, v, what, out);
}

/* A rate: written in % (a bare number is read as %). */
static bool rate_value(struct builder *b, const struct cb_value *v, const char *what,
                       mpq_t out) {
  if (v->unit.kind != CB_UNIT_PERCENT && v->unit.kind != CB_UNIT_NONE) {
    cb_diag_error(b->d, v->loc, "E0209", "%s s'exprime en %%, pas en « %s »", what,
                  written_unit(&v->unit));
    return false;
  }
  mpq_set(out, v->q);
  cb_num_from_percent(out);
  return true;
}

static bool euro_value(struct builder *b, const struct cb_value *v, const char *what,
                       mpq_t out) {
  if (v->unit.kind != CB_UNIT_EURO && v->unit.kind != CB_UNIT_NONE) {
    cb_diag_error(b->d, v->loc, "E0209", "%s s'exprime en €, pas en « %s »", what,
                  written_unit(&v->unit));
    return false;
  }
  mpq_set(out, v->q);
  return true;
}

/* ---- periods --------------------------------------------------------- */

struct cb_period *cb_contract_period(const struct cb_contract *c, enum cb_period_kind k,
                                     long n) {
  if (!c->nperiods || c->periods[0].kind != k)
    return NULL;
  long i = n - c->periods[0].n;
  if (i < 0 || (size_t)i >= c->nperiods)
    return NULL;
  return &c->periods[i];
}

bool cb_period_parse(const char *text, size_t len, enum cb_period_kind *k, long *n) {
  size_t i = 0;
  while (i < len && (text[i] == ' ' || text[i] == '\t'))
    i++;
  while (len > i && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  *k = CB_PERIOD_YEAR;
  if (len - i >= 2 && (text[i] == 'a' || text[i] == 'A') && (text[i + 1] == 'n' || text[i + 1] == 'N')) {
    *k = CB_PERIOD_AN;
    i += 2;
    while (i < len && (text[i] == ' ' || text[i] == '_' || text[i] == '-'))
      i++;
  }
  if (i >= len || len - i > 4)
    return false;
  long v = 0;
  for (; i < len; i++) {
    if (text[i] < '0' || text[i] > '9')
      return false;
    v = v * 10 + (text[i] - '0');
  }
  if (v < 1)
    return false;
  *n = v;
  return true;
}

static const char *period_text(struct cb_arena *a, enum cb_period_kind k, long n) {
  return k == CB_PERIOD_AN ? cb_arena_printf(a, "an %ld", n) : cb_arena_printf(a, "%ld", n);
}

struct cb_period *cb_contract_period_ref(struct cb_arena *a, struct cb_diags *d,
                                         const struct cb_contract *c,
                                         const struct cb_period_ref *r) {
  struct cb_period *p = cb_contract_period(c, r->kind, r->n);
  if (!p && r->n > 0) {
    if (!c->nperiods)
      cb_diag_error(d, r->loc, "E0210",
                    "période « %s » : le contrat « %s » ne déclare ni « duree » ni « periode »",
                    period_text(a, r->kind, r->n), c->id);
    else
      cb_diag_error(d, r->loc, "E0210",
                    "période « %s » hors du contrat « %s », qui va de « %s » à « %s »",
                    period_text(a, r->kind, r->n), c->id, c->periods[0].name,
                    c->periods[c->nperiods - 1].name);
  }
  return p;
}

static struct cb_period *period_of(struct builder *b, const struct cb_period_ref *r) {
  return cb_contract_period_ref(b->a, b->d, b->c, r);
}

/* ---- duplicates of single statements ----------------------------------- */

static bool first_time(struct builder *b, struct seen *s, const struct cb_stmt *st) {
  const struct cb_stmt *prev = s->by_kind[st->kind];
  if (prev) {
    cb_diag_error(b->d, st->loc, "E0212", "« %s » est déjà déclaré ligne %d",
                  cb_stmt_keyword(st->kind), prev->loc.line);
    return false;
  }
  s->by_kind[st->kind] = st;
  return true;
}

static void misplaced(struct builder *b, const struct cb_stmt *st, const struct cb_node *n) {
  cb_diag_error(b->d, st->loc, "E0230", "« %s » n'a pas sa place dans %s",
                cb_stmt_keyword(st->kind), what_node(n));
}

/* Where the statements of n's body are written (enum cb_place). */
static unsigned place_of(const struct cb_node *n) {
  switch (n->kind) {
  case CB_NODE_CONTRACT:
    return CB_IN_CONTRACT;
  case CB_NODE_GROUP:
    return CB_IN_GROUP;
  case CB_NODE_INDICATOR:
    return CB_IN_INDICATOR;
  case CB_NODE_DONNEE:
    return CB_IN_DONNEE;
  }
  return 0;
}

/* False, after reporting E0230, when st may not be written in n's body. */
static bool in_place(struct builder *b, const struct cb_stmt *st, const struct cb_node *n) {
  if (cb_stmt_allowed(st->kind, place_of(n)))
    return true;
  misplaced(b, st, n);
  return false;
}

/* ---- reading a body: the table of kinds' passes and builders ------------ */

#define PASS(p) (1u << (p))
#define ALL_PASSES (PASS(CB_PASS_ELEMENT + 1) - 1) /* CB_PASS_ELEMENT is the last */

/* One statement of x's element: built by its row's builder when its pass is
   one of `build`, after the check of its place (E0230) when its pass is one
   of `place`. Each statement's place is checked by one pass only. */
static void read_stmt(struct cb_build *x, const struct cb_stmt *st, unsigned build,
                      unsigned place) {
  const struct cb_stmt_kind_info *k = cb_stmt_kind_info(st->kind);
  if ((place & PASS(k->pass)) && !in_place(x->b, st, x->n))
    return;
  if ((build & PASS(k->pass)) && k->build)
    k->build(x, st);
}

static void read_body(struct cb_build *x, const struct cb_stmt *body, unsigned build,
                      unsigned place) {
  for (const struct cb_stmt *st = body; st; st = st->next)
    read_stmt(x, st, build, place);
}

/* One of the contract's own passes (its periods, then its terms), over the
   top level of its body only: their place is checked when that body is read
   as the root element's. */
static void read_head(struct cb_build *x, const struct cb_stmt *body, enum cb_pass pass) {
  read_body(x, body, PASS(pass), 0);
}

/* ---- nodes ----------------------------------------------------------- */

static void declare(struct builder *b, struct cb_node *n) {
  struct cb_contract *c = b->c;
  struct cb_node *prev = cb_contract_lookup(c, n->id);
  if (prev) {
    cb_diag_error(b->d, n->id_loc, "E0202", "« %s » est déjà déclaré dans le contrat « %s »",
                  n->id, c->id);
    cb_diag_note(b->d, prev->id_loc, "première déclaration de « %s »", n->id);
    return;
  }
  cb_hashtab_add(&c->names, cb_hash_str(n->id), n);
}

static void add_indicator(struct builder *b, struct cb_node *n) {
  if (b->nind == b->capind) {
    size_t cap = b->capind ? b->capind * 2 : 64;
    struct cb_node **t = cb_arena_array(b->a, cap, sizeof *t);
    if (b->nind)
      memcpy(t, b->c->indicators, b->nind * sizeof *t);
    b->c->indicators = t;
    b->capind = cap;
  }
  n->index = (int)b->nind;
  b->c->indicators[b->nind++] = n;
  b->c->nindicators = b->nind;
}

static struct cb_node *new_node(struct builder *b, enum cb_node_kind k, struct cb_node *parent,
                                const struct cb_stmt *st) {
  struct cb_node *n = cb_arena_alloc(b->a, sizeof *n);
  n->kind = k;
  n->parent = parent;
  n->depth = parent ? parent->depth + 1 : 0;
  if (st) {
    n->id = st->id;
    n->label = st->label;
    n->loc = st->loc;
    n->id_loc = st->id_loc;
  }
  return n;
}

static void apply_settings(struct cb_node *n, const struct settings *s) {
  n->method = s->method;
  n->method_loc = s->method_loc;
  n->plafond = s->plafond;
  n->plafond_loc = s->plafond_loc;
  n->plancher = s->plancher;
  n->plancher_loc = s->plancher_loc;
  n->neutral_rule = s->neutral;
  n->neutral_loc = s->neutral_loc;
  n->missing_rule = s->missing;
  n->missing_loc = s->missing_loc;
}

/* ---- settings: every level, inherited down to the indicators ------------ */

/* A statement read later than its pass (the contract's periods, its
   patientèle): the first of its kind is kept; a second one is an error. */
void cb_build_first(struct cb_build *x, const struct cb_stmt *st) {
  first_time(x->b, &x->seen, st);
}

void cb_build_atteinte(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  int v;
  if (st->has_etapes)
    x->etapes = st;
  if (!first_time(b, &x->seen, st) ||
      !pick_word(b, st->word, st->word_loc, methods, "méthode d'atteinte", &v))
    return;
  x->s->method = (enum cb_method)v;
  x->s->method_loc = st->loc;
  x->s->method_set = true;
  if (v == CB_METHOD_ETAPES && !st->has_etapes)
    cb_diag_error(b->d, st->loc, "E0217",
                  "« atteinte etapes » demande la liste des étapes : "
                  "etapes { \"libellé\" : 50 %% … }");
  if (v != CB_METHOD_ETAPES && st->has_etapes)
    cb_diag_error(b->d, st->loc, "E0217", "seule « atteinte etapes » prend une liste d'étapes");
  if (v == CB_METHOD_ETAPES && st->has_etapes && x->n->kind != CB_NODE_INDICATOR)
    cb_diag_error(b->d, st->loc, "E0217",
                  "les étapes se déclarent sur un indicateur, pas sur %s", what_node(x->n));
}

void cb_build_plafond(struct cb_build *x, const struct cb_stmt *st) {
  if (!first_time(x->b, &x->seen, st))
    return;
  if (!st->has_value) {
    x->s->plafond = NULL;
  } else {
    mpq_ptr q = cb_arena_mpq(x->b->a);
    if (rate_value(x->b, &st->value, "le plafond", q))
      x->s->plafond = q;
  }
  x->s->plafond_loc = st->loc;
}

void cb_build_plancher(struct cb_build *x, const struct cb_stmt *st) {
  if (!first_time(x->b, &x->seen, st))
    return;
  mpq_ptr q = cb_arena_mpq(x->b->a);
  if (rate_value(x->b, &st->value, "le plancher", q)) {
    if (mpq_sgn(q) < 0) /* it would pay a negative share: a reprise nobody wrote */
      cb_diag_error(x->b->d, st->loc, "E0235",
                    "plancher négatif : une atteinte retenue ne descend pas sous 0 %%");
    else
      x->s->plancher = q;
  }
  x->s->plancher_loc = st->loc;
}

void cb_build_neutralisation(struct cb_build *x, const struct cb_stmt *st) {
  int v;
  if (first_time(x->b, &x->seen, st) &&
      pick_word(x->b, st->word, st->word_loc, neutral_words, "règle de neutralisation", &v)) {
    x->s->neutral = (enum cb_neutral_rule)v;
    x->s->neutral_loc = st->loc;
  }
}

void cb_build_mesure_manquante(struct cb_build *x, const struct cb_stmt *st) {
  int v;
  if (first_time(x->b, &x->seen, st) &&
      pick_word(x->b, st->word, st->word_loc, missing_words, "règle de mesure manquante", &v)) {
    x->s->missing = (enum cb_missing_rule)v;
    x->s->missing_loc = st->loc;
  }
}

/* ---- envelopes and weights ------------------------------------------------ */

/* An envelope in euros (fixe, variable, fonctionnement): for every period,
   or for one. */
static void amount_stmt(struct builder *b, const struct cb_stmt *st, struct cb_amount *am,
                        const char *what) {
  mpq_ptr q = cb_arena_mpq(b->a);
  if (!euro_value(b, &st->value, what, q))
    return;
  if (mpq_sgn(q) < 0) {
    cb_diag_error(b->d, st->value.loc, "E0209", "%s ne peut pas être négative", what);
    return;
  }
  if (!st->has_period) {
    if (am->dflt) {
      cb_diag_error(b->d, st->loc, "E0212", "« %s » est déjà déclaré ligne %d",
                    cb_stmt_keyword(st->kind), am->dflt_loc.line);
      return;
    }
    am->dflt = q;
    am->dflt_loc = st->loc;
    am->set = true;
    return;
  }
  struct cb_period *p = period_of(b, &st->period);
  if (!p)
    return;
  size_t np = b->c->nperiods;
  if (!am->by_period) {
    am->by_period = cb_arena_array(b->a, np, sizeof *am->by_period);
    am->by_period_loc = cb_arena_array(b->a, np, sizeof *am->by_period_loc);
  }
  if (am->by_period[p->index]) {
    cb_diag_error(b->d, st->loc, "E0211", "« %s %s » est déjà déclaré ligne %d",
                  cb_stmt_keyword(st->kind), p->name, am->by_period_loc[p->index].line);
    return;
  }
  am->by_period[p->index] = q;
  am->by_period_loc[p->index] = st->loc;
  am->set = true;
}

static bool pay_line(struct builder *b, struct cb_node *n, const struct cb_stmt *st,
                     struct cb_points *pl, bool euros);

/* `poids` or `montant`, of a group or an indicator. */
void cb_build_weight(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  struct cb_node *n = x->n;
  if (n->weight_kind != CB_WEIGHT_NONE) {
    cb_diag_error(b->d, st->loc, "E0212", "le poids de « %s » est déjà déclaré ligne %d",
                  n->id, n->weight_loc.line);
    return;
  }
  mpq_ptr q = cb_arena_mpq(b->a);
  /* written: until accepted, it is a weight whose value is unknown (an
     error says why), not a missing one (check.c) */
  n->weight_loc = st->loc;
  n->weight_unknown = true;
  if (st->kind == CB_ST_MONTANT && (st->id || st->expr)) {
    /* per unit or a formula: the weight is its maximum (resolve_pay_lines
       requires one), the period's amount scales what is paid */
    struct cb_points *pl = &n->amount_line;
    if (!pay_line(b, n, st, pl, true))
      return;
    n->weight_kind = CB_WEIGHT_MONTANT;
    n->weight = q;
    n->weight_unknown = !pl->cap;
    if (!pl->cap)
      return;
    if (pl->expr)
      mpq_set(q, pl->cap);
    else
      mpq_mul(q, pl->q, pl->cap);
    return;
  }
  if (st->kind == CB_ST_MONTANT) {
    if (!euro_value(b, &st->value, "le montant", q))
      return;
    n->weight_kind = CB_WEIGHT_MONTANT;
  } else if (st->value.unit.kind == CB_UNIT_PERCENT) {
    rate_value(b, &st->value, "le poids", q);
    n->weight_kind = CB_WEIGHT_PERCENT;
  } else if (st->value.unit.kind == CB_UNIT_POINTS) {
    mpq_set(q, st->value.q);
    n->weight_kind = CB_WEIGHT_POINTS;
  } else {
    cb_diag_error(b->d, st->value.loc, "E0209",
                  "un poids s'écrit en %% (« poids 30 %% ») ou en points "
                  "(« poids 150 points »), pas « %s »",
                  written_unit(&st->value.unit));
    return;
  }
  if (mpq_sgn(q) < 0) {
    cb_diag_error(b->d, st->value.loc, "E0209", "un poids ne peut pas être négatif");
    n->weight_kind = CB_WEIGHT_NONE;
    return;
  }
  n->weight = q;
  n->weight_unknown = false;
}

/* ---- barèmes ---------------------------------------------------------- */

static const char *tranche_text(struct cb_arena *a, const struct cb_tranche *t) {
  struct cb_buf buf = CB_BUF_INIT;
  cb_buf_puts(&buf, t->lo_closed ? "[" : "]");
  const struct cb_value *vs[2] = {&t->lo, &t->hi};
  for (int i = 0; i < 2; i++) {
    const struct cb_value *v = vs[i];
    if (i)
      cb_buf_puts(&buf, " ; ");
    if (v->infinite) {
      cb_buf_puts(&buf, mpq_sgn(v->q) > 0 ? "+inf" : "-inf");
    } else {
      cb_num_fmt(&buf, v->q, 2, CB_WRITE_GROUP | CB_WRITE_NATURAL);
      if (v->unit.word)
        cb_buf_printf(&buf, " %s", v->unit.word);
    }
  }
  cb_buf_puts(&buf, t->hi_closed ? "]" : "[");
  const char *s = cb_arena_strdup(a, cb_buf_str(&buf));
  cb_buf_free(&buf);
  return s;
}

static bool pay_value(struct builder *b, const struct cb_value *v, bool *amount, mpq_ptr out) {
  if (v->unit.kind == CB_UNIT_PERCENT) {
    *amount = false;
    return rate_value(b, v, "le taux versé", out);
  }
  if (v->unit.kind == CB_UNIT_EURO) {
    *amount = true;
    mpq_set(out, v->q);
    return true;
  }
  cb_diag_error(b->d, v->loc, "E0209",
                "ce que verse une tranche s'écrit en %% (part de l'indicateur) ou en € "
                "(montant), pas « %s »",
                written_unit(&v->unit));
  return false;
}

/* A tranche's bounds: rates for a barème on attainment; for one `sur
   valeur`, values as written (a % read as a fraction). */
static void tranche_bounds(struct builder *b, const struct cb_bareme *br,
                           const struct cb_tranche *t, struct cb_mtranche *m) {
  m->lo = cb_arena_mpq(b->a);
  m->hi = cb_arena_mpq(b->a);
  const struct cb_value *bounds[2] = {&t->lo, &t->hi};
  mpq_ptr outs[2] = {m->lo, m->hi};
  bool *infs[2] = {&m->lo_inf, &m->hi_inf};
  for (int k = 0; k < 2; k++) {
    const struct cb_value *v = bounds[k];
    if (v->infinite) {
      *infs[k] = true;
      mpq_set(outs[k], v->q);
      continue;
    }
    if (br->sur_valeur) {
      mpq_set(outs[k], v->q);
      if (v->unit.kind == CB_UNIT_PERCENT) {
        cb_num_from_percent(outs[k]);
      }
    } else {
      rate_value(b, v, "une borne de tranche d'un barème sur taux", outs[k]);
    }
  }
}

/* The bounds checks of a tranche, once both are read. */
static void tranche_bounds_rules(struct builder *b, const struct cb_tranche *t,
                                 const struct cb_mtranche *m) {
  if (m->lo_inf && mpq_sgn(m->lo) > 0)
    cb_diag_error(b->d, t->lo.loc, "E0207", "« +inf » ne peut pas être la borne basse d'une tranche");
  if (m->hi_inf && mpq_sgn(m->hi) < 0)
    cb_diag_error(b->d, t->hi.loc, "E0207", "« -inf » ne peut pas être la borne haute d'une tranche");
  if ((m->lo_inf && m->lo_closed) || (m->hi_inf && m->hi_closed))
    cb_diag_error(b->d, t->loc, "E0207",
                  "une borne infinie s'écrit ouverte : « ]-inf » ou « +inf[ »");
}

/* What a tranche pays: a value, or `lineaire de … a …` between two finite
   bounds. */
static void tranche_pay(struct builder *b, const struct cb_tranche *t, struct cb_mtranche *m) {
  m->pay = t->pay;
  if (t->pay == CB_PAY_VALUE) {
    m->value = cb_arena_mpq(b->a);
    pay_value(b, &t->pay_value, &m->pays_amount, m->value);
    return;
  }
  if (!cb_word_is(t->pay_word, "lineaire"))
    cb_diag_error(b->d, t->pay_value.loc, "E0219",
                  "« %s » inconnu : une tranche verse une valeur ou « lineaire de … a … »",
                  t->pay_word);
  m->from = cb_arena_mpq(b->a);
  m->to = cb_arena_mpq(b->a);
  bool a1 = false, a2 = false;
  if (pay_value(b, &t->pay_from, &a1, m->from) && pay_value(b, &t->pay_to, &a2, m->to) &&
      a1 != a2)
    cb_diag_error(b->d, t->pay_to.loc, "E0209",
                  "les deux extrémités d'une tranche linéaire doivent avoir la même unité");
  m->pays_amount = a1;
  if (m->lo_inf || m->hi_inf)
    cb_diag_error(b->d, t->loc, "E0218", "une tranche « lineaire » doit avoir deux bornes finies");
}

static struct cb_bareme *build_bareme(struct builder *b, const struct cb_stmt *st) {
  struct cb_bareme *br = cb_arena_alloc(b->a, sizeof *br);
  br->id = st->id;
  br->label = st->label;
  br->sur_valeur = st->bareme_sur_valeur;
  br->loc = st->loc;
  size_t n = 0;
  for (const struct cb_tranche *t = st->tranches; t; t = t->next)
    n++;
  br->tranches = cb_arena_array(b->a, n ? n : 1, sizeof *br->tranches);
  br->bound_values = cb_arena_array(b->a, 2 * (n ? n : 1), sizeof *br->bound_values);
  if (!n)
    cb_diag_error(b->d, st->loc, "E0208", "le barème « %s » n'a aucune tranche",
                  st->id ? st->id : "(en ligne)");
  size_t i = 0;
  for (const struct cb_tranche *t = st->tranches; t; t = t->next, i++) {
    struct cb_mtranche *m = &br->tranches[i];
    m->loc = t->loc;
    m->text = tranche_text(b->a, t);
    m->lo_closed = t->lo_closed;
    m->hi_closed = t->hi_closed;
    br->bound_values[2 * i] = t->lo;
    br->bound_values[2 * i + 1] = t->hi;
    tranche_bounds(b, br, t, m);
    tranche_bounds_rules(b, t, m);
    tranche_pay(b, t, m);
  }
  br->ntranches = n;
  return br;
}

static void register_bareme(struct builder *b, struct cb_bareme *br, const struct cb_stmt *st) {
  struct cb_contract *c = b->c;
  for (size_t i = 0; i < c->nbaremes; i++) {
    if (strcmp(c->baremes[i]->id, br->id) == 0) {
      cb_diag_error(b->d, st->id_loc, "E0202", "le barème « %s » est déjà déclaré", br->id);
      cb_diag_note(b->d, c->baremes[i]->loc, "première déclaration du barème « %s »", br->id);
      return;
    }
  }
  if (b->nbar == b->capbar) {
    size_t cap = b->capbar ? 2 * b->capbar : 8;
    struct cb_bareme **t = cb_arena_array(b->a, cap, sizeof *t);
    if (b->nbar)
      memcpy(t, c->baremes, b->nbar * sizeof *t);
    c->baremes = t;
    b->capbar = cap;
  }
  c->baremes[b->nbar++] = br;
  c->nbaremes = b->nbar;
}

static struct cb_bareme *find_bareme(const struct cb_contract *c, const char *id) {
  for (size_t i = 0; i < c->nbaremes; i++)
    if (strcmp(c->baremes[i]->id, id) == 0)
      return c->baremes[i];
  return NULL;
}

/* Named barèmes are declared anywhere in the contract and used by name:
   collect them all before the indicators are built. */
static void collect_baremes(struct builder *b, const struct cb_stmt *body) {
  for (const struct cb_stmt *st = body; st; st = st->next) {
    if (st->kind == CB_ST_BAREME && st->bareme_def && st->id)
      register_bareme(b, build_bareme(b, st), st);
    else if (st->kind == CB_ST_GROUP)
      collect_baremes(b, st->body);
  }
}

/* ---- per-period terms shared between builds ------------------------------ */

/* The per-period terms of an element (objectives, socles, neutralisations),
   built from its statements: the key says what they depend on, the value
   is what the build wrote. Versions of a contract that leave an element's
   statements as written (version.c shares the lists) share these arrays
   instead of building and storing them once per version. */
struct period_terms {
  const struct cb_stmt *body; /* never NULL in the table */
  const char *contract;       /* the contract's id, as written */
  size_t nperiods;
  enum cb_period_kind pkind;
  long first;                 /* the first period's number */
  enum cb_node_kind kind;
  enum cb_unit_kind unit;     /* mesurée without a unit reads % */
  /* built */
  struct cb_mobjective *objectives;
  mpq_ptr *socles;
  struct cb_loc *socle_locs;
  bool *neutralised;
  const char **neutral_reasons;
  struct cb_loc *neutral_locs;
  mpq_ptr socle_default;
  struct cb_loc socle_default_loc;
  bool refused;               /* one of these statements was refused */
};

struct cb_model_share {
  struct cb_arena *a;    /* the entries (struct period_terms) */
  struct cb_hashtab terms; /* by key (terms_hash, terms_same) */
};

struct cb_model_share *cb_model_share_new(void) {
  struct cb_model_share *sh = cb_xmalloc(sizeof *sh);
  sh->a = cb_arena_new();
  cb_hashtab_init(&sh->terms, NULL);
  return sh;
}

void cb_model_share_free(struct cb_model_share *sh) {
  if (!sh)
    return;
  cb_hashtab_free(&sh->terms);
  cb_arena_free(sh->a);
  free(sh);
}

static size_t terms_hash(const struct period_terms *k) {
  size_t h = cb_hash_ptr(k->body);
  h = cb_hash_mix(h, (size_t)(uintptr_t)k->contract);
  h = cb_hash_mix(h, k->nperiods);
  return cb_hash_mix(h, (size_t)k->unit ^ ((size_t)k->kind << 8));
}

static bool terms_same(const void *entry, const void *key) {
  const struct period_terms *x = entry, *y = key;
  return x->body == y->body && x->contract == y->contract && x->nperiods == y->nperiods &&
         x->pkind == y->pkind && x->first == y->first && x->kind == y->kind &&
         x->unit == y->unit;
}

/* The key of element n's per-period terms, built from decl. */
static struct period_terms terms_key(const struct builder *b, const struct cb_node *n,
                                     const struct cb_stmt *decl) {
  struct period_terms k;
  memset(&k, 0, sizeof k);
  k.body = decl->body;
  k.contract = b->c->id;
  k.nperiods = b->c->nperiods;
  k.pkind = b->c->nperiods ? b->c->periods[0].kind : CB_PERIOD_AN;
  k.first = b->c->nperiods ? b->c->periods[0].n : 0;
  k.kind = n->kind;
  k.unit = n->unit.kind;
  return k;
}

static const struct period_terms *terms_find(const struct cb_model_share *sh,
                                             const struct period_terms *k) {
  if (!sh || !k->body)
    return NULL;
  return cb_hashtab_find(&sh->terms, terms_hash(k), terms_same, k);
}

static void terms_put(struct cb_model_share *sh, const struct period_terms *t) {
  struct period_terms *e = cb_arena_alloc(sh->a, sizeof *e);
  *e = *t;
  cb_hashtab_add(&sh->terms, terms_hash(e), e);
}

/* Empty per-period terms for element n, to be built. */
static void terms_alloc(struct builder *b, struct cb_node *n) {
  size_t np = b->c->nperiods ? b->c->nperiods : 1;
  n->objectives = cb_arena_array(b->a, np, sizeof *n->objectives);
  n->socles = cb_arena_array(b->a, np, sizeof *n->socles);
  n->socle_locs = cb_arena_array(b->a, np, sizeof *n->socle_locs);
  n->neutralised = cb_arena_array(b->a, np, sizeof *n->neutralised);
  n->neutral_reasons = cb_arena_array(b->a, np, sizeof *n->neutral_reasons);
  n->neutral_locs = cb_arena_array(b->a, np, sizeof *n->neutral_locs);
}

static void terms_adopt(struct cb_node *n, const struct period_terms *t) {
  n->objectives = t->objectives;
  n->socles = t->socles;
  n->socle_locs = t->socle_locs;
  n->neutralised = t->neutralised;
  n->neutral_reasons = t->neutral_reasons;
  n->neutral_locs = t->neutral_locs;
  n->socle_default = t->socle_default;
  n->socle_default_loc = t->socle_default_loc;
}

static void terms_remember(struct builder *b, const struct cb_node *n, struct period_terms *k,
                           bool refused) {
  if (!b->share || !k->body)
    return;
  k->objectives = n->objectives;
  k->socles = n->socles;
  k->socle_locs = n->socle_locs;
  k->neutralised = n->neutralised;
  k->neutral_reasons = n->neutral_reasons;
  k->neutral_locs = n->neutral_locs;
  k->socle_default = n->socle_default;
  k->socle_default_loc = n->socle_default_loc;
  k->refused = refused;
  terms_put(b->share, k);
}

/* ---- indicators -------------------------------------------------------- */

/* "met" without a written comparison: at least the objective, or at most
   when lower is better. */
static enum cb_cmp default_cmp(const struct cb_node *n) {
  return n->sens == CB_SENS_DECROISSANT ? CB_CMP_LE : CB_CMP_GE;
}

void cb_build_objectif(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  struct cb_node *n = x->n;
  struct cb_period *p = period_of(b, &st->period);
  if (!p)
    return;
  struct cb_mobjective *o = &n->objectives[p->index];
  if (o->kind != CB_MOBJ_NONE) {
    cb_diag_error(b->d, st->loc, "E0211", "l'objectif %s de « %s » est déjà fixé ligne %d",
                  p->name, n->id, o->loc.line);
    return;
  }
  const struct cb_objspec *os = &st->as.obj;
  o->loc = st->loc;
  o->cmp_written = os->cmp != CB_CMP_NONE;
  o->cmp = o->cmp_written ? os->cmp : default_cmp(n);
  switch (os->kind) {
  case CB_OBJ_A_DEFINIR:
    o->kind = CB_MOBJ_A_DEFINIR;
    return;
  case CB_OBJ_ABS:
    o->value = cb_arena_mpq(b->a);
    if (cb_model_value(b->d, n, &os->value, "l'objectif", o->value))
      o->kind = CB_MOBJ_VALUE;
    return;
  case CB_OBJ_INITIAL:
    o->offset = cb_arena_mpq(b->a);
    if (!offset_value(b, n, &os->value, "l'écart à la valeur initiale", o->offset))
      return;
    if (!n->initial) {
      cb_diag_error(b->d, os->loc, "E0222",
                    "objectif relatif à « initial » mais « %s » ne déclare pas de valeur initiale",
                    n->id);
      return;
    }
    o->value = cb_arena_mpq(b->a);
    mpq_add(o->value, n->initial, o->offset);
    o->from_initial = true;
    o->kind = CB_MOBJ_VALUE;
    return;
  case CB_OBJ_PRECEDENT:
    o->value = cb_arena_mpq(b->a);
    if (!offset_value(b, n, &os->value, "l'écart au résultat précédent", o->value))
      return;
    if (p->index == 0) {
      cb_diag_error(b->d, os->loc, "E0221",
                    "« precedent » en %s : c'est la première période du contrat, "
                    "il n'y a pas de résultat précédent",
                    p->name);
      return;
    }
    o->kind = CB_MOBJ_PRECEDENT;
    return;
  }
}

/* The objectives `progression` generates, one per period after `depuis`. */
void cb_build_progression(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  struct cb_node *n = x->n;
  mpq_t step, base;
  mpq_inits(step, base, NULL);
  bool ok = offset_value(b, n, &st->value, "le pas de progression", step) &&
            cb_model_value(b->d, n, &st->as.value2, "la valeur de départ", base);
  struct cb_contract *c = b->c;
  if (ok && c->nperiods && st->period.kind != c->periods[0].kind) {
    cb_diag_error(b->d, st->period.loc, "E0210",
                  "« depuis %s » : les périodes du contrat « %s » s'écrivent comme « %s »",
                  period_text(b->a, st->period.kind, st->period.n), c->id, c->periods[0].name);
    ok = false;
  }
  if (ok) {
    bool any = false;
    for (size_t i = 0; i < c->nperiods; i++) {
      struct cb_period *p = &c->periods[i];
      if (p->n <= st->period.n)
        continue;
      any = true;
      struct cb_mobjective *o = &n->objectives[i];
      if (o->kind != CB_MOBJ_NONE) {
        cb_diag_error(b->d, o->loc, "E0211",
                      "l'objectif %s de « %s » est aussi engendré par la progression ligne %d",
                      p->name, n->id, st->loc.line);
        continue;
      }
      o->kind = CB_MOBJ_PROGRESSION;
      o->cmp = default_cmp(n);
      o->loc = st->loc;
      o->steps = p->n - st->period.n;
      o->value = cb_arena_mpq(b->a);
      o->offset = cb_arena_mpq_copy(b->a, step);
      mpq_t k;
      mpq_init(k);
      mpq_set_si(k, o->steps, 1);
      mpq_mul(k, k, step);
      mpq_add(o->value, base, k);
      mpq_clear(k);
    }
    if (!any)
      cb_diag_warning(b->d, st->loc, "W0103",
                      "la progression depuis %s n'engendre aucun objectif dans le contrat",
                      period_text(b->a, st->period.kind, st->period.n));
  }
  mpq_clears(step, base, NULL);
}

/* The value of a pay line written as a number: € for a `montant`, points
   (or no unit) for points; not negative. */
static bool pay_line_value(struct builder *b, const struct cb_value *v, bool euros) {
  if (euros ? v->unit.kind != CB_UNIT_EURO && v->unit.kind != CB_UNIT_NONE
            : v->unit.kind != CB_UNIT_NONE && v->unit.kind != CB_UNIT_POINTS) {
    cb_diag_error(b->d, v->loc, "E0209",
                  euros ? "un montant par unité s'exprime en €, pas en « %s »"
                        : "des points s'écrivent sans unité ou en points, pas « %s »",
                  written_unit(&v->unit));
    return false;
  }
  if (mpq_sgn(v->q) < 0) {
    cb_diag_error(b->d, v->loc, "E0209", "%s ne peut pas être négatif",
                  euros ? "un montant" : "un nombre de points");
    return false;
  }
  return true;
}

/* The `, N au plus` of a pay line: for a formula, the most it counts, in
   its own unit; per unit of a measure, a number of units. Positive. */
static bool pay_line_cap(struct builder *b, const struct cb_stmt *st, bool euros) {
  const struct cb_value *cv = &st->as.value2;
  if (st->expr) {
    enum cb_unit_kind want = euros ? CB_UNIT_EURO : CB_UNIT_POINTS;
    if (cv->unit.kind != CB_UNIT_NONE && cv->unit.kind != want) {
      cb_diag_error(b->d, cv->loc, "E0508",
                    euros ? "le maximum d'un montant s'écrit en € (« 3 200 € au plus »), pas « %s »"
                          : "le maximum de points s'écrit en points (« 3 000 au plus »), pas « %s »",
                    written_unit(&cv->unit));
      return false;
    }
    if (mpq_sgn(cv->q) <= 0) {
      cb_diag_error(b->d, cv->loc, "E0508", "un maximum doit être positif");
      return false;
    }
    return true;
  }
  if (cv->unit.kind != CB_UNIT_NONE && cv->unit.kind != CB_UNIT_NOUN) {
    cb_diag_error(b->d, cv->loc, "E0508",
                  "un plafond d'unités est un nombre d'unités (« 8 au plus »), pas « %s »",
                  written_unit(&cv->unit));
    return false;
  }
  if (mpq_sgn(cv->q) <= 0) {
    cb_diag_error(b->d, cv->loc, "E0508", "un plafond d'unités doit être positif");
    return false;
  }
  return true;
}

/* A pay line: `points_fixes 800`, `points_variables 1 700 [par ID[, N au
   plus]]`, `points_fixes = …[, N au plus]` (ACI MSP), and the same forms of
   `montant` in euros (`montant 50 € par ID, 8 au plus`, `montant = …, 3 200 €
   au plus`). The ID named by `par` is resolved once the whole contract is
   built. False when a value is refused (reported). */
static bool pay_line(struct builder *b, struct cb_node *n, const struct cb_stmt *st,
                     struct cb_points *pl, bool euros) {
  pl->loc = st->loc;
  pl->euros = euros;
  if (!st->expr && !pay_line_value(b, &st->value, euros))
    return false;
  if (st->has_cap) {
    if (!pay_line_cap(b, st, euros))
      return false;
    pl->cap = cb_arena_mpq_copy(b->a, st->as.value2.q);
    pl->cap_loc = st->as.value2.loc;
  }
  if (st->expr)
    pl->expr = st->expr;
  else
    pl->q = cb_arena_mpq_copy(b->a, st->value.q);
  pl->set = true;
  if (st->id) {
    pl->par_named = true;
    b->pending = cb_arena_grow(b->a, b->pending, b->npending, &b->cappending, sizeof *b->pending);
    b->pending[b->npending].n = n;
    b->pending[b->npending].st = st;
    b->npending++;
  }
  return true;
}

/* `points_fixes …`, `points_variables …`: one of each per indicator. */
void cb_build_pay_points(struct cb_build *x, const struct cb_stmt *st) {
  struct cb_node *n = x->n;
  if (!first_time(x->b, &x->seen, st))
    return;
  struct cb_points *pl = &n->points[st->kind == CB_ST_POINTS_FIXES ? CB_PTS_FIXES : CB_PTS_VARIABLES];
  if (pay_line(x->b, n, st, pl, false))
    x->b->c->has_points_aci = true;
}

/* True when what n earns is counted in points: points of the accord, or a
   share of a `points N` total that no envelope below it turns into euros
   (as eval.c's allocate reads them). */
static bool paid_in_points(const struct cb_node *n) {
  if (cb_node_has_points(n))
    return true;
  for (const struct cb_node *g = n->parent; g; g = g->parent) {
    if (g->variable.set)
      return false;
    if (g->points_total)
      return true;
  }
  return false;
}

/* `plafond_montant 2 450 €`: the most the indicator pays in a period, in
   euros, after attainment × its share (eval.c). What is counted in points
   has no cap in euros. */
void cb_build_amount_cap(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  struct cb_node *n = x->n;
  if (n->amount_cap) {
    cb_diag_error(b->d, st->loc, "E0212", "« %s » est déjà déclaré ligne %d",
                  cb_stmt_keyword(st->kind), n->amount_cap_loc.line);
    return;
  }
  mpq_ptr q = cb_arena_mpq(b->a);
  if (!euro_value(b, &st->value, "le plafond de montant", q))
    return;
  if (mpq_sgn(q) < 0) {
    cb_diag_error(b->d, st->value.loc, "E0209", "le plafond de montant ne peut pas être négatif");
    return;
  }
  if (paid_in_points(n)) {
    cb_diag_error(b->d, st->loc, "E0435",
                  "« plafond_montant » plafonne des euros : « %s » est rémunéré en points, "
                  "qui n'ont pas de plafond en €",
                  n->id);
    return;
  }
  n->amount_cap = q;
  n->amount_cap_loc = st->loc;
}

void cb_build_neutralise(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  struct cb_node *n = x->n;
  struct cb_period *p = period_of(b, &st->period);
  if (!p)
    return;
  if (n->neutralised[p->index]) {
    cb_diag_error(b->d, st->loc, "E0211", "« %s » est déjà neutralisé en %s ligne %d", n->id,
                  p->name, n->neutral_locs[p->index].line);
    return;
  }
  n->neutralised[p->index] = true;
  n->neutral_reasons[p->index] = st->string;
  n->neutral_locs[p->index] = st->loc;
}

/* ---- an indicator's settings: what its terms read ------------------------ */

void cb_build_type(struct cb_build *x, const struct cb_stmt *st) {
  int v;
  if (first_time(x->b, &x->seen, st) &&
      pick_word(x->b, st->word, st->word_loc, type_words, "type d'indicateur", &v))
    x->n->type = (enum cb_ind_type)v;
}

void cb_build_unite(struct cb_build *x, const struct cb_stmt *st) {
  struct cb_node *n = x->n;
  if (!first_time(x->b, &x->seen, st))
    return;
  n->unit.kind = st->value.unit.kind;
  n->unit.word = st->value.unit.word;
  if (n->unit.kind == CB_UNIT_YEARS)
    n->unit.kind = CB_UNIT_NOUN;
}

void cb_build_sens(struct cb_build *x, const struct cb_stmt *st) {
  int v;
  if (first_time(x->b, &x->seen, st) &&
      pick_word(x->b, st->word, st->word_loc, sens_words, "sens", &v)) {
    x->n->sens = (enum cb_sens)v;
    x->n->sens_loc = st->loc;
  }
}

void cb_build_source(struct cb_build *x, const struct cb_stmt *st) {
  if (first_time(x->b, &x->seen, st))
    x->n->source = st->string;
}

void cb_build_obligatoire(struct cb_build *x, const struct cb_stmt *st) {
  if (first_time(x->b, &x->seen, st))
    x->n->obligatoire = true;
}

/* The labelled étapes of `atteinte etapes { … }`, as rates. */
static void etapes_stmt(struct builder *b, struct cb_node *n, const struct cb_stmt *etapes_st) {
  size_t k = 0;
  for (const struct cb_etape *e = etapes_st->etapes; e; e = e->next)
    if (e->label)
      k++;
  n->etapes = cb_arena_array(b->a, k ? k : 1, sizeof *n->etapes);
  for (const struct cb_etape *e = etapes_st->etapes; e; e = e->next) {
    if (!e->label)
      continue;
    struct cb_etape_def *ed = &n->etapes[n->netapes++];
    ed->label = e->label;
    ed->loc = e->loc;
    ed->value = cb_arena_mpq(b->a);
    rate_value(b, &e->value, "la valeur d'une étape", ed->value);
  }
  if (!n->netapes)
    cb_diag_error(b->d, etapes_st->loc, "E0217", "la liste d'étapes est vide");
}

/* Its initial value, in its unit, which objectives relative to `initial`
   read. */
void cb_build_initial(struct cb_build *x, const struct cb_stmt *st) {
  if (!first_time(x->b, &x->seen, st))
    return;
  mpq_ptr q = cb_arena_mpq(x->b->a);
  if (cb_model_value(x->b->d, x->n, &st->value, "la valeur initiale", q))
    x->n->initial = q;
  x->n->initial_loc = st->loc;
}

/* `socle V` (every period) or `socle P : V`. */
void cb_build_socle(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  struct cb_node *n = x->n;
  mpq_ptr q = cb_arena_mpq(b->a);
  if (!cb_model_value(b->d, n, &st->value, "le socle", q))
    return;
  if (!st->has_period) {
    if (n->socle_default) {
      cb_diag_error(b->d, st->loc, "E0212", "« socle » est déjà déclaré ligne %d",
                    n->socle_default_loc.line);
      return;
    }
    n->socle_default = q;
    n->socle_default_loc = st->loc;
    return;
  }
  struct cb_period *p = period_of(b, &st->period);
  if (!p)
    return;
  if (n->socles[p->index]) {
    cb_diag_error(b->d, st->loc, "E0211", "le socle %s de « %s » est déjà fixé ligne %d",
                  p->name, n->id, n->socle_locs[p->index].line);
    return;
  }
  n->socles[p->index] = q;
  n->socle_locs[p->index] = st->loc;
}

/* An indicator's `bareme`: in line, or one named by the contract or a group. */
static void indicator_bareme_stmt(struct builder *b, struct cb_node *n, const struct cb_stmt *st) {
  if (n->bareme) {
    cb_diag_error(b->d, st->loc, "E0212", "« bareme » est déjà déclaré ligne %d",
                  n->bareme_loc.line);
    return;
  }
  if (st->bareme_def && st->id) {
    cb_diag_error(b->d, st->loc, "E0230",
                  "un barème nommé se déclare dans le contrat ou un groupe ; dans un "
                  "indicateur, écrivez « bareme %s » ou un barème en ligne « bareme { … } »",
                  st->id);
    return;
  }
  n->bareme_loc = st->loc;
  if (st->bareme_def) {
    n->bareme = build_bareme(b, st);
    return;
  }
  n->bareme = find_bareme(b->c, st->id);
  if (!n->bareme) {
    cb_diag_error(b->d, st->id_loc, "E0201", "barème « %s » inconnu", st->id);
    const char *best = NULL;
    for (size_t i = 0; i < b->c->nbaremes; i++)
      best = cb_suggest_better(st->id, b->c->baremes[i]->id, best);
    if (best)
      cb_diag_note(b->d, st->id_loc, "voulez-vous dire « %s » ?", best);
  }
}

void cb_build_valeur(struct cb_build *x, const struct cb_stmt *st) {
  struct cb_node *n = x->n;
  if (n->expr) {
    cb_diag_error(x->b->d, st->loc, "E0212", "« valeur » est déjà déclaré ligne %d",
                  n->expr_loc.line);
    return;
  }
  n->expr = st->expr;
  n->expr_loc = st->loc;
}

/* The terms of an indicator, in its unit, once its settings and initial
   value are known: its per-period terms only when they are not shared with
   another version (then the share is adopted). True when one of these was
   refused. */
static bool read_terms(struct cb_build *x, const struct cb_stmt *body, bool shared) {
  unsigned skip = PASS(CB_PASS_SETTING) | PASS(CB_PASS_INITIAL) |
                  (shared ? PASS(CB_PASS_PER_PERIOD) : 0);
  unsigned build = (PASS(CB_PASS_TERM) | PASS(CB_PASS_PER_PERIOD)) & ~skip;
  bool refused = false;
  for (const struct cb_stmt *st = body; st; st = st->next) {
    int before = x->b->d->nerrors;
    read_stmt(x, st, build, ALL_PASSES & ~skip);
    if (cb_stmt_kind_info(st->kind)->pass == CB_PASS_PER_PERIOD)
      refused = refused || x->b->d->nerrors > before;
  }
  return refused;
}

/* An indicator or a donnée: its settings (what it inherits, then what it
   writes), its initial value, then its terms, each pass over its whole
   body. Where each statement may stand (a donnée has few) is the table of
   kinds' answer. */
static void build_indicator(struct builder *b, struct cb_node *parent, const struct cb_stmt *decl,
                            const struct settings *inherited, bool donnee) {
  struct cb_node *n = new_node(b, donnee ? CB_NODE_DONNEE : CB_NODE_INDICATOR, parent, decl);
  n->word = donnee ? "donnee" : "indicateur";
  declare(b, n);
  add_indicator(b, n);
  int errors_before = b->d->nerrors;
  struct settings s = *inherited;
  struct cb_build x;
  build_init(&x, b, n, &s);
  read_body(&x, decl->body, PASS(CB_PASS_SETTING), PASS(CB_PASS_SETTING));
  apply_settings(n, &s);
  if (n->method == CB_METHOD_MESUREE && n->unit.kind == CB_UNIT_NONE) {
    n->unit.kind = CB_UNIT_PERCENT;
    n->unit.word = "%";
  }
  if (x.etapes)
    etapes_stmt(b, n, x.etapes);
  read_body(&x, decl->body, PASS(CB_PASS_INITIAL), PASS(CB_PASS_INITIAL));
  struct period_terms key = terms_key(b, n, decl);
  const struct period_terms *shared = terms_find(b->share, &key);
  if (shared)
    terms_adopt(n, shared);
  else
    terms_alloc(b, n);
  bool periods_refused = read_terms(&x, decl->body, shared != NULL);
  if (!shared)
    terms_remember(b, n, &key, periods_refused);
  /* a line of it was refused (reported): what it seems to lack may be that
     line, so checks do not warn about it (one mistake, one message) */
  n->refused = b->d->nerrors > errors_before || (shared && shared->refused);
}

/* ---- groups and the contract -------------------------------------------- */

static void add_child(struct builder *b, struct cb_node *parent, struct cb_node *child,
                      size_t *cap) {
  if (parent->nchildren == *cap) {
    size_t nc = *cap ? 2 * *cap : 8;
    struct cb_node **t = cb_arena_array(b->a, nc, sizeof *t);
    if (parent->nchildren)
      memcpy(t, parent->children, parent->nchildren * sizeof *t);
    parent->children = t;
    *cap = nc;
  }
  parent->children[parent->nchildren++] = child;
}

/* A group's or the contract's body: its settings and terms together, in
   the order written (they read none of each other), then its elements,
   which inherit its settings. */
static void build_body(struct builder *b, struct cb_node *n, const struct cb_stmt *body,
                       const struct settings *inherited) {
  struct settings s = *inherited;
  struct cb_build x;
  build_init(&x, b, n, &s);
  read_body(&x, body, PASS(CB_PASS_SETTING) | PASS(CB_PASS_TERM), ALL_PASSES);
  apply_settings(n, &s);
  read_body(&x, body, PASS(CB_PASS_ELEMENT), 0);
}

void cb_build_group(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  struct cb_node *g = new_node(b, CB_NODE_GROUP, x->n, st);
  g->group_index = (int)b->c->ngroups++;
  g->word = st->word;
  declare(b, g);
  add_child(b, x->n, g, &x->children_cap);
  build_body(b, g, st->body, x->s);
}

/* `indicateur` or `donnee`: only indicators are the element's children. */
void cb_build_indicator(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  size_t before = b->nind;
  build_indicator(b, x->n, st, x->s, st->kind == CB_ST_DONNEE);
  if (st->kind == CB_ST_INDICATEUR && b->nind > before)
    add_child(b, x->n, b->c->indicators[before], &x->children_cap);
}

void cb_build_demarrage(struct cb_build *x, const struct cb_stmt *st) {
  if (!first_time(x->b, &x->seen, st))
    return;
  x->n->has_demarrage = true;
  x->n->demarrage = st->date;
  x->n->demarrage_loc = st->loc;
}

/* `points N`: the total of points a contract or a group shares out. */
void cb_build_points(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  if (!first_time(b, &x->seen, st))
    return;
  if (st->value.unit.kind != CB_UNIT_NONE && st->value.unit.kind != CB_UNIT_POINTS) {
    cb_diag_error(b->d, st->value.loc, "E0209",
                  "un total de points s'écrit sans unité ou en points, pas « %s »",
                  written_unit(&st->value.unit));
    return;
  }
  if (mpq_sgn(st->value.q) <= 0) {
    cb_diag_error(b->d, st->value.loc, "E0209", "le total de points doit être positif");
    return;
  }
  x->n->points_total = cb_arena_mpq_copy(b->a, st->value.q);
  x->n->points_loc = st->loc;
}

void cb_build_agregation(struct cb_build *x, const struct cb_stmt *st) {
  int v;
  if (first_time(x->b, &x->seen, st) &&
      pick_word(x->b, st->word, st->word_loc, aggr_words, "agrégation", &v)) {
    x->n->aggr = (enum cb_aggr)v;
    x->n->aggr_loc = st->loc;
    x->n->has_declared_aggr = true;
  }
}

/* `fixe` and `variable`: an envelope, for every period or for one. */
void cb_build_envelope(struct cb_build *x, const struct cb_stmt *st) {
  if (st->kind == CB_ST_FIXE)
    amount_stmt(x->b, st, &x->n->fixe, "l'enveloppe fixe");
  else
    amount_stmt(x->b, st, &x->n->variable, "l'enveloppe variable");
}

/* `bareme`: an indicator's; in a group or the contract, named barèmes are
   read before any element (collect_baremes), and a reference has no use. */
void cb_build_bareme(struct cb_build *x, const struct cb_stmt *st) {
  if (x->n->kind == CB_NODE_INDICATOR)
    indicator_bareme_stmt(x->b, x->n, st);
  else if (!st->bareme_def || !st->id)
    cb_diag_error(x->b->d, st->loc, "E0230",
                  "« bareme NOM » sans tranches s'emploie dans un indicateur ; ici, "
                  "déclarez le barème : bareme NOM \"libellé\" { … }");
}

void cb_build_constante(struct cb_build *x, const struct cb_stmt *st) {
  cb_diag_error(x->b->d, st->loc, "E0230",
                "« constante » n'est pas encore prise en charge : déclarez une donnée "
                "et donnez sa valeur dans les mesures");
}

/* ---- the contract's periods ----------------------------------------------- */

/* `duree N ans`: contract years, dated from the signature when there is one. */
static void periods_of_duree(struct builder *b, struct cb_contract *c,
                             const struct cb_stmt *duree) {
  const struct cb_value *v = &duree->value;
  if (v->unit.kind != CB_UNIT_NONE && v->unit.kind != CB_UNIT_YEARS) {
    cb_diag_error(b->d, v->loc, "E0209", "une durée s'écrit en ans, pas en « %s »",
                  written_unit(&v->unit));
    return;
  }
  if (mpz_cmp_ui(mpq_denref(v->q), 1) != 0 || mpq_sgn(v->q) <= 0 ||
      mpz_cmp_ui(mpq_numref(v->q), CB_MAX_PERIODS) > 0) {
    cb_diag_error(b->d, v->loc, "E0224",
                  "durée invalide : un nombre entier d'années entre 1 et %d est attendu",
                  CB_MAX_PERIODS);
    return;
  }
  long n = mpz_get_si(mpq_numref(v->q));
  c->periods = cb_arena_array(b->a, (size_t)n, sizeof *c->periods);
  c->nperiods = (size_t)n;
  for (long i = 0; i < n; i++) {
    struct cb_period *p = &c->periods[i];
    p->kind = CB_PERIOD_AN;
    p->n = i + 1;
    p->index = (int)i;
    p->name = period_text(b->a, CB_PERIOD_AN, i + 1);
    if (c->has_signature) {
      p->dated = true;
      cb_date_contract_year(c->signature, (int)(i + 1), &p->start, &p->end);
    }
  }
  if (!c->has_signature)
    cb_diag_warning(b->d, duree->loc, "W0104",
                    "le contrat « %s » a une durée mais pas de date de signature : "
                    "ses années ne sont pas datées",
                    c->id);
}

/* `periode AAAA a AAAA`: calendar years. */
static void periods_of_periode(struct builder *b, struct cb_contract *c,
                               const struct cb_stmt *periode) {
  if (periode->period.kind != CB_PERIOD_YEAR ||
      (periode->as.periode.has_to && periode->as.periode.to.kind != CB_PERIOD_YEAR)) {
    cb_diag_error(b->d, periode->loc, "E0224",
                  "« periode » attend des années civiles : « periode 2014 a 2017 »");
    return;
  }
  long from = periode->period.n;
  long to = periode->as.periode.has_to ? periode->as.periode.to.n : from;
  if (from == 0 || to == 0)
    return; /* an unreadable year: E0105 already said so */
  if (from < 1 || to < from || to - from + 1 > CB_MAX_PERIODS) {
    cb_diag_error(b->d, periode->loc, "E0224",
                  "période invalide : de %ld à %ld (au plus %d années, dans l'ordre)", from, to,
                  CB_MAX_PERIODS);
    return;
  }
  size_t n = (size_t)(to - from + 1);
  c->periods = cb_arena_array(b->a, n, sizeof *c->periods);
  c->nperiods = n;
  for (size_t i = 0; i < n; i++) {
    struct cb_period *p = &c->periods[i];
    p->kind = CB_PERIOD_YEAR;
    p->n = from + (long)i;
    p->index = (int)i;
    p->name = period_text(b->a, CB_PERIOD_YEAR, p->n);
    p->dated = true;
    p->start = (struct cb_date){(int)p->n, 1, 1};
    p->end = (struct cb_date){(int)p->n, 12, 31};
  }
}

/* The contract's periods, from its signature and its `duree` or `periode`
   (the first of each: the table's periods pass). */
static void build_periods(struct builder *b, struct cb_contract *c, const struct cb_stmt *body,
                          struct cb_loc loc) {
  struct cb_build x;
  build_init(&x, b, NULL, NULL);
  read_head(&x, body, CB_PASS_PERIODS);
  const struct cb_stmt *duree = x.seen.by_kind[CB_ST_DUREE];
  const struct cb_stmt *periode = x.seen.by_kind[CB_ST_PERIODE];
  const struct cb_stmt *signature = x.seen.by_kind[CB_ST_SIGNATURE];
  if (signature) {
    c->has_signature = true;
    c->signature = signature->date;
    c->signature_loc = signature->loc;
  }
  if (duree && periode) {
    cb_diag_error(b->d, periode->loc, "E0224",
                  "un contrat se découpe soit en années de contrat (« duree »), soit en années "
                  "civiles (« periode »), pas les deux");
    periode = NULL;
  }
  if (duree)
    periods_of_duree(b, c, duree);
  else if (periode)
    periods_of_periode(b, c, periode);
  else
    cb_diag_error(b->d, loc, "E0224",
                  "le contrat « %s » ne dit pas sur quelles périodes il porte : ajoutez "
                  "« duree N ans » ou « periode AAAA a AAAA »",
                  c->id);
}

/* ---- imports ------------------------------------------------------------ */

/* Two statements set the same thing when they are of the same kind and name
   the same envelope, element or period: the contract's own then replaces
   the one its accord module gives. */
static bool same_key(const struct cb_stmt *x, const struct cb_stmt *y) {
  if (x->kind != y->kind)
    return false;
  if (x->kind == CB_ST_VERSEMENT && strcmp(x->word, y->word) != 0)
    return false;
  if ((x->id != NULL) != (y->id != NULL) || (x->id && strcmp(x->id, y->id) != 0))
    return false;
  if (x->has_period != y->has_period)
    return false;
  if (x->has_period && (x->period.kind != y->period.kind || x->period.n != y->period.n))
    return false;
  return true;
}

static bool overridden(const struct cb_stmt *st, const struct cb_stmt *later) {
  for (const struct cb_stmt *o = later; o; o = o->next)
    if (same_key(st, o))
      return true;
  return false;
}

static const struct cb_top *module_accord(const struct cb_module *m) {
  if (!m->file)
    return NULL;
  for (const struct cb_top *t = m->file->tops; t; t = t->next)
    if (t->kind == CB_TOP_ACCORD)
      return t;
  return NULL;
}

static void import_one(struct builder *b, const char *name, struct cb_loc loc,
                       const struct cb_top ***accords, size_t *naccords, size_t *cap) {
  struct cb_contract *c = b->c;
  for (size_t i = 0; i < c->nimports; i++)
    if (strcmp(c->imports[i], name) == 0)
      return; /* imported twice: once is enough */
  const struct cb_module *m = NULL;
  for (size_t i = 0; i < b->nmodules; i++)
    if (strcmp(b->modules[i].name, name) == 0)
      m = &b->modules[i];
  const struct cb_top *acc = m ? module_accord(m) : NULL;
  if (!acc) {
    if (m && m->file)
      cb_diag_error(b->d, loc, "E0220", "le module « %s » ne déclare aucun accord", name);
    else if (m && m->state == CB_MODULE_BAD_NAME)
      cb_diag_error(b->d, loc, "E0220",
                    "nom de module « %s » invalide : un module s'écrit en lettres minuscules "
                    "sans accent, chiffres, « _ » et « / » (par exemple « aci/cpts »)",
                    name);
    else if (m && m->state == CB_MODULE_NO_STDLIB)
      cb_diag_error(b->d, loc, "E0220",
                    "dossier de la bibliothèque standard introuvable pour « %s » : "
                    "indiquez-le avec --stdlib DOSSIER ou CIBLE_STDLIB",
                    name);
    else if (m && m->state == CB_MODULE_REPORTED)
      cb_diag_error(b->d, loc, "E0220",
                    "le module « %s » n'a pas pu être lu : voir l'erreur sur son fichier ci-dessus",
                    name);
    else
      cb_diag_error(b->d, loc, "E0220", "bibliothèque « %s » introuvable", name);
    return;
  }
  *accords = cb_arena_grow(b->a, *accords, *naccords, cap, sizeof **accords);
  (*accords)[(*naccords)++] = acc;
  const char **t = cb_arena_array(b->a, c->nimports + 1, sizeof *t);
  if (c->nimports)
    memcpy(t, c->imports, c->nimports * sizeof *t);
  t[c->nimports++] = name;
  c->imports = t;
  if (!c->accord)
    c->accord = acc->id;
}

/* The contract's statements preceded by those of the accords it imports
   (file-level `importe` first, then the contract's own, in order), minus
   what a later module or the contract itself sets again. Imported
   statements keep their location in the module, so explanations cite the
   accord's line. */
static const struct cb_stmt *merged_body(struct builder *b, const struct cb_file *f,
                                         const struct cb_top *t) {
  const struct cb_top **accords = NULL;
  size_t naccords = 0, cap = 0;
  file_imports(b, f);
  for (size_t i = 0; i < b->nimp; i++)
    import_one(b, b->imp[i]->label, b->imp[i]->id_loc, &accords, &naccords, &cap);
  for (const struct cb_stmt *st = t->body; st; st = st->next)
    if (st->kind == CB_ST_IMPORTE)
      import_one(b, st->string, st->word_loc, &accords, &naccords, &cap);
  if (!naccords)
    return t->body;
  struct cb_stmt *head = NULL, *tail = NULL;
  for (size_t i = 0; i < naccords; i++) {
    for (const struct cb_stmt *st = accords[i]->body; st; st = st->next) {
      if (st->kind == CB_ST_IMPORTE || overridden(st, t->body))
        continue;
      bool later = false;
      for (size_t j = i + 1; j < naccords && !later; j++)
        later = overridden(st, accords[j]->body);
      if (later)
        continue;
      struct cb_stmt *copy = cb_arena_alloc(b->a, sizeof *copy);
      *copy = *st;
      copy->next = NULL;
      if (tail)
        tail->next = copy;
      else
        head = copy;
      tail = copy;
    }
  }
  if (!tail)
    return t->body;
  tail->next = (struct cb_stmt *)t->body;
  return head;
}

/* ---- contract-level statements ---------------------------------------- */

static const struct word_choice stage_words[] = {
    {"indicateur", CB_STAGE_INDICATEUR}, {"groupe", CB_STAGE_GROUPE},
    {"total", CB_STAGE_TOTAL}, {NULL, 0}};
static const struct word_choice mode_words[] = {
    {"demi_eloigne", CB_ROUND_HALF_AWAY}, {"demi_pair", CB_ROUND_HALF_EVEN},
    {"inferieur", CB_ROUND_DOWN}, {"superieur", CB_ROUND_UP}, {NULL, 0}};

static bool is_choice(const char *word, const struct word_choice *choices) {
  for (const struct word_choice *w = choices; w->word; w++)
    if (cb_word_is(word, w->word))
      return true;
  return false;
}

/* A stage written where the mode goes (`arrondi au centime groupe`: E0436)
   or a mode written after `par` (`par demi_pair`: E0437), with the
   statement meant when the words say it; true when reported. */
static bool rounding_words_swapped(struct builder *b, const struct cb_stmt *st) {
  const char *stage = st->as.arrondi.stage, *mode = st->as.arrondi.mode;
  const char *unit = strcmp(st->word, "euro") == 0 ? "a l'euro" : "au centime";
  if (mode && is_choice(mode, stage_words)) {
    cb_diag_error(b->d, st->as.arrondi.mode_loc, "E0436",
                  "« %s » est une étape d'arrondi, pas un mode : elle s'écrit après « par »", mode);
    if (!stage || is_choice(stage, mode_words))
      cb_diag_note(b->d, st->as.arrondi.mode_loc, "voulez-vous dire « arrondi %s par %s%s%s » ?",
                   unit, mode, stage ? " " : "", stage ? stage : "");
    return true;
  }
  if (stage && is_choice(stage, mode_words)) {
    cb_diag_error(b->d, st->as.arrondi.stage_loc, "E0437",
                  "« %s » est un mode d'arrondi, pas une étape : il s'écrit sans « par »", stage);
    if (!mode)
      cb_diag_note(b->d, st->as.arrondi.stage_loc, "voulez-vous dire « arrondi %s %s » ?", unit,
                   stage);
    return true;
  }
  return false;
}

void cb_build_accord(struct cb_build *x, const struct cb_stmt *st) {
  int v;
  if (first_time(x->b, &x->seen, st) &&
      pick_word(x->b, st->word, st->word_loc, accord_words, "accord", &v))
    x->b->c->accord = st->word;
}

void cb_build_parties(struct cb_build *x, const struct cb_stmt *st) {
  if (first_time(x->b, &x->seen, st))
    x->b->c->parties = st->as.parties.strings;
}

/* `arrondi au centime|a l'euro [par indicateur|groupe|total] [mode]`. */
void cb_build_arrondi(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  struct cb_contract *c = b->c;
  int v;
  if (!first_time(b, &x->seen, st))
    return;
  c->rounding = strcmp(st->word, "euro") == 0 ? CB_ROUNDING_EURO : CB_ROUNDING_CENTIME;
  c->rounding_loc = st->loc;
  c->round_mode = CB_ROUND_HALF_AWAY;
  c->round_stage = CB_STAGE_INDICATEUR;
  if (rounding_words_swapped(b, st))
    return;
  const char *stage = st->as.arrondi.stage, *mode = st->as.arrondi.mode;
  if (stage && pick_word(b, stage, st->as.arrondi.stage_loc, stage_words, "étape d'arrondi", &v))
    c->round_stage = (enum cb_round_stage)v;
  if (mode && pick_word(b, mode, st->as.arrondi.mode_loc, mode_words, "mode d'arrondi", &v))
    c->round_mode = (enum cb_round_mode)v;
}

void cb_build_resiliation(struct cb_build *x, const struct cb_stmt *st) {
  struct cb_contract *c = x->b->c;
  if (!first_time(x->b, &x->seen, st))
    return;
  c->has_resiliation = true;
  c->resiliation = st->date;
  c->resiliation_loc = st->loc;
}

void cb_build_fonctionnement(struct cb_build *x, const struct cb_stmt *st) {
  amount_stmt(x->b, st, &x->b->c->fonctionnement, "l'enveloppe de fonctionnement");
}

void cb_build_versement(struct cb_build *x, const struct cb_stmt *st) {
  cb_payrule_build(x->b->a, x->b->d, x->b->c, st);
}

/* `delai_demarrage MISSION : N mois`: one per mission. */
void cb_build_delai_demarrage(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  struct cb_contract *c = b->c;
  const struct cb_value *v = &st->value;
  if (!(v->unit.kind == CB_UNIT_NOUN && cb_word_is(v->unit.word, "mois")) ||
      mpz_cmp_ui(mpq_denref(v->q), 1) != 0 || mpq_sgn(v->q) < 0 ||
      mpz_cmp_ui(mpq_numref(v->q), 1200) > 0) {
    cb_diag_error(b->d, v->loc, "E0209",
                  "un délai de démarrage s'écrit en mois entiers, de 0 à 1200 (« 6 mois »)");
    return;
  }
  for (size_t i = 0; i < c->ndelays; i++)
    if (strcmp(c->delays[i].mission, st->id) == 0) {
      cb_diag_error(b->d, st->loc, "E0212", "le délai de démarrage de « %s » est déjà déclaré ligne %d",
                    st->id, c->delays[i].loc.line);
      return;
    }
  c->delays = cb_arena_grow(b->a, c->delays, c->ndelays, &b->capdelays, sizeof *c->delays);
  c->delays[c->ndelays].mission = st->id;
  c->delays[c->ndelays].months = mpz_get_si(mpq_numref(v->q));
  c->delays[c->ndelays].loc = st->loc;
  c->ndelays++;
}

void cb_build_valeur_point(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  if (!first_time(b, &x->seen, st))
    return;
  mpq_ptr q = cb_arena_mpq(b->a);
  if (!euro_value(b, &st->value, "la valeur du point", q))
    return;
  if (mpq_sgn(q) <= 0)
    cb_diag_error(b->d, st->value.loc, "E0209", "la valeur du point doit être positive");
  else
    b->c->valeur_point = q;
  b->c->valeur_point_loc = st->loc;
}

void cb_build_patientele_reference(struct cb_build *x, const struct cb_stmt *st) {
  struct builder *b = x->b;
  if (!first_time(b, &x->seen, st))
    return;
  if (mpq_sgn(st->value.q) <= 0) {
    cb_diag_error(b->d, st->value.loc, "E0209", "la patientèle de référence doit être positive");
    return;
  }
  b->c->patientele_ref = cb_arena_mpq_copy(b->a, st->value.q);
  b->c->patientele_ref_loc = st->loc;
}

/* The donnée named by `patientele ID` or `points_variables … par ID`. */
static struct cb_node *donnee_ref(struct builder *b, const char *id, struct cb_loc loc) {
  struct cb_node *n = cb_contract_lookup(b->c, id);
  if (n && n->kind == CB_NODE_DONNEE)
    return n;
  if (n)
    cb_diag_error(b->d, loc, "E0504", "« %s » n'est pas une donnée : %s", id, what_node(n));
  else
    cb_diag_error(b->d, loc, "E0201", "donnée « %s » inconnue", id);
  if (!n) {
    const char *best = NULL;
    for (size_t i = 0; i < b->c->nindicators; i++)
      if (b->c->indicators[i]->kind == CB_NODE_DONNEE)
        best = cb_suggest_better(id, b->c->indicators[i]->id, best);
    if (best)
      cb_diag_note(b->d, loc, "voulez-vous dire « %s » ?", best);
  }
  return NULL;
}

/* The rules of a line paid per unit of the indicator's own measure: a cap
   (the most it can earn must be known), and nothing else that would say
   what is met (an objective, a barème, a second line). */
static void per_unit_rules(struct builder *b, const struct cb_node *n, const struct cb_points *pu) {
  const struct cb_contract *c = b->c;
  const char *word = pu->euros                         ? "montant"
                     : pu == &n->points[CB_PTS_FIXES] ? "points_fixes"
                                                       : "points_variables";
  if (!pu->cap)
    cb_diag_error(b->d, pu->loc, "E0506",
                  "« %s » est payé par unité de sa mesure sans plafond : %s, écrivez « %s %s par "
                  "%s, 8 au plus »",
                  n->id,
                  pu->euros ? "le montant possible doit être connu"
                            : "les points possibles doivent être connus",
                  word, pu->euros ? cb_fmt_eur_a(b->a, pu->q) : cb_fmt_value_a(b->a, pu->q, NULL, false),
                  n->id);
  const struct cb_points *other = pu->euros ? NULL : &n->points[pu == &n->points[0] ? 1 : 0];
  bool two = other && other->set;
  bool has_obj = false;
  for (size_t k = 0; k < c->nperiods && !has_obj; k++)
    has_obj = n->objectives[k].kind != CB_MOBJ_NONE;
  const char *what = pu->euros ? "son montant" : "ses points";
  if (two || has_obj || n->bareme)
    cb_diag_error(b->d, two ? other->loc : pu->loc, "E0507",
                  "« %s » est payé par unité de sa mesure : il n'a %s", n->id,
                  two       ? "qu'une ligne de points"
                  : has_obj ? cb_arena_printf(b->a, "pas d'objectif (chaque unité rapporte %s)", what)
                            : cb_arena_printf(b->a, "pas de barème (chaque unité rapporte %s)", what));
}

/* The rules of a `montant` that changes with the period (per unit of a
   donnée, or a formula): its maximum is written (the envelope counts it),
   and nothing reads the amount as if it were fixed (a barème paying euros, a
   `toutes` group paid as one). */
static void varying_amount_rules(struct builder *b, const struct cb_node *n,
                                 const struct cb_points *pl) {
  if (!pl->cap) {
    if (pl->expr)
      cb_diag_error(b->d, pl->loc, "E0509",
                    "le montant de « %s » est une formule sans maximum : l'enveloppe doit "
                    "connaître le montant possible, écrivez « montant = …, 3 200 € au plus »",
                    n->id);
    else if (pl->par)
      cb_diag_error(b->d, pl->loc, "E0509",
                    "le montant de « %s » varie avec « %s » sans plafond : l'enveloppe doit "
                    "connaître le montant possible, écrivez « montant %s par %s, 16 au plus »",
                    n->id, pl->par->id, cb_fmt_eur_a(b->a, pl->q), pl->par->id);
    return;
  }
  if (n->bareme) {
    for (size_t i = 0; i < n->bareme->ntranches; i++)
      if (n->bareme->tranches[i].pays_amount) {
        cb_diag_error(b->d, n->bareme_loc, "E0509",
                      "le barème de « %s » verse des montants en € alors que son montant varie "
                      "d'une période à l'autre : écrivez ses tranches en %%",
                      n->id);
        break;
      }
  }
  for (const struct cb_node *g = n->parent; g; g = g->parent)
    if (g->aggr == CB_AGGR_TOUTES) {
      cb_diag_error(b->d, pl->loc, "E0509",
                    "le montant de « %s » varie d'une période à l'autre : il ne peut pas être "
                    "dans « %s », versé d'un bloc (agrégation « toutes »)",
                    n->id, g->id);
      break;
    }
}

/* Resolves the ids named by `par` in pay lines (points and `montant`), and
   checks what pay lines need. */
static void resolve_pay_lines(struct builder *b, const struct cb_stmt *patientele) {
  struct cb_contract *c = b->c;
  if (patientele) {
    c->patientele = donnee_ref(b, patientele->id, patientele->id_loc);
    c->patientele_loc = patientele->loc;
  }
  for (size_t i = 0; i < b->npending; i++) {
    struct cb_node *n = b->pending[i].n;
    const struct cb_stmt *st = b->pending[i].st;
    struct cb_points *pl =
        st->kind == CB_ST_MONTANT ? &n->amount_line
        : &n->points[st->kind == CB_ST_POINTS_FIXES ? CB_PTS_FIXES : CB_PTS_VARIABLES];
    /* `par` the indicator itself: per unit of its own measure */
    pl->par = strcmp(st->id, n->id) == 0 ? n : donnee_ref(b, st->id, st->id_loc);
  }
  b->npending = 0;
  for (size_t i = 0; i < c->nindicators; i++) {
    const struct cb_node *n = c->indicators[i];
    if (n->kind != CB_NODE_INDICATOR)
      continue;
    const struct cb_points *pu = cb_points_per_unit(n);
    if (pu)
      per_unit_rules(b, n, pu);
    const struct cb_points *va = cb_amount_varies(n);
    if (va)
      varying_amount_rules(b, n, va);
  }
  if (!c->has_points_aci)
    return;
  /* what the points need: a point value, and for variable points without
     `par`, the patientèle and its reference */
  bool need_pat = false;
  for (size_t i = 0; i < c->nindicators; i++) {
    const struct cb_node *n = c->indicators[i];
    const struct cb_points *pv = &n->points[CB_PTS_VARIABLES];
    if (pv->set && !pv->expr && !pv->par_named)
      need_pat = true;
    if (cb_node_has_points(n) && n->weight_kind != CB_WEIGHT_NONE)
      cb_diag_error(b->d, n->weight_loc, "E0504",
                    "« %s » est rémunéré en points de l'accord : il n'a pas de poids", n->id);
  }
  if (!c->valeur_point)
    cb_diag_error(b->d, c->loc, "E0504",
                  "le contrat « %s » compte des points sans « valeur_point » (importe \"aci/msp\" "
                  "la donne)", c->id);
  if (need_pat && (!c->patientele || !c->patientele_ref))
    cb_diag_error(b->d, c->loc, "E0504",
                  "des points variables se calculent sur la patientèle : déclarez « patientele "
                  "DONNEE » et « patientele_reference » (importe \"aci/msp\" la donne)");
}

/* A new contract for t of file f, made b's current one, with its periods
   read from its body (the accord's statements merged in), given back in
   *body. */
static struct cb_contract *new_contract(struct builder *b, const struct cb_file *f,
                                        const struct cb_top *t, const struct cb_stmt **body) {
  struct cb_contract *c = cb_arena_alloc(b->a, sizeof *c);
  cb_hashtab_init(&c->names, b->a);
  c->id = t->id;
  c->label = t->label;
  c->loc = t->loc;
  b->c = c;
  *body = merged_body(b, f, t);
  build_periods(b, c, *body, t->id_loc);
  return c;
}

static void build_contract(struct builder *b, const struct cb_file *f, const struct cb_top *t) {
  b->nind = b->capind = b->nbar = b->capbar = 0;
  b->npending = 0;
  b->capdelays = 0;
  const struct cb_stmt *body;
  struct cb_contract *c = new_contract(b, f, t, &body);
  c->from = t->versioned ? t->vfrom : 0;
  c->to = t->versioned ? t->vto : (int)c->nperiods - 1;
  struct cb_build head;
  build_init(&head, b, NULL, NULL);
  read_head(&head, body, CB_PASS_CONTRACT);
  cb_payrule_defaults(c);
  struct cb_node *root = new_node(b, CB_NODE_CONTRACT, NULL, NULL);
  root->id = t->id;
  root->label = t->label;
  root->loc = t->loc;
  root->id_loc = t->id_loc;
  root->word = "contrat";
  c->root = root;
  struct settings s;
  memset(&s, 0, sizeof s);
  s.method = CB_METHOD_PROPORTIONNELLE;
  s.plafond = cb_arena_mpq(b->a);
  mpq_set_ui(s.plafond, 1, 1);
  s.plancher = cb_arena_mpq(b->a);
  collect_baremes(b, body);
  build_body(b, root, body, &s);
  resolve_pay_lines(b, head.seen.by_kind[CB_ST_PATIENTELE]);
}

/* ---- program ------------------------------------------------------------ */

bool cb_contract_in_force(const struct cb_contract *c, const struct cb_period *p) {
  return p->index >= c->from && p->index <= c->to;
}

struct cb_contract *cb_contract_at(const struct cb_contract *c, const struct cb_period *p) {
  if (p->index < 0 || (size_t)p->index >= c->nperiods)
    return NULL;
  if (c->versions)
    return c->versions[p->index];
  return cb_contract_in_force(c, p) ? (struct cb_contract *)c : NULL;
}

mpq_srcptr cb_amount_for(const struct cb_amount *am, const struct cb_period *p,
                         struct cb_loc *loc) {
  if (!am->set)
    return NULL;
  if (am->by_period && am->by_period[p->index]) {
    *loc = am->by_period_loc[p->index];
    return am->by_period[p->index];
  }
  if (!am->dflt)
    return NULL;
  *loc = am->dflt_loc;
  return am->dflt;
}

mpq_srcptr cb_socle_for(const struct cb_node *n, size_t i, struct cb_loc *loc, bool *initial) {
  mpq_srcptr s = NULL;
  struct cb_loc l = {0};
  bool ini = false;
  if (n->socles && n->socles[i]) {
    s = n->socles[i];
    l = n->socle_locs[i];
  } else if (n->socle_default) {
    s = n->socle_default;
    l = n->socle_default_loc;
  } else if (n->initial && n->method == CB_METHOD_LINEAIRE) {
    s = n->initial;
    l = n->initial_loc;
    ini = true;
  }
  if (loc)
    *loc = l;
  if (initial)
    *initial = ini;
  return s;
}

static bool contract_named(const void *entry, const void *key) {
  return strcmp(((const struct cb_contract *)entry)->id, key) == 0;
}

struct cb_contract *cb_program_contract(const struct cb_program *p, const char *id) {
  return cb_hashtab_find(&p->by_id, cb_hash_str(id), contract_named, id);
}

/* A new program in arena a, with no contract. */
static struct cb_program *new_program(struct cb_arena *a) {
  struct cb_program *prog = cb_arena_alloc(a, sizeof *prog);
  prog->arena = a;
  cb_hashtab_init(&prog->by_id, a);
  return prog;
}

struct cb_program *cb_model_build(struct cb_arena *a, struct cb_diags *d,
                                  struct cb_file **files, size_t nfiles,
                                  const struct cb_module *modules, size_t nmodules,
                                  struct cb_model_share *share) {
  struct builder b;
  memset(&b, 0, sizeof b);
  b.a = a;
  b.share = share;
  b.d = d;
  b.modules = modules;
  b.nmodules = nmodules;
  struct cb_program *prog = new_program(a);
  b.prog = prog;
  struct cb_contract *last = NULL;
  for (size_t f = 0; f < nfiles; f++) {
    for (const struct cb_top *t = files[f]->tops; t; t = t->next) {
      if (t->kind != CB_TOP_CONTRAT)
        continue;
      struct cb_contract *prev = cb_program_contract(prog, t->id);
      if (prev) {
        cb_diag_error(d, t->id_loc, "E0202", "le contrat « %s » est déjà déclaré", t->id);
        cb_diag_note(d, prev->loc, "première déclaration du contrat « %s »", t->id);
        continue;
      }
      build_contract(&b, files[f], t);
      if (last)
        last->next = b.c;
      else
        prog->contracts = b.c;
      last = b.c;
      cb_hashtab_add(&prog->by_id, cb_hash_str(b.c->id), b.c);
      prog->ncontracts++;
    }
  }
  return prog;
}

struct cb_program *cb_model_periods(struct cb_arena *a, struct cb_file **files, size_t nfiles,
                                    const struct cb_module *modules, size_t nmodules) {
  struct cb_diags quiet;
  memset(&quiet, 0, sizeof quiet);
  struct builder b;
  memset(&b, 0, sizeof b);
  b.a = a;
  b.d = &quiet;
  b.modules = modules;
  b.nmodules = nmodules;
  struct cb_program *prog = new_program(a);
  b.prog = prog;
  struct cb_contract **tail = &prog->contracts;
  for (size_t f = 0; f < nfiles; f++)
    for (const struct cb_top *t = files[f]->tops; t; t = t->next) {
      if (t->kind != CB_TOP_CONTRAT || cb_program_contract(prog, t->id))
        continue;
      const struct cb_stmt *body;
      struct cb_contract *c = new_contract(&b, files[f], t, &body);
      c->to = (int)c->nperiods - 1;
      *tail = c;
      tail = &c->next;
      cb_hashtab_add(&prog->by_id, cb_hash_str(c->id), c);
      prog->ncontracts++;
    }
  cb_diags_free(&quiet);
  return prog;
}

bool cb_node_stepped(const struct cb_node *n) {
  return n->kind == CB_NODE_INDICATOR && n->bareme && n->bareme->sur_valeur;
}

bool cb_method_needs_objective(enum cb_method m) {
  return m == CB_METHOD_PROPORTIONNELLE || m == CB_METHOD_LINEAIRE ||
         m == CB_METHOD_TOUT_OU_RIEN;
}
