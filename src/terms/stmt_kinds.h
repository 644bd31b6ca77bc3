/*
 * stmt_kinds.h: the table of statement kinds (see stmt_kinds.c).
 *
 * One row per CB_ST_ kind says what the kind means wherever the kind alone
 * decides it: its keyword in messages, its name in messages about changes,
 * where it may be written, whether it sets something for one period, which
 * setting it replaces in a change, whether it declares an element, and when
 * and by which function the model builder (model.c) reads it.
 */
#ifndef CB_STMT_KINDS_H
#define CB_STMT_KINDS_H

#include <stdbool.h>

#include "ast.h"

/* Where a statement may be written (a bit set). */
enum cb_place {
  CB_IN_CONTRACT = 1u << 0,  /* the body of a contract (or of an accord it imports) */
  CB_IN_GROUP = 1u << 1,     /* the body of a group (mission, axe, ...) */
  CB_IN_INDICATOR = 1u << 2, /* the body of an indicator */
  CB_IN_DONNEE = 1u << 3,    /* the body of a donnée */
  CB_IN_VERSEMENT = 1u << 4, /* a `versement …` block */
  CB_IN_AVENANT = 1u << 5,   /* the head of an avenant, outside any block */
  CB_IN_CHANGE = 1u << 6,    /* a change: an avenant or an `a partir de` block may write it */
};

#define CB_IN_NODES (CB_IN_CONTRACT | CB_IN_GROUP | CB_IN_INDICATOR | CB_IN_DONNEE)

/* Whether a statement sets something for one period only. */
enum cb_dating {
  CB_UNDATED,          /* for the whole contract */
  CB_DATED,            /* always for one period: objectif P, neutralise P */
  CB_DATED_IF_PERIOD,  /* when a period is written: socle P, fixe P, ... */
};

/* What, besides the kind (and the period of a dated statement), says that
   two statements set the same thing, so that a change replaces it. */
enum cb_slot_key {
  CB_KEY_NONE,   /* nothing: declarations, retire, blocks, date, exemple */
  CB_KEY_KIND,   /* the kind alone: one per body */
  CB_KEY_WORD,   /* and the word: `versement fixe` */
  CB_KEY_ID,     /* and the name: `delai_demarrage MISSION` */
  CB_KEY_STRING, /* and the string: `importe "aci/cpts"` */
  CB_KEY_BAREME, /* a named barème by its name; the unnamed one by its kind */
};

/* When the model builder (model.c) reads a statement: its passes over a
   body, in this order. Diagnostics come out in this order, and of two
   statements of one kind the first read wins: the order is part of what a
   contract means. A contract's body is read in three passes (its periods,
   its own terms, then its body as a group's); a group's in two (its settings
   and terms together, in the order written: a group's terms read none of
   its settings; then its elements, which inherit its settings); an
   indicator's or a donnée's in three (settings, initial value, terms: each
   reads what the one before set). */
enum cb_pass {
  CB_PASS_NONE,       /* read elsewhere: `versement` blocks (payrule.c), avenants and
                         `a partir de` (avenant.c, version.c), exemple (exemple.c),
                         importe (the merge of accords, model.c) */
  CB_PASS_PERIODS,    /* the contract's periods, first: every dated statement needs them */
  CB_PASS_CONTRACT,   /* the contract's own terms, before its elements */
  CB_PASS_SETTING,    /* an element's settings: those its elements inherit, and what an
                         indicator's terms read (type, unit, sens, pay lines) */
  CB_PASS_INITIAL,    /* an indicator's initial value, which objectives read */
  CB_PASS_TERM,       /* an element's terms */
  CB_PASS_PER_PERIOD, /* an indicator's terms for one or more periods (objectives, socles,
                         neutralisations), read with its terms: versions that leave its
                         statements as written share them (model.c) */
  CB_PASS_ELEMENT,    /* declarations, once the enclosing body's settings are known */
};

/* A builder: what a statement of its kind sets in the element being built.
   struct cb_build (model.c) is that element, the settings its body has
   written so far, and the first statement of each kind read in it. */
struct cb_build;
typedef void cb_stmt_builder(struct cb_build *x, const struct cb_stmt *st);

struct cb_stmt_kind_info {
  const char *keyword;   /* as users read it: « %s » n'a pas sa place, est déjà déclaré */
  const char *name;      /* "le poids": messages about changes (E0405) */
  unsigned places;       /* enum cb_place bits */
  enum cb_dating dating;
  enum cb_stmt_kind slot; /* the setting it replaces (montant replaces poids) */
  enum cb_slot_key key;
  bool decl;             /* declares an element: group, indicator, donnée */
  enum cb_pass pass;     /* when model.c reads it */
  cb_stmt_builder *build; /* what reads it there; NULL: nothing to build (CB_PASS_NONE) */
};

/* The builders the table names, defined in model.c (one per kind, or per
   kinds that set one thing: poids and montant, fixe and variable). */
cb_stmt_builder cb_build_first; /* keeps the first, which a later step reads */
cb_stmt_builder cb_build_accord, cb_build_parties, cb_build_arrondi, cb_build_resiliation,
    cb_build_fonctionnement, cb_build_versement, cb_build_delai_demarrage,
    cb_build_valeur_point, cb_build_patientele_reference;
cb_stmt_builder cb_build_atteinte, cb_build_plafond, cb_build_plancher,
    cb_build_neutralisation, cb_build_mesure_manquante;
cb_stmt_builder cb_build_type, cb_build_unite, cb_build_sens, cb_build_source,
    cb_build_obligatoire, cb_build_pay_points, cb_build_initial;
cb_stmt_builder cb_build_points, cb_build_agregation, cb_build_bareme, cb_build_constante,
    cb_build_envelope, cb_build_demarrage, cb_build_weight, cb_build_valeur,
    cb_build_amount_cap;
cb_stmt_builder cb_build_objectif, cb_build_progression, cb_build_socle, cb_build_neutralise;
cb_stmt_builder cb_build_group, cb_build_indicator;

/* The row of kind k (every kind has one). */
const struct cb_stmt_kind_info *cb_stmt_kind_info(enum cb_stmt_kind k);
/* Its keyword: "poids", "a partir de". */
const char *cb_stmt_keyword(enum cb_stmt_kind k);
/* True when a statement of kind k may be written at place (one cb_place bit). */
bool cb_stmt_allowed(enum cb_stmt_kind k, unsigned place);

/* True when st sets something for one period only (objectif P, socle P,
   neutralise P, fixe P, variable P). */
bool cb_stmt_dated(const struct cb_stmt *st);
/* True when a and b set the same thing, so that the later replaces the
   earlier (poids and montant are one weight; a barème definition is known
   by its name). Declarations, `retire` and blocks have no slot. */
bool cb_stmt_same_slot(const struct cb_stmt *a, const struct cb_stmt *b);
/* True for declarations: groups, indicators, données. */
bool cb_stmt_is_decl(const struct cb_stmt *st);

#endif
