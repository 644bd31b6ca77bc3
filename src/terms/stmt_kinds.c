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

/* keyword, name, places, dating, slot, key, decl */
#define ROW(k, kw, nm, pl, dt, key) [k] = {kw, nm, pl, dt, k, key, false}
#define DECL(k, kw, pl) [k] = {kw, NULL, pl, CB_UNDATED, k, CB_KEY_NONE, true}

static const struct cb_stmt_kind_info table[CB_ST_COUNT] = {
    /* the contract itself: not changed by an avenant */
    ROW(CB_ST_ACCORD, "accord", NULL, C, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_PARTIES, "parties", NULL, C, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_SIGNATURE, "signature", NULL, C, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_DUREE, "duree", NULL, C, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_PERIODE, "periode", NULL, C, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_ARRONDI, "arrondi", NULL, C, CB_UNDATED, CB_KEY_KIND),
    /* settings inherited from the contract down to the indicators */
    ROW(CB_ST_ATTEINTE, "atteinte", "la méthode d'atteinte", NODES | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_PLAFOND, "plafond", "le plafond", NODES | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_PLANCHER, "plancher", "le plancher", NODES | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_NEUTRALISATION, "neutralisation", NULL, NODES | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_MESURE_MANQUANTE, "mesure_manquante", NULL, NODES | X, CB_UNDATED, CB_KEY_KIND),
    /* contract and groups */
    ROW(CB_ST_POINTS, "points", NULL, C | G | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_AGREGATION, "agregation", NULL, C | G | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_BAREME, "bareme", "le barème", C | G | I | X, CB_UNDATED, CB_KEY_BAREME),
    DECL(CB_ST_GROUP, "groupe", C | G | X),
    DECL(CB_ST_INDICATEUR, "indicateur", C | G | X),
    DECL(CB_ST_DONNEE, "donnee", C | G | X),
    ROW(CB_ST_CONSTANTE, "constante", NULL, C | G | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_FIXE, "fixe", "l'enveloppe fixe", C | G | X, CB_DATED_IF_PERIOD, CB_KEY_KIND),
    ROW(CB_ST_VARIABLE, "variable", "l'enveloppe variable", C | G | X, CB_DATED_IF_PERIOD,
        CB_KEY_KIND),
    ROW(CB_ST_DEMARRAGE, "demarrage", NULL, G | X, CB_UNDATED, CB_KEY_KIND),
    /* indicators and données */
    ROW(CB_ST_TYPE, "type", NULL, I | D | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_UNITE, "unite", NULL, I | D | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_SENS, "sens", NULL, I | D | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_SOURCE, "source", NULL, I | D | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_INITIAL, "initial", NULL, I | D | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_OBJECTIF, "objectif", "l'objectif", I | X, CB_DATED, CB_KEY_KIND),
    ROW(CB_ST_PROGRESSION, "progression", NULL, I | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_SOCLE, "socle", "le socle", I | D | X, CB_DATED_IF_PERIOD, CB_KEY_KIND),
    ROW(CB_ST_POIDS, "poids", "le poids", G | I | X, CB_UNDATED, CB_KEY_KIND),
    [CB_ST_MONTANT] = {"montant", "le poids", G | I | X, CB_UNDATED, CB_ST_POIDS, CB_KEY_KIND,
                       false},
    ROW(CB_ST_NEUTRALISE, "neutralise", "la neutralisation", I | X, CB_DATED, CB_KEY_KIND),
    ROW(CB_ST_OBLIGATOIRE, "obligatoire", NULL, I | D | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_VALEUR, "valeur", NULL, I | D | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_POINTS_FIXES, "points_fixes", NULL, I | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_POINTS_VARIABLES, "points_variables", NULL, I | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_PLAFOND_MONTANT, "plafond_montant", "le plafond de montant", I | X, CB_UNDATED,
        CB_KEY_KIND),
    /* the contract's payments and accord values */
    ROW(CB_ST_IMPORTE, "importe", NULL, C | X, CB_UNDATED, CB_KEY_STRING),
    ROW(CB_ST_RESILIATION, "resiliation", NULL, C | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_FONCTIONNEMENT, "fonctionnement", NULL, C | X, CB_DATED_IF_PERIOD, CB_KEY_KIND),
    ROW(CB_ST_VERSEMENT, "versement", NULL, C | X, CB_UNDATED, CB_KEY_WORD),
    ROW(CB_ST_DELAI_DEMARRAGE, "delai_demarrage", NULL, C | X, CB_UNDATED, CB_KEY_ID),
    ROW(CB_ST_VALEUR_POINT, "valeur_point", NULL, C | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_PATIENTELE_REFERENCE, "patientele_reference", NULL, C | X, CB_UNDATED,
        CB_KEY_KIND),
    ROW(CB_ST_PATIENTELE, "patientele", NULL, C | X, CB_UNDATED, CB_KEY_KIND),
    /* `versement …` blocks */
    ROW(CB_ST_AVANCE, "avance", NULL, V | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_SOLDE, "solde", NULL, V | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_PRORATA, "prorata", NULL, V | X, CB_UNDATED, CB_KEY_KIND),
    ROW(CB_ST_ASSIETTE, "assiette", NULL, V | X, CB_UNDATED, CB_KEY_KIND),
    /* avenants and changes */
    ROW(CB_ST_DATE, "date", NULL, AV, CB_UNDATED, CB_KEY_NONE),
    ROW(CB_ST_A_PARTIR, "a partir de", NULL, AV | X, CB_UNDATED, CB_KEY_NONE),
    ROW(CB_ST_RETIRE, "retire", "le retrait", X, CB_UNDATED, CB_KEY_NONE),
    ROW(CB_ST_EXEMPLE, "exemple", NULL, C | AV, CB_UNDATED, CB_KEY_NONE),
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
