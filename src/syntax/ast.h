/*
 * ast.h: the syntax tree of contract and measures files.
 *
 * The parser builds this tree and nothing else: it says what was written,
 * where, and in which words. Every node has a source location. Statements of
 * contract, group and indicator bodies share one node type (cb_stmt) so that
 * the grammar stays small; which statement is allowed where is the table of
 * kinds' answer (stmt_kinds.c), what the written words mean the model
 * builder's (model.c). Everything
 * lives in the parse arena.
 */
#ifndef CB_AST_H
#define CB_AST_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "source.h"

struct cb_arena;

/* A unit as written after a number or after `unite`. */
enum cb_unit_kind {
  CB_UNIT_NONE,    /* bare number: takes the unit of what it is written for */
  CB_UNIT_PERCENT, /* % */
  CB_UNIT_EURO,    /* €, eur, euros */
  CB_UNIT_DAYS,    /* jours, jour, j, jc */
  CB_UNIT_POINTS,  /* points, point, pts */
  CB_UNIT_YEARS,   /* ans, an (only in `duree`) */
  CB_UNIT_NOUN,    /* any other word: a count noun such as "patients" */
};

struct cb_unit {
  enum cb_unit_kind kind;
  const char *word; /* as written (NULL for NONE) */
  struct cb_loc loc;
};

/* A number as written: exact magnitude with its sign, and its unit. A
   percentage keeps its written magnitude (91,5 % is 183/2 here). */
struct cb_value {
  mpq_ptr q;
  struct cb_unit unit;
  bool infinite; /* +inf / -inf tranche bounds: q is +1 or -1 */
  struct cb_loc loc;
};

/* A period as written: `an 3` or a calendar year `2020`. */
enum cb_period_kind { CB_PERIOD_AN, CB_PERIOD_YEAR };
struct cb_period_ref {
  enum cb_period_kind kind;
  long n;
  struct cb_loc loc;
};

enum cb_cmp { CB_CMP_NONE, CB_CMP_GT, CB_CMP_GE, CB_CMP_LT, CB_CMP_LE, CB_CMP_EQ };

enum cb_obj_kind {
  CB_OBJ_ABS,       /* objectif an 1 : 15  /  : > 50 % */
  CB_OBJ_INITIAL,   /* initial + 700 */
  CB_OBJ_PRECEDENT, /* precedent + 5 points */
  CB_OBJ_A_DEFINIR, /* a definir */
};

struct cb_objspec {
  enum cb_obj_kind kind;
  enum cb_cmp cmp;       /* written comparison of an absolute objective */
  struct cb_value value; /* for INITIAL/PRECEDENT: the signed offset */
  struct cb_loc loc;
};

/* Expressions of `valeur = …`. */
enum cb_expr_kind {
  CB_EXPR_NUM,  /* as.num */
  CB_EXPR_REF,  /* as.ref: a donnée, a constant or an indicator's measure */
  CB_EXPR_BIN,  /* as.bin: + - * / */
  CB_EXPR_NEG,  /* as.un */
  CB_EXPR_CMP,  /* as.bin with cmp */
  CB_EXPR_AND,  /* as.bin */
  CB_EXPR_OR,   /* as.bin */
  CB_EXPR_CALL, /* as.call: min, max */
  CB_EXPR_IF,   /* as.cond */
};

struct cb_expr {
  enum cb_expr_kind kind;
  struct cb_loc loc;
  int depth; /* height of this subtree, to refuse absurd nesting */
  union {
    struct cb_value num;
    const char *ref;
    struct {
      char op; /* '+', '-', '*', '/' */
      enum cb_cmp cmp;
      struct cb_expr *l, *r;
    } bin;
    struct cb_expr *un;
    struct {
      const char *fn;
      struct cb_expr **args;
      int nargs;
    } call;
    struct {
      struct cb_expr *c, *t, *e;
    } cond;
  } as;
};

/* One tranche of a barème: an interval with written bounds, and what it pays. */
enum cb_pay_kind { CB_PAY_VALUE, CB_PAY_LINEAR };
struct cb_tranche {
  bool lo_closed, hi_closed; /* '[' lo ... hi ']' */
  struct cb_value lo, hi;
  enum cb_pay_kind pay;
  struct cb_value pay_value; /* VALUE: the rate or amount */
  struct cb_value pay_from, pay_to; /* LINEAR: from lo to hi */
  const char *pay_word; /* the word before `de` in a LINEAR payout */
  struct cb_loc loc;
  struct cb_tranche *next;
};

struct cb_etape {
  const char *label;
  struct cb_value value;
  struct cb_loc loc;
  struct cb_etape *next;
};

struct cb_string_list {
  const char *s;
  struct cb_loc loc;
  struct cb_string_list *next;
};

enum cb_stmt_kind {
  CB_ST_ACCORD,           /* word */
  CB_ST_PARTIES,          /* as.parties */
  CB_ST_SIGNATURE,        /* date */
  CB_ST_DUREE,            /* value (unit ans) */
  CB_ST_PERIODE,          /* period, as.periode.to (year range) */
  CB_ST_ARRONDI,          /* word: "centime" or "euro"; as.arrondi */
  CB_ST_POINTS,           /* value: total of points of a contract or group */
  CB_ST_ATTEINTE,         /* word (method), etapes */
  CB_ST_PLAFOND,          /* value, or none (sans plafond) */
  CB_ST_PLANCHER,         /* value */
  CB_ST_NEUTRALISATION,   /* word */
  CB_ST_MESURE_MANQUANTE, /* word */
  CB_ST_AGREGATION,       /* word */
  CB_ST_BAREME,           /* id (definition or reference), label, sur, tranches */
  CB_ST_GROUP,            /* word (mission, axe, ...), id, label, body */
  CB_ST_INDICATEUR,       /* id, label, body */
  CB_ST_DONNEE,           /* id, label, body */
  CB_ST_CONSTANTE,        /* id, value */
  CB_ST_TYPE,             /* word */
  CB_ST_UNITE,            /* unit */
  CB_ST_SENS,             /* word */
  CB_ST_SOURCE,           /* string */
  CB_ST_INITIAL,          /* value, period (optional) */
  CB_ST_OBJECTIF,         /* period, obj */
  CB_ST_PROGRESSION,      /* value (step), period (depuis), value2 (base) */
  CB_ST_SOCLE,            /* period (optional), value */
  CB_ST_POIDS,            /* value */
  CB_ST_MONTANT,          /* value (euros); or the pay line forms of CB_ST_POINTS_FIXES:
                             value per unit with id and value2 (has_cap), or expr with
                             value2 (has_cap: the most the formula counts) */
  CB_ST_NEUTRALISE,       /* period, string (optional reason) */
  CB_ST_OBLIGATOIRE,      /* - */
  CB_ST_FIXE,             /* period (optional), value */
  CB_ST_VARIABLE,         /* period (optional), value */
  CB_ST_VALEUR,           /* expr */
  CB_ST_IMPORTE,          /* string: a stdlib module ("aci/cpts") */
  CB_ST_DEMARRAGE,        /* date: a mission's start */
  CB_ST_RESILIATION,      /* date: the contract ends early */
  CB_ST_FONCTIONNEMENT,   /* period (optional), value: operating envelope */
  CB_ST_VERSEMENT,        /* word (fonctionnement, fixe, variable), body */
  CB_ST_AVANCE,           /* value (rate), word (event), value2 (day and month) */
  CB_ST_SOLDE,            /* word (event), value2 (day and month) */
  CB_ST_PRORATA,          /* word: jours, mois, aucun */
  CB_ST_ASSIETTE,         /* word: enveloppe, socle */
  CB_ST_DELAI_DEMARRAGE,  /* id (mission), value (months) */
  CB_ST_VALEUR_POINT,     /* value (euros) */
  CB_ST_PATIENTELE_REFERENCE, /* value */
  CB_ST_PATIENTELE,       /* id: the donnée holding the patientèle */
  CB_ST_POINTS_FIXES,     /* value, id (optional: per unit of that donnée or of the
                             indicator's own measure), value2 (has_cap: at most that
                             many units); or expr (`= …`: the points of the period;
                             has_cap: value2 is the most it counts) */
  CB_ST_POINTS_VARIABLES, /* the same (value without id: scaled by the patientèle) */
  CB_ST_DATE,             /* date (an avenant's date) */
  CB_ST_A_PARTIR,         /* period; body when a block (terms from that period on) */
  CB_ST_RETIRE,           /* word ("indicateur", a group word), id */
  CB_ST_EXEMPLE,          /* label, as.exemple */
  CB_ST_PLAFOND_MONTANT,  /* value (euros): the most an indicator pays in a period */
  CB_ST_COUNT             /* not a kind: their number (stmt_kinds.c has a row for each) */
};

/* An item of an `exemple` block: measures for a period, or an expected figure. */
enum cb_ex_kind { CB_EX_MESURES, CB_EX_ATTENDU };
struct cb_ex_item {
  enum cb_ex_kind kind;
  struct cb_period_ref period;
  struct cb_measure_line *measures; /* MESURES */
  const char *id;                   /* ATTENDU: indicator, group or contract */
  struct cb_loc id_loc;
  struct cb_value value;            /* ATTENDU: € or points = paid, % = attainment */
  struct cb_loc loc;
  struct cb_ex_item *next;
};

/* A statement: a header every kind reads (kind, locations, the words,
   names, periods and values most kinds share, the change flags and the
   children), and in `as` the payload of the kinds whose fields no other
   kind has. Read a member of `as` only for its kind. */
struct cb_stmt {
  enum cb_stmt_kind kind;
  bool has_period, has_value;
  bool has_cap;           /* POINTS_*, MONTANT: `, N au plus` (as.value2) */
  bool bareme_sur_valeur, has_sur; /* `sur valeur` / `sur taux` */
  bool bareme_def;                 /* definition (has a body) vs reference */
  bool has_etapes;
  bool remplace;   /* `remplace …`: overrides an earlier avenant's change */
  bool retroactif; /* `retroactif …`: may change a period already closed */
  bool modify;     /* `indicateur ID { … }` without a label: changes an existing one */
  bool has_body;   /* A_PARTIR: a block */
  struct cb_loc loc;      /* the whole statement */
  struct cb_loc kw_loc;   /* its first word */
  const char *word;       /* a keyword-like argument as written */
  struct cb_loc word_loc;
  const char *id;         /* declared or referenced name */
  struct cb_loc id_loc;
  const char *label;      /* "libellé" */
  const char *string;
  struct cb_date date;
  struct cb_period_ref period;
  struct cb_value value;
  struct cb_tranche *tranches;
  struct cb_etape *etapes;
  struct cb_expr *expr;
  long avenant;    /* number of the avenant it comes from (avenant.c); 0: the contract */
  struct cb_stmt *body; /* first child statement */
  struct cb_stmt *next;
  union {
    struct {
      const char *stage; /* `par indicateur|groupe|total` as written, NULL: by indicator */
      const char *mode;  /* demi_eloigne, demi_pair, ... as written, NULL: demi_eloigne */
      struct cb_loc stage_loc, mode_loc; /* `par …` and the mode, where written */
    } arrondi;           /* ARRONDI (the unit, centime or euro, is `word`) */
    struct {
      bool has_to;
      struct cb_period_ref to; /* `periode 2014 a 2017`: 2017 */
    } periode;                 /* PERIODE (the first year is `period`) */
    struct {
      struct cb_string_list *strings;
    } parties; /* PARTIES */
    struct {
      struct cb_ex_item *items;
    } exemple; /* EXEMPLE (its label is `label`) */
    struct cb_objspec obj;  /* OBJECTIF */
    struct cb_value value2; /* PROGRESSION: the start value; POINTS_*, MONTANT: the cap;
                               versement `le …`, SOLDE: the day */
  } as;
};

/* A value written in a `mesures` block or a CSV row. */
enum cb_mval_kind {
  CB_MVAL_NUMBER,     /* value */
  CB_MVAL_NEUTRALISE, /* neutralisé for this period */
  CB_MVAL_ND,         /* not available: treated as missing, said so */
  CB_MVAL_OUI,
  CB_MVAL_NON,
  CB_MVAL_LABEL,      /* an étape label */
};

struct cb_measure_line {
  const char *id;
  struct cb_loc id_loc;
  enum cb_mval_kind kind;
  struct cb_value value;
  const char *label;
  struct cb_loc loc;
  struct cb_measure_line *next;
};

enum cb_top_kind { CB_TOP_CONTRAT, CB_TOP_MESURES, CB_TOP_IMPORTE, CB_TOP_ACCORD,
                   CB_TOP_AVENANT };

struct cb_top {
  enum cb_top_kind kind;
  struct cb_loc loc;
  const char *id; /* contract id (AVENANT: the contract it changes) */
  struct cb_loc id_loc;
  const char *label;
  struct cb_stmt *body;               /* CONTRAT, ACCORD, AVENANT */
  long number;                        /* AVENANT: its number */
  bool versioned;                     /* CONTRAT: one version (version.c) */
  int vfrom, vto;                     /* ... applying to these period indices */
  struct cb_loc number_loc;
  struct cb_period_ref period;        /* MESURES */
  struct cb_measure_line *measures;   /* MESURES */
  struct cb_top *next;
};

struct cb_file {
  const struct cb_source *src;
  struct cb_top *tops;
};

/* Constructors used by the grammar actions. */
struct cb_value cb_ast_number(struct cb_arena *a, mpq_srcptr q, struct cb_loc loc);
struct cb_expr *cb_ast_expr(struct cb_arena *a, enum cb_expr_kind k, struct cb_loc loc);
struct cb_stmt *cb_ast_stmt(struct cb_arena *a, enum cb_stmt_kind k, struct cb_loc loc);
struct cb_unit cb_ast_unit_word(const char *word, struct cb_loc loc);

/* Calls fn on every reference (CB_EXPR_REF node) of e, left to right. The
   walk is recursive: callers pass expressions whose depth the checker has
   bounded (CB_MAX_EXPR_DEPTH). */
void cb_expr_each_ref(const struct cb_expr *e,
                      void (*fn)(void *ctx, const struct cb_expr *ref), void *ctx);

/* Folds a keyword-like word for comparison: Unicode case folding, accents
   and other combining marks removed, æ œ ø as ae oe o ("Linéaire" ->
   "lineaire", "ŒUVRE" -> "oeuvre"). Returns an arena copy. */
const char *cb_fold(struct cb_arena *a, const char *word);
/* Same, malloc'ed (the caller frees it); its length in *len. */
char *cb_fold_dup(const char *word, size_t *len);
/* True when word folds to ascii (already folded, lowercase ASCII). */
bool cb_word_is(const char *word, const char *ascii);

#endif
