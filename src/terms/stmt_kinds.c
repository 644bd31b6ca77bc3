/*
 * stmt_kinds.c: the table of statement kinds.
 *
 * Owns what a statement kind means wherever the kind alone decides it: its
 * keyword as users read it in messages (« poids » est déjà déclaré), its
 * name in messages about changes (le poids de « X » a déjà été changé…),
 * where it may be written (contract, group, indicator, donnée, `versement`
 * block, head of an avenant, a change), whether it sets something for one
 * period (dated), which setting it replaces in a change (its slot) and
 * whether it declares an element. The model builder (model.c), the payment
 * rules (payrule.c), versions (version.c) and avenants (avenant.c) ask this
 * table instead of listing kinds. It lives with the terms, not the syntax:
 * the parser only records what was written; the table says what it means.
 * It also says when the model builder reads a kind (its pass) and which of
 * model.c's functions builds it: model.c does not dispatch on kinds itself.
 * Adding a statement kind: one row here, its grammar rule, its builder in
 * model.c and its evaluation.
 */
#include "stmt_kinds.h"

#include <string.h>

#define C CB_IN_CONTRACT
#define G CB_IN_GROUP
#define I CB_IN_INDICATOR
#define D CB_IN_DONNEE
#define V CB_IN_VERSEMENT
#define AV CB_IN_AVENANT
#define X CB_IN_CHANGE
#define NODES CB_IN_NODES

#define UNDATED CB_UNDATED
#define DATED CB_DATED
#define IF_PERIOD CB_DATED_IF_PERIOD

#define KEY_NONE CB_KEY_NONE
#define KEY_KIND CB_KEY_KIND

#define ELSEWHERE CB_PASS_NONE
#define PERIODS CB_PASS_PERIODS
#define CONTRACT CB_PASS_CONTRACT
#define SETTING CB_PASS_SETTING
#define INITIAL CB_PASS_INITIAL
#define TERM CB_PASS_TERM
#define PER_PERIOD CB_PASS_PER_PERIOD

/* kind, keyword, name in change messages, places, dating, slot key; when
   model.c reads it and its builder */
#define ROW(k, kw, nm, pl, dt, key, pass, fn) [k] = {kw, nm, pl, dt, k, key, false, pass, fn}
#define DECL(k, kw, pl, fn) \
  [k] = {kw, NULL, pl, UNDATED, k, KEY_NONE, true, CB_PASS_ELEMENT, fn}

/* The builder of each kind is a column of this table, not a table of its
   own in model.c: one row then says everything a kind means, and the
   builder sits next to the places it may be written, which model.c checks
   before calling it. The builders are model.c's (the context they fill,
   struct cb_build, is opaque here); model.c reads a body by looking each
   statement up here, with no switch on kinds of its own. */
static const struct cb_stmt_kind_info table[CB_ST_COUNT] = {
    /* the contract itself: not changed by an avenant */
    ROW(CB_ST_ACCORD, "accord", NULL, C, UNDATED, KEY_KIND, CONTRACT, cb_build_accord),
    ROW(CB_ST_PARTIES, "parties", NULL, C, UNDATED, KEY_KIND, CONTRACT, cb_build_parties),
    ROW(CB_ST_SIGNATURE, "signature", NULL, C, UNDATED, KEY_KIND, PERIODS, cb_build_first),
    ROW(CB_ST_DUREE, "duree", NULL, C, UNDATED, KEY_KIND, PERIODS, cb_build_first),
    ROW(CB_ST_PERIODE, "periode", NULL, C, UNDATED, KEY_KIND, PERIODS, cb_build_first),
    ROW(CB_ST_ARRONDI, "arrondi", NULL, C, UNDATED, KEY_KIND, CONTRACT, cb_build_arrondi),
    /* settings inherited from the contract down to the indicators */
    ROW(CB_ST_ATTEINTE, "atteinte", "la méthode d'atteinte", NODES | X, UNDATED, KEY_KIND,
        SETTING, cb_build_atteinte),
    ROW(CB_ST_PLAFOND, "plafond", "le plafond", NODES | X, UNDATED, KEY_KIND, SETTING,
        cb_build_plafond),
    ROW(CB_ST_PLANCHER, "plancher", "le plancher", NODES | X, UNDATED, KEY_KIND, SETTING,
        cb_build_plancher),
    ROW(CB_ST_NEUTRALISATION, "neutralisation", NULL, NODES | X, UNDATED, KEY_KIND, SETTING,
        cb_build_neutralisation),
    ROW(CB_ST_MESURE_MANQUANTE, "mesure_manquante", NULL, NODES | X, UNDATED, KEY_KIND,
        SETTING, cb_build_mesure_manquante),
    /* contract and groups */
    ROW(CB_ST_POINTS, "points", NULL, C | G | X, UNDATED, KEY_KIND, TERM, cb_build_points),
    ROW(CB_ST_AGREGATION, "agregation", NULL, C | G | X, UNDATED, KEY_KIND, TERM,
        cb_build_agregation),
    ROW(CB_ST_BAREME, "bareme", "le barème", C | G | I | X, UNDATED, CB_KEY_BAREME, TERM,
        cb_build_bareme),
    DECL(CB_ST_GROUP, "groupe", C | G | X, cb_build_group),
    DECL(CB_ST_INDICATEUR, "indicateur", C | G | X, cb_build_indicator),
    DECL(CB_ST_DONNEE, "donnee", C | G | X, cb_build_indicator),
    ROW(CB_ST_CONSTANTE, "constante", NULL, C | G | X, UNDATED, KEY_KIND, TERM,
        cb_build_constante),
    ROW(CB_ST_FIXE, "fixe", "l'enveloppe fixe", C | G | X, IF_PERIOD, KEY_KIND, TERM,
        cb_build_envelope),
    ROW(CB_ST_VARIABLE, "variable", "l'enveloppe variable", C | G | X, IF_PERIOD, KEY_KIND,
        TERM, cb_build_envelope),
    ROW(CB_ST_DEMARRAGE, "demarrage", NULL, G | X, UNDATED, KEY_KIND, TERM, cb_build_demarrage),
    /* indicators and données */
    ROW(CB_ST_TYPE, "type", NULL, I | D | X, UNDATED, KEY_KIND, SETTING, cb_build_type),
    ROW(CB_ST_UNITE, "unite", NULL, I | D | X, UNDATED, KEY_KIND, SETTING, cb_build_unite),
    ROW(CB_ST_SENS, "sens", NULL, I | D | X, UNDATED, KEY_KIND, SETTING, cb_build_sens),
    ROW(CB_ST_SOURCE, "source", NULL, I | D | X, UNDATED, KEY_KIND, SETTING, cb_build_source),
    ROW(CB_ST_INITIAL, "initial", NULL, I | D | X, UNDATED, KEY_KIND, INITIAL, cb_build_initial),
    ROW(CB_ST_OBJECTIF, "objectif", "l'objectif", I | X, DATED, KEY_KIND, PER_PERIOD,
        cb_build_objectif),
    ROW(CB_ST_PROGRESSION, "progression", NULL, I | X, UNDATED, KEY_KIND, PER_PERIOD,
        cb_build_progression),
    ROW(CB_ST_SOCLE, "socle", "le socle", I | D | X, IF_PERIOD, KEY_KIND, PER_PERIOD,
        cb_build_socle),
    ROW(CB_ST_POIDS, "poids", "le poids", G | I | X, UNDATED, KEY_KIND, TERM, cb_build_weight),
    [CB_ST_MONTANT] = {"montant", "le poids", G | I | X, UNDATED, CB_ST_POIDS, KEY_KIND, false,
                       TERM, cb_build_weight},
    ROW(CB_ST_NEUTRALISE, "neutralise", "la neutralisation", I | X, DATED, KEY_KIND, PER_PERIOD,
        cb_build_neutralise),
    ROW(CB_ST_OBLIGATOIRE, "obligatoire", NULL, I | D | X, UNDATED, KEY_KIND, SETTING,
        cb_build_obligatoire),
    ROW(CB_ST_VALEUR, "valeur", NULL, I | D | X, UNDATED, KEY_KIND, TERM, cb_build_valeur),
    ROW(CB_ST_POINTS_FIXES, "points_fixes", NULL, I | X, UNDATED, KEY_KIND, SETTING,
        cb_build_pay_points),
    ROW(CB_ST_POINTS_VARIABLES, "points_variables", NULL, I | X, UNDATED, KEY_KIND, SETTING,
        cb_build_pay_points),
    ROW(CB_ST_PLAFOND_MONTANT, "plafond_montant", "le plafond de montant", I | X, UNDATED,
        KEY_KIND, TERM, cb_build_amount_cap),
    /* the contract's payments and accord values */
    ROW(CB_ST_IMPORTE, "importe", NULL, C | X, UNDATED, CB_KEY_STRING, ELSEWHERE, NULL),
    ROW(CB_ST_RESILIATION, "resiliation", NULL, C | X, UNDATED, KEY_KIND, CONTRACT,
        cb_build_resiliation),
    ROW(CB_ST_FONCTIONNEMENT, "fonctionnement", NULL, C | X, IF_PERIOD, KEY_KIND, CONTRACT,
        cb_build_fonctionnement),
    ROW(CB_ST_VERSEMENT, "versement", NULL, C | X, UNDATED, CB_KEY_WORD, CONTRACT,
        cb_build_versement),
    ROW(CB_ST_DELAI_DEMARRAGE, "delai_demarrage", NULL, C | X, UNDATED, CB_KEY_ID, CONTRACT,
        cb_build_delai_demarrage),
    ROW(CB_ST_VALEUR_POINT, "valeur_point", NULL, C | X, UNDATED, KEY_KIND, CONTRACT,
        cb_build_valeur_point),
    ROW(CB_ST_PATIENTELE_REFERENCE, "patientele_reference", NULL, C | X, UNDATED, KEY_KIND,
        CONTRACT, cb_build_patientele_reference),
    /* the donnée it names is found once the elements exist */
    ROW(CB_ST_PATIENTELE, "patientele", NULL, C | X, UNDATED, KEY_KIND, CONTRACT,
        cb_build_first),
    /* `versement …` blocks: payrule.c */
    ROW(CB_ST_AVANCE, "avance", NULL, V | X, UNDATED, KEY_KIND, ELSEWHERE, NULL),
    ROW(CB_ST_SOLDE, "solde", NULL, V | X, UNDATED, KEY_KIND, ELSEWHERE, NULL),
    ROW(CB_ST_PRORATA, "prorata", NULL, V | X, UNDATED, KEY_KIND, ELSEWHERE, NULL),
    ROW(CB_ST_ASSIETTE, "assiette", NULL, V | X, UNDATED, KEY_KIND, ELSEWHERE, NULL),
    /* avenants and changes: avenant.c, version.c; exemple: exemple.c */
    ROW(CB_ST_DATE, "date", NULL, AV, UNDATED, KEY_NONE, ELSEWHERE, NULL),
    ROW(CB_ST_A_PARTIR, "a partir de", NULL, AV | X, UNDATED, KEY_NONE, ELSEWHERE, NULL),
    ROW(CB_ST_RETIRE, "retire", "le retrait", X, UNDATED, KEY_NONE, ELSEWHERE, NULL),
    ROW(CB_ST_EXEMPLE, "exemple", NULL, C | AV, UNDATED, KEY_NONE, ELSEWHERE, NULL),
};

const struct cb_stmt_kind_info *cb_stmt_kind_info(enum cb_stmt_kind k) { return &table[k]; }

const char *cb_stmt_keyword(enum cb_stmt_kind k) { return table[k].keyword; }

bool cb_stmt_allowed(enum cb_stmt_kind k, unsigned place) { return (table[k].places & place) != 0; }

bool cb_stmt_is_decl(const struct cb_stmt *st) { return table[st->kind].decl; }

bool cb_stmt_dated(const struct cb_stmt *st) {
  switch (table[st->kind].dating) {
  case CB_DATED:
    return true;
  case CB_DATED_IF_PERIOD:
    return st->has_period;
  case CB_UNDATED:
    break;
  }
  return false;
}

bool cb_stmt_same_slot(const struct cb_stmt *a, const struct cb_stmt *b) {
  const struct cb_stmt_kind_info *ia = &table[a->kind], *ib = &table[b->kind];
  if (ia->decl || ib->decl || ia->key == CB_KEY_NONE || ia->slot != ib->slot)
    return false;
  if (cb_stmt_dated(a) || cb_stmt_dated(b))
    return cb_stmt_dated(a) && cb_stmt_dated(b) && a->period.kind == b->period.kind &&
           a->period.n == b->period.n;
  switch (ia->key) {
  case CB_KEY_BAREME: {
    bool na = a->bareme_def && a->id, nb = b->bareme_def && b->id;
    return na || nb ? na && nb && strcmp(a->id, b->id) == 0 : true;
  }
  /* settings that name what they set: one per envelope, mission, module */
  case CB_KEY_WORD:
    return strcmp(a->word, b->word) == 0;
  case CB_KEY_ID:
    return strcmp(a->id, b->id) == 0;
  case CB_KEY_STRING:
    return strcmp(a->string, b->string) == 0;
  case CB_KEY_KIND:
  case CB_KEY_NONE:
    break;
  }
  return true;
}
