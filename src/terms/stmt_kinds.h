/*
 * stmt_kinds.h: the table of statement kinds (see stmt_kinds.c).
 *
 * One row per CB_ST_ kind says what the kind means wherever the kind alone
 * decides it: its keyword in messages, its name in messages about changes,
 * where it may be written, whether it sets something for one period, which
 * setting it replaces in a change, whether it declares an element.
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

struct cb_stmt_kind_info {
  const char *keyword;   /* as users read it: « %s » n'a pas sa place, est déjà déclaré */
  const char *name;      /* "le poids": messages about changes (E0405) */
  unsigned places;       /* enum cb_place bits */
  enum cb_dating dating;
  enum cb_stmt_kind slot; /* the setting it replaces (montant replaces poids) */
  enum cb_slot_key key;
  bool decl;             /* declares an element: group, indicator, donnée */
};

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
