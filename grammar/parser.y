/*
 * parser.y: the grammar of contract and measures files.
 *
 * A pure, reentrant LALR(1) parser with locations and detailed syntax
 * errors. Actions only build the syntax tree (ast.h) in the parse arena.
 * Statements of contract, group and indicator bodies share one rule, `stmt`:
 * which statement may stand where is checked by the model builder, which can
 * say so in the contract's own terms. Error recovery is per statement, so one
 * run reports every independent error, and a statement that cannot be read
 * is skipped with its whole block, so one mistake gives one error. A word
 * written where a keyword is expected gets the nearest keyword valid there
 * as a suggestion. `%expect 0`: any new conflict is a build failure.
 *
 * LAC (parse.lac full) catches a bad token before any reduction it would
 * trigger, so the expected tokens of a message are exact (« a » after
 * `periode 2020`). It would also throw away a complete statement that could
 * go on (`periode 2020` before a misspelt line) with the bad token, so
 * yyparse reads its tokens through next_token() (end of this file, reached
 * by a yylex macro that hands it the parser's stack): before a token LAC
 * rejects it reports the error, then gives the internal token STMT_END,
 * never scanned and never listed as expected, which ends the item (`stmts`,
 * `mlines`, `exitems`, `tranches` accept it as a no-op) so it is reduced and
 * kept, then the held token, which recovery skips as before.
 */
%require "3.8"
%define api.pure full
%define api.location.type {struct cb_loc}
%define api.token.prefix {CB_TOK_}
%define api.value.type union
%define parse.error custom
%define parse.lac full
%locations
%param {yyscan_t scanner}
%parse-param {struct cb_parse *ps}
%expect 0

%code requires {
#include <gmp.h>
#include "ast.h"
#include "date.h"
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
struct cb_parse;

/* Lists are built left-recursively (constant parser stack whatever their
   length) with a pointer to their last element. */
struct stmt_list { struct cb_stmt *head, *tail; };
struct mline_list { struct cb_measure_line *head, *tail; };
struct tranche_list { struct cb_tranche *head, *tail; };
struct etape_list { struct cb_etape *head, *tail; };
struct ex_list { struct cb_ex_item *head, *tail; };
#define LIST_ADD(L, R, X)                                               \
  do {                                                                  \
    (L) = (R);                                                          \
    if (X) {                                                            \
      if ((L).tail) (L).tail->next = (X); else (L).head = (X);          \
      (L).tail = (X);                                                   \
    }                                                                   \
  } while (0)

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                      \
  do {                                                                   \
    if (N) {                                                             \
      (Cur) = YYRHSLOC(Rhs, 1);                                          \
      (Cur).end_line = YYRHSLOC(Rhs, N).end_line;                        \
      (Cur).end_col = YYRHSLOC(Rhs, N).end_col;                          \
    } else {                                                             \
      (Cur) = YYRHSLOC(Rhs, 0);                                          \
      (Cur).line = (Cur).end_line;                                       \
      (Cur).col = (Cur).end_col;                                         \
    }                                                                    \
  } while (0)
#define YYLOCATION_PRINT(File, Loc) ((void)0)
}

%code provides {
int yylex(YYSTYPE *yylval, YYLTYPE *yylloc, yyscan_t scanner);
}

%code {
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "parse.h"
#include "suggest.h"

#define A (ps->arena)

/* A token next_token() has read but holds back behind STMT_END. */
struct cb_held_token {
  bool full;      /* a token is held */
  bool reported;  /* its syntax error is already reported */
  bool quiet;     /* it is the lookahead: the parser must not report it again */
  int tok;
  YYSTYPE val;
  YYLTYPE loc;
};

static struct cb_value bare_value(struct cb_parse *ps, mpq_ptr q, struct cb_loc loc);
static struct cb_value with_unit(struct cb_value v, struct cb_unit u);
static struct cb_value negate(struct cb_parse *ps, struct cb_value v, struct cb_loc loc);
static struct cb_value infinity(struct cb_parse *ps, int sign, struct cb_loc loc);
static struct cb_expr *bin(struct cb_parse *ps, enum cb_expr_kind k, char op, enum cb_cmp cmp,
                           struct cb_expr *l, struct cb_expr *r, struct cb_loc loc);
static struct cb_period_ref period(long n, enum cb_period_kind k, struct cb_loc loc);
static long small_int(struct cb_parse *ps, mpq_srcptr q, struct cb_loc loc);
static void yyerror(const YYLTYPE *loc, yyscan_t scanner, struct cb_parse *ps, const char *msg);
static bool resync(struct cb_parse *ps, int lookahead);

/* yyparse reads its tokens through next_token() (at the end of this file),
   which needs the parser's own state: this macro, expanded inside yyparse,
   hands it the state stack and LAC buffers as the context bison builds for
   a syntax error (yypcontext_t, declared later by the skeleton, hence the
   void pointer), and the error-recovery counter yyerrstatus. */
#define yylex(lval, lloc, scanner)                                         \
  next_token(lval, lloc, scanner, ps,                                      \
             &(yypcontext_t){.yyssp = yyssp, .yyesa = yyesa, .yyes = &yyes, \
                             .yyes_capacity = &yyes_capacity,             \
                             .yytoken = YYSYMBOL_YYEMPTY, .yylloc = lloc}, \
             &yyerrstatus)
static int next_token(YYSTYPE *lval, YYLTYPE *lloc, yyscan_t scanner, struct cb_parse *ps,
                      const void *ctx, int *errstatus);
}

%token <mpq_ptr> NUMBER "nombre"
%token <const char *> STRING "libellé entre guillemets"
%token <const char *> IDENT "identifiant"
%token <const char *> UNIT "unité"
%token <const char *> GROUPKW "mission, axe, volet, part ou fiche"
%token <struct cb_date> DATE "date AAAA-MM-JJ"
%token COMMENT "commentaire" /* only when scanning for cible fmt (cb_parse.comments) */
/* Never scanned: the implicit end of a statement or list item that
   next_token() puts before a token LAC rejects (see the header comment). */
%token STMT_END "fin d'instruction implicite"
%token A "a" ACCORD "accord" AGREGATION "agregation" ALORS "alors" AN "an"
       ARRONDI "arrondi" ATTEINTE "atteinte" ATTENDU "attendu" AU "au" AVENANT "avenant"
       BAREME "bareme" CENTIME "centime" CONSTANTE "constante" CONTRAT "contrat"
       DATEKW "date" DE "de" EXEMPLE "exemple" A_PARTIR_DE "a partir de" REMPLACE "remplace"
       RETIRE "retire" RETROACTIF "retroactif"
       DEFINIR "definir" DEPUIS "depuis" DONNEE "donnee" DUREE "duree" EN "en"
       ET "et" FIXE "fixe" IMPORTE "importe" INDICATEUR "indicateur" INF "inf"
       INITIAL "initial" L_EURO "l'euro" MESURE_MANQUANTE "mesure_manquante"
       MESURES "mesures" MONTANT "montant" ND "nd" NEUTRALISATION "neutralisation"
       NEUTRALISE "neutralise" NON "non" OBJECTIF "objectif" OBLIGATOIRE "obligatoire"
       OU "ou" OUI "oui" PAR "par" PARTIES "parties" PERIODE "periode"
       PLAFOND "plafond" PLANCHER "plancher" POINTS "points" POIDS "poids"
       PRECEDENT "precedent" PROGRESSION "progression" SANS "sans" SENS "sens"
       SI "si" SIGNATURE "signature" SINON "sinon" SOCLE "socle" SOURCE "source"
       SUR "sur" TYPE "type" UNITE "unite" VALEUR "valeur" VARIABLE "variable"
       EURO "€" GE ">=" LE "<="
       ANNIVERSAIRE "anniversaire" ASSIETTE "assiette" AVANCE "avance" CHAQUE "chaque"
       DELAI_DEMARRAGE "delai_demarrage" DEMARRAGE "demarrage"
       FONCTIONNEMENT "fonctionnement" LA "la" ARTLE "le" L_ANNIVERSAIRE "l'anniversaire"
       PATIENTELE "patientele" PATIENTELE_REFERENCE "patientele_reference"
       POINTS_FIXES "points_fixes" POINTS_VARIABLES "points_variables" PRORATA "prorata"
       RESILIATION "resiliation" SOLDE "solde" SUIVANT "suivant" VALEUR_POINT "valeur_point"
       VERSEMENT "versement" PLAFOND_MONTANT "plafond_montant"

%nterm <struct cb_top *> top contract measures avenant
%nterm <struct cb_stmt *> stmt body bareme_stmt
%nterm <struct stmt_list> stmts
%nterm <struct mline_list> mlines
%nterm <struct ex_list> exitems
%nterm <struct cb_ex_item *> exitem
%nterm <struct cb_measure_line *> mline
%nterm <struct cb_string_list *> strings
%nterm <struct cb_value> value number_value bound
%nterm <struct cb_unit> unit_opt unit_word
%nterm <struct cb_period_ref> period
%nterm <struct cb_objspec> objspec
%nterm <enum cb_cmp> cmp
%nterm <struct tranche_list> tranches
%nterm <struct cb_tranche *> tranche
%nterm <struct etape_list> etapes
%nterm <struct cb_etape *> etapes_opt
%nterm <struct cb_expr *> expr
%nterm <struct cb_expr **> args
%nterm <int> sur_opt lbracket rbracket
%nterm <enum cb_stmt_kind> pay_kw
%nterm <const char *> arrondi_par arrondi_mode

/* `si … alors … sinon E`: E reaches as far as it can (`sinon 2 + 10` is
   `sinon (2 + 10)`), so SINON binds loosest of all. */
%precedence SINON
%left OU
%left ET
%nonassoc '<' '>' LE GE '='
%left '+' '-'
%left '*' '/'
%precedence UMINUS

%%

file:
  %empty
| file top { if ($2) cb_parse_add_top(ps, $2); }
;

top:
  contract
| measures
| avenant
| IMPORTE STRING {
    $$ = cb_arena_alloc(A, sizeof *$$);
    $$->kind = CB_TOP_IMPORTE; $$->loc = @$; $$->label = $2; $$->id_loc = @2;
  }
| ACCORD IDENT STRING body {
    $$ = cb_arena_alloc(A, sizeof *$$);
    $$->kind = CB_TOP_ACCORD; $$->loc = @$; $$->id = $2; $$->id_loc = @2;
    $$->label = $3; $$->body = $4;
  }
| error '}' { $$ = NULL; yyerrok; }
| error '{' { ps->skip = 1; } '}' { $$ = NULL; yyerrok; }
;

contract:
  CONTRAT IDENT STRING '{' stmts '}' {
    $$ = cb_arena_alloc(A, sizeof *$$);
    $$->kind = CB_TOP_CONTRAT; $$->loc = @$; $$->id = $2; $$->id_loc = @2;
    $$->label = $3; $$->body = $5.head;
  }
;

avenant:
  AVENANT NUMBER AU CONTRAT IDENT STRING '{' stmts '}' {
    $$ = cb_arena_alloc(A, sizeof *$$);
    $$->kind = CB_TOP_AVENANT; $$->loc = @$; $$->id = $5; $$->id_loc = @5;
    $$->label = $6; $$->body = $8.head; $$->number = small_int(ps, $2, @2); $$->number_loc = @2;
  }
;

measures:
  MESURES IDENT period '{' mlines '}' {
    $$ = cb_arena_alloc(A, sizeof *$$);
    $$->kind = CB_TOP_MESURES; $$->loc = @$; $$->id = $2; $$->id_loc = @2;
    $$->period = $3; $$->measures = $5.head;
  }
;

mlines:
  %empty { $$.head = $$.tail = NULL; }
| mlines mline { LIST_ADD($$, $1, $2); }
| mlines STMT_END { $$ = $1; }
;

mline:
  IDENT ':' value {
    $$ = cb_arena_alloc(A, sizeof *$$);
    $$->id = $1; $$->id_loc = @1; $$->kind = CB_MVAL_NUMBER; $$->value = $3; $$->loc = @$;
  }
| IDENT ':' NEUTRALISE { $$ = cb_arena_alloc(A, sizeof *$$); $$->id = $1; $$->id_loc = @1; $$->kind = CB_MVAL_NEUTRALISE; $$->loc = @$; }
| IDENT ':' ND         { $$ = cb_arena_alloc(A, sizeof *$$); $$->id = $1; $$->id_loc = @1; $$->kind = CB_MVAL_ND; $$->loc = @$; }
| IDENT ':' OUI        { $$ = cb_arena_alloc(A, sizeof *$$); $$->id = $1; $$->id_loc = @1; $$->kind = CB_MVAL_OUI; $$->loc = @$; }
| IDENT ':' NON        { $$ = cb_arena_alloc(A, sizeof *$$); $$->id = $1; $$->id_loc = @1; $$->kind = CB_MVAL_NON; $$->loc = @$; }
| IDENT ':' STRING     { $$ = cb_arena_alloc(A, sizeof *$$); $$->id = $1; $$->id_loc = @1; $$->kind = CB_MVAL_LABEL; $$->label = $3; $$->loc = @$; }
| error                { $$ = NULL; if (resync(ps, yychar)) yyerrok; }
;

body:
  '{' stmts '}' { $$ = $2.head; }
;

stmts:
  %empty { $$.head = $$.tail = NULL; }
| stmts stmt { LIST_ADD($$, $1, $2); }
| stmts STMT_END { $$ = $1; }
;

stmt:
  ACCORD IDENT { $$ = cb_ast_stmt(A, CB_ST_ACCORD, @$); $$->word = $2; $$->word_loc = @2; }
| PARTIES strings { $$ = cb_ast_stmt(A, CB_ST_PARTIES, @$); $$->as.parties.strings = $2; }
| SIGNATURE DATE { $$ = cb_ast_stmt(A, CB_ST_SIGNATURE, @$); $$->date = $2; $$->word_loc = @2; }
| DUREE value { $$ = cb_ast_stmt(A, CB_ST_DUREE, @$); $$->value = $2; $$->has_value = true; }
| PERIODE period {
    $$ = cb_ast_stmt(A, CB_ST_PERIODE, @$); $$->period = $2; $$->has_period = true;
  }
| PERIODE period A period {
    $$ = cb_ast_stmt(A, CB_ST_PERIODE, @$); $$->period = $2; $$->has_period = true;
    $$->as.periode.to = $4; $$->as.periode.has_to = true;
  }
| ARRONDI AU CENTIME arrondi_par arrondi_mode {
    $$ = cb_ast_stmt(A, CB_ST_ARRONDI, @$); $$->word = "centime"; $$->word_loc = @3;
    $$->as.arrondi.stage = $4; $$->as.arrondi.mode = $5;
    $$->as.arrondi.stage_loc = @4; $$->as.arrondi.mode_loc = @5;
  }
| ARRONDI A L_EURO arrondi_par arrondi_mode {
    $$ = cb_ast_stmt(A, CB_ST_ARRONDI, @$); $$->word = "euro"; $$->word_loc = @3;
    $$->as.arrondi.stage = $4; $$->as.arrondi.mode = $5;
    $$->as.arrondi.stage_loc = @4; $$->as.arrondi.mode_loc = @5;
  }
| POINTS value { $$ = cb_ast_stmt(A, CB_ST_POINTS, @$); $$->value = $2; $$->has_value = true; }
| ATTEINTE IDENT etapes_opt {
    $$ = cb_ast_stmt(A, CB_ST_ATTEINTE, @$); $$->word = $2; $$->word_loc = @2;
    $$->etapes = $3; $$->has_etapes = $3 != NULL;
  }
| PLAFOND value { $$ = cb_ast_stmt(A, CB_ST_PLAFOND, @$); $$->value = $2; $$->has_value = true; }
| SANS PLAFOND { $$ = cb_ast_stmt(A, CB_ST_PLAFOND, @$); }
| PLANCHER value { $$ = cb_ast_stmt(A, CB_ST_PLANCHER, @$); $$->value = $2; $$->has_value = true; }
| NEUTRALISATION IDENT { $$ = cb_ast_stmt(A, CB_ST_NEUTRALISATION, @$); $$->word = $2; $$->word_loc = @2; }
| MESURE_MANQUANTE IDENT { $$ = cb_ast_stmt(A, CB_ST_MESURE_MANQUANTE, @$); $$->word = $2; $$->word_loc = @2; }
| AGREGATION IDENT { $$ = cb_ast_stmt(A, CB_ST_AGREGATION, @$); $$->word = $2; $$->word_loc = @2; }
| bareme_stmt
| GROUPKW IDENT STRING body {
    $$ = cb_ast_stmt(A, CB_ST_GROUP, @$); $$->word = $1; $$->word_loc = @1;
    $$->id = $2; $$->id_loc = @2; $$->label = $3; $$->body = $4;
  }
| INDICATEUR IDENT STRING body {
    $$ = cb_ast_stmt(A, CB_ST_INDICATEUR, @$); $$->id = $2; $$->id_loc = @2;
    $$->label = $3; $$->body = $4;
  }
| DONNEE IDENT STRING body {
    $$ = cb_ast_stmt(A, CB_ST_DONNEE, @$); $$->id = $2; $$->id_loc = @2;
    $$->label = $3; $$->body = $4;
  }
| DONNEE IDENT STRING {
    $$ = cb_ast_stmt(A, CB_ST_DONNEE, @$); $$->id = $2; $$->id_loc = @2; $$->label = $3;
  }
| CONSTANTE IDENT ':' value {
    $$ = cb_ast_stmt(A, CB_ST_CONSTANTE, @$); $$->id = $2; $$->id_loc = @2;
    $$->value = $4; $$->has_value = true;
  }
| TYPE IDENT { $$ = cb_ast_stmt(A, CB_ST_TYPE, @$); $$->word = $2; $$->word_loc = @2; }
| UNITE unit_word { $$ = cb_ast_stmt(A, CB_ST_UNITE, @$); $$->value.unit = $2; }
| SENS IDENT { $$ = cb_ast_stmt(A, CB_ST_SENS, @$); $$->word = $2; $$->word_loc = @2; }
| SOURCE STRING { $$ = cb_ast_stmt(A, CB_ST_SOURCE, @$); $$->string = $2; }
| INITIAL value { $$ = cb_ast_stmt(A, CB_ST_INITIAL, @$); $$->value = $2; $$->has_value = true; }
| INITIAL value EN period {
    $$ = cb_ast_stmt(A, CB_ST_INITIAL, @$); $$->value = $2; $$->has_value = true;
    $$->period = $4; $$->has_period = true;
  }
| OBJECTIF period ':' objspec {
    $$ = cb_ast_stmt(A, CB_ST_OBJECTIF, @$); $$->period = $2; $$->has_period = true; $$->as.obj = $4;
  }
| PROGRESSION value PAR AN DEPUIS period ':' value {
    $$ = cb_ast_stmt(A, CB_ST_PROGRESSION, @$); $$->value = $2; $$->has_value = true;
    $$->period = $6; $$->has_period = true; $$->as.value2 = $8;
  }
| SOCLE period ':' value {
    $$ = cb_ast_stmt(A, CB_ST_SOCLE, @$); $$->period = $2; $$->has_period = true;
    $$->value = $4; $$->has_value = true;
  }
| SOCLE value { $$ = cb_ast_stmt(A, CB_ST_SOCLE, @$); $$->value = $2; $$->has_value = true; }
| POIDS value { $$ = cb_ast_stmt(A, CB_ST_POIDS, @$); $$->value = $2; $$->has_value = true; }
| NEUTRALISE period { $$ = cb_ast_stmt(A, CB_ST_NEUTRALISE, @$); $$->period = $2; $$->has_period = true; }
| NEUTRALISE period STRING {
    $$ = cb_ast_stmt(A, CB_ST_NEUTRALISE, @$); $$->period = $2; $$->has_period = true; $$->string = $3;
  }
| OBLIGATOIRE { $$ = cb_ast_stmt(A, CB_ST_OBLIGATOIRE, @$); }
| FIXE value { $$ = cb_ast_stmt(A, CB_ST_FIXE, @$); $$->value = $2; $$->has_value = true; }
| FIXE period ':' value {
    $$ = cb_ast_stmt(A, CB_ST_FIXE, @$); $$->period = $2; $$->has_period = true;
    $$->value = $4; $$->has_value = true;
  }
| VARIABLE value { $$ = cb_ast_stmt(A, CB_ST_VARIABLE, @$); $$->value = $2; $$->has_value = true; }
| VARIABLE period ':' value {
    $$ = cb_ast_stmt(A, CB_ST_VARIABLE, @$); $$->period = $2; $$->has_period = true;
    $$->value = $4; $$->has_value = true;
  }
| VALEUR '=' expr { $$ = cb_ast_stmt(A, CB_ST_VALEUR, @$); $$->expr = $3; }
| IMPORTE STRING { $$ = cb_ast_stmt(A, CB_ST_IMPORTE, @$); $$->string = $2; $$->word_loc = @2; }
| DEMARRAGE DATE { $$ = cb_ast_stmt(A, CB_ST_DEMARRAGE, @$); $$->date = $2; $$->word_loc = @2; }
| RESILIATION DATE { $$ = cb_ast_stmt(A, CB_ST_RESILIATION, @$); $$->date = $2; $$->word_loc = @2; }
| FONCTIONNEMENT value {
    $$ = cb_ast_stmt(A, CB_ST_FONCTIONNEMENT, @$); $$->value = $2; $$->has_value = true;
  }
| FONCTIONNEMENT period ':' value {
    $$ = cb_ast_stmt(A, CB_ST_FONCTIONNEMENT, @$); $$->period = $2; $$->has_period = true;
    $$->value = $4; $$->has_value = true;
  }
| VERSEMENT FONCTIONNEMENT body {
    $$ = cb_ast_stmt(A, CB_ST_VERSEMENT, @$); $$->word = "fonctionnement"; $$->word_loc = @2; $$->body = $3;
  }
| VERSEMENT FIXE body {
    $$ = cb_ast_stmt(A, CB_ST_VERSEMENT, @$); $$->word = "fixe"; $$->word_loc = @2; $$->body = $3;
  }
| VERSEMENT VARIABLE body {
    $$ = cb_ast_stmt(A, CB_ST_VERSEMENT, @$); $$->word = "variable"; $$->word_loc = @2; $$->body = $3;
  }
| AVANCE value A LA SIGNATURE {
    $$ = cb_ast_stmt(A, CB_ST_AVANCE, @$); $$->value = $2; $$->has_value = true;
    $$->word = "signature"; $$->word_loc = @5;
  }
| AVANCE value AU DEMARRAGE {
    $$ = cb_ast_stmt(A, CB_ST_AVANCE, @$); $$->value = $2; $$->has_value = true;
    $$->word = "demarrage"; $$->word_loc = @4;
  }
| AVANCE value A CHAQUE ANNIVERSAIRE {
    $$ = cb_ast_stmt(A, CB_ST_AVANCE, @$); $$->value = $2; $$->has_value = true;
    $$->word = "anniversaire"; $$->word_loc = @5;
  }
| AVANCE value ARTLE value {
    $$ = cb_ast_stmt(A, CB_ST_AVANCE, @$); $$->value = $2; $$->has_value = true;
    $$->word = "date"; $$->word_loc = @4; $$->as.value2 = $4;
  }
| SOLDE A L_ANNIVERSAIRE SUIVANT {
    $$ = cb_ast_stmt(A, CB_ST_SOLDE, @$); $$->word = "anniversaire"; $$->word_loc = @3;
  }
| SOLDE ARTLE value SUIVANT {
    $$ = cb_ast_stmt(A, CB_ST_SOLDE, @$); $$->word = "date"; $$->word_loc = @3; $$->as.value2 = $3;
  }
| PRORATA IDENT { $$ = cb_ast_stmt(A, CB_ST_PRORATA, @$); $$->word = $2; $$->word_loc = @2; }
| ASSIETTE IDENT { $$ = cb_ast_stmt(A, CB_ST_ASSIETTE, @$); $$->word = $2; $$->word_loc = @2; }
| ASSIETTE SOCLE { $$ = cb_ast_stmt(A, CB_ST_ASSIETTE, @$); $$->word = "socle"; $$->word_loc = @2; }
| DELAI_DEMARRAGE IDENT ':' value {
    $$ = cb_ast_stmt(A, CB_ST_DELAI_DEMARRAGE, @$); $$->id = $2; $$->id_loc = @2;
    $$->value = $4; $$->has_value = true;
  }
| VALEUR_POINT value { $$ = cb_ast_stmt(A, CB_ST_VALEUR_POINT, @$); $$->value = $2; $$->has_value = true; }
| PATIENTELE_REFERENCE value {
    $$ = cb_ast_stmt(A, CB_ST_PATIENTELE_REFERENCE, @$); $$->value = $2; $$->has_value = true;
  }
| PATIENTELE IDENT { $$ = cb_ast_stmt(A, CB_ST_PATIENTELE, @$); $$->id = $2; $$->id_loc = @2; }
| PLAFOND_MONTANT value {
    $$ = cb_ast_stmt(A, CB_ST_PLAFOND_MONTANT, @$); $$->value = $2; $$->has_value = true;
  }
| pay_kw value { $$ = cb_ast_stmt(A, $1, @$); $$->value = $2; $$->has_value = true; }
| pay_kw value PAR IDENT {
    $$ = cb_ast_stmt(A, $1, @$); $$->value = $2; $$->has_value = true;
    $$->id = $4; $$->id_loc = @4;
  }
| pay_kw value PAR IDENT ',' value AU IDENT {
    /* `points_fixes 100 par protocoles, 8 au plus` */
    $$ = cb_ast_stmt(A, $1, @$); $$->value = $2; $$->has_value = true;
    $$->id = $4; $$->id_loc = @4; $$->as.value2 = $6; $$->has_cap = true;
    if (!cb_word_is($8, "plus"))
      cb_diag_error(ps->diags, @8, "E0505",
                    "« au %s » inconnu : un plafond d'unités s'écrit « , 8 au plus »", $8);
  }
| pay_kw '=' expr { $$ = cb_ast_stmt(A, $1, @$); $$->expr = $3; }
| pay_kw '=' expr ',' value AU IDENT {
    /* `montant = 200 € * min(associes, 16), 3 200 € au plus` */
    $$ = cb_ast_stmt(A, $1, @$); $$->expr = $3; $$->as.value2 = $5; $$->has_cap = true;
    if (!cb_word_is($7, "plus"))
      cb_diag_error(ps->diags, @7, "E0505",
                    "« au %s » inconnu : un maximum s'écrit « , 3 200 € au plus »", $7);
  }
| TYPE SOCLE { $$ = cb_ast_stmt(A, CB_ST_TYPE, @$); $$->word = "socle"; $$->word_loc = @2; }
| GROUPKW IDENT body {
    $$ = cb_ast_stmt(A, CB_ST_GROUP, @$); $$->word = $1; $$->word_loc = @1;
    $$->id = $2; $$->id_loc = @2; $$->body = $3; $$->modify = true;
  }
| INDICATEUR IDENT body {
    $$ = cb_ast_stmt(A, CB_ST_INDICATEUR, @$); $$->id = $2; $$->id_loc = @2;
    $$->body = $3; $$->modify = true;
  }
| DATEKW DATE { $$ = cb_ast_stmt(A, CB_ST_DATE, @$); $$->date = $2; $$->word_loc = @2; }
| A_PARTIR_DE period {
    $$ = cb_ast_stmt(A, CB_ST_A_PARTIR, @$); $$->period = $2; $$->has_period = true;
  }
| A_PARTIR_DE period body {
    $$ = cb_ast_stmt(A, CB_ST_A_PARTIR, @$); $$->period = $2; $$->has_period = true;
    $$->body = $3; $$->has_body = true;
  }
| RETIRE INDICATEUR IDENT {
    $$ = cb_ast_stmt(A, CB_ST_RETIRE, @$); $$->word = "indicateur"; $$->word_loc = @2;
    $$->id = $3; $$->id_loc = @3;
  }
| RETIRE DONNEE IDENT {
    $$ = cb_ast_stmt(A, CB_ST_RETIRE, @$); $$->word = "donnee"; $$->word_loc = @2;
    $$->id = $3; $$->id_loc = @3;
  }
| RETIRE GROUPKW IDENT {
    $$ = cb_ast_stmt(A, CB_ST_RETIRE, @$); $$->word = $2; $$->word_loc = @2;
    $$->id = $3; $$->id_loc = @3;
  }
| REMPLACE stmt { $$ = $2; if ($$) { $$->remplace = true; $$->loc = @$; } }
| RETROACTIF stmt { $$ = $2; if ($$) { $$->retroactif = true; $$->loc = @$; } }
| EXEMPLE STRING '{' exitems '}' {
    $$ = cb_ast_stmt(A, CB_ST_EXEMPLE, @$); $$->label = $2; $$->as.exemple.items = $4.head;
  }
| error { $$ = NULL; if (resync(ps, yychar)) yyerrok; }
  /* a statement that could not be read, with its block: the block is skipped
     whole (yylex drops its tokens), not read as statements of this one */
| error '{' { ps->skip = 1; } '}' { $$ = NULL; yyerrok; }
;

exitems:
  %empty { $$.head = $$.tail = NULL; }
| exitems exitem { LIST_ADD($$, $1, $2); }
| exitems STMT_END { $$ = $1; }
;

exitem:
  MESURES period '{' mlines '}' {
    $$ = cb_arena_alloc(A, sizeof *$$); $$->kind = CB_EX_MESURES; $$->loc = @$;
    $$->period = $2; $$->measures = $4.head;
  }
| ATTENDU IDENT period ':' value {
    $$ = cb_arena_alloc(A, sizeof *$$); $$->kind = CB_EX_ATTENDU; $$->loc = @$;
    $$->id = $2; $$->id_loc = @2; $$->period = $3; $$->value = $5;
  }
| error { $$ = NULL; if (resync(ps, yychar)) yyerrok; }
| error '{' { ps->skip = 1; } '}' { $$ = NULL; yyerrok; }
;

arrondi_par:
  %empty { $$ = NULL; }
| PAR INDICATEUR { $$ = "indicateur"; }
| PAR IDENT { $$ = $2; }
;

arrondi_mode:
  %empty { $$ = NULL; }
| IDENT { $$ = $1; }
;

bareme_stmt:
  BAREME IDENT STRING sur_opt '{' tranches '}' {
    $$ = cb_ast_stmt(A, CB_ST_BAREME, @$); $$->id = $2; $$->id_loc = @2; $$->label = $3;
    $$->bareme_def = true; $$->has_sur = $4 != 0; $$->bareme_sur_valeur = $4 == 2;
    $$->tranches = $6.head;
  }
| BAREME IDENT { $$ = cb_ast_stmt(A, CB_ST_BAREME, @$); $$->id = $2; $$->id_loc = @2; }
| BAREME sur_opt '{' tranches '}' {
    $$ = cb_ast_stmt(A, CB_ST_BAREME, @$); $$->bareme_def = true;
    $$->has_sur = $2 != 0; $$->bareme_sur_valeur = $2 == 2; $$->tranches = $4.head;
  }
;

pay_kw:
  POINTS_FIXES { $$ = CB_ST_POINTS_FIXES; }
| POINTS_VARIABLES { $$ = CB_ST_POINTS_VARIABLES; }
| MONTANT { $$ = CB_ST_MONTANT; }
;

sur_opt:
  %empty { $$ = 0; }
| SUR IDENT {
    if (cb_word_is($2, "taux")) $$ = 1;
    else if (cb_word_is($2, "valeur")) $$ = 2;
    else {
      cb_diag_error(ps->diags, @2, "E0104",
                    "« sur %s » inconnu : un barème se lit « sur taux » ou « sur valeur »", $2);
      $$ = 1;
    }
  }
| SUR VALEUR { $$ = 2; }
;

tranches:
  %empty { $$.head = $$.tail = NULL; }
| tranches tranche { LIST_ADD($$, $1, $2); }
| tranches STMT_END { $$ = $1; }
;

lbracket: '[' { $$ = 1; } | ']' { $$ = 0; } ;
rbracket: ']' { $$ = 1; } | '[' { $$ = 0; } ;

tranche:
  lbracket bound ';' bound rbracket ':' value {
    $$ = cb_arena_alloc(A, sizeof *$$); $$->loc = @$;
    $$->lo_closed = $1; $$->lo = $2; $$->hi = $4; $$->hi_closed = $5;
    $$->pay = CB_PAY_VALUE; $$->pay_value = $7;
  }
| lbracket bound ';' bound rbracket ':' IDENT DE value A value {
    $$ = cb_arena_alloc(A, sizeof *$$); $$->loc = @$;
    $$->lo_closed = $1; $$->lo = $2; $$->hi = $4; $$->hi_closed = $5;
    $$->pay = CB_PAY_LINEAR; $$->pay_word = $7; $$->pay_from = $9; $$->pay_to = $11;
    $$->pay_value.loc = @7;
  }
| error { $$ = NULL; }
;

bound:
  value
| '+' INF { $$ = infinity(ps, 1, @$); }
| INF { $$ = infinity(ps, 1, @$); }
| '-' INF { $$ = infinity(ps, -1, @$); }
;

etapes_opt:
  %empty { $$ = NULL; }
| '{' etapes '}' {
    $$ = $2.head;
    if (!$$) {
      $$ = cb_arena_alloc(A, sizeof *$$); $$->loc = @$; /* empty list: flagged later */
      $$->label = NULL;
    }
  }
;

etapes:
  %empty { $$.head = $$.tail = NULL; }
| etapes STRING ':' value {
    struct cb_etape *et = cb_arena_alloc(A, sizeof *et);
    et->label = $2; et->value = $4; et->loc = cb_loc_span(@2, @4);
    LIST_ADD($$, $1, et);
  }
;

strings:
  STRING { $$ = cb_arena_alloc(A, sizeof *$$); $$->s = $1; $$->loc = @1; }
| STRING ',' strings { $$ = cb_arena_alloc(A, sizeof *$$); $$->s = $1; $$->loc = @1; $$->next = $3; }
;

period:
  AN NUMBER { $$ = period(small_int(ps, $2, @2), CB_PERIOD_AN, @$); }
| NUMBER { $$ = period(small_int(ps, $1, @1), CB_PERIOD_YEAR, @$); }
;

objspec:
  value { $$.kind = CB_OBJ_ABS; $$.cmp = CB_CMP_NONE; $$.value = $1; $$.loc = @$; }
| cmp value { $$.kind = CB_OBJ_ABS; $$.cmp = $1; $$.value = $2; $$.loc = @$; }
| INITIAL '+' value { $$.kind = CB_OBJ_INITIAL; $$.cmp = CB_CMP_NONE; $$.value = $3; $$.loc = @$; }
| INITIAL '-' value {
    $$.kind = CB_OBJ_INITIAL; $$.cmp = CB_CMP_NONE; $$.value = negate(ps, $3, @3); $$.loc = @$;
  }
| PRECEDENT '+' value { $$.kind = CB_OBJ_PRECEDENT; $$.cmp = CB_CMP_NONE; $$.value = $3; $$.loc = @$; }
| PRECEDENT '-' value {
    $$.kind = CB_OBJ_PRECEDENT; $$.cmp = CB_CMP_NONE; $$.value = negate(ps, $3, @3); $$.loc = @$;
  }
| A DEFINIR { memset(&$$, 0, sizeof $$); $$.kind = CB_OBJ_A_DEFINIR; $$.loc = @$; }
;

cmp:
  '>' { $$ = CB_CMP_GT; }
| GE  { $$ = CB_CMP_GE; }
| '<' { $$ = CB_CMP_LT; }
| LE  { $$ = CB_CMP_LE; }
| '=' { $$ = CB_CMP_EQ; }
;

value:
  number_value
| '+' number_value { $$ = $2; $$.loc = @$; }
| '-' number_value { $$ = negate(ps, $2, @$); }
;

number_value:
  NUMBER unit_opt { $$ = with_unit(bare_value(ps, $1, @1), $2); $$.loc = @$; }
;

unit_opt:
  %empty { memset(&$$, 0, sizeof $$); $$.kind = CB_UNIT_NONE; }
| '%' { memset(&$$, 0, sizeof $$); $$.kind = CB_UNIT_PERCENT; $$.word = "%"; $$.loc = @$; }
| EURO { memset(&$$, 0, sizeof $$); $$.kind = CB_UNIT_EURO; $$.word = "€"; $$.loc = @$; }
| UNIT { $$ = cb_ast_unit_word($1, @1); }
;

unit_word:
  '%' { memset(&$$, 0, sizeof $$); $$.kind = CB_UNIT_PERCENT; $$.word = "%"; $$.loc = @$; }
| EURO { memset(&$$, 0, sizeof $$); $$.kind = CB_UNIT_EURO; $$.word = "€"; $$.loc = @$; }
| POINTS { $$ = cb_ast_unit_word("points", @1); }
| IDENT { $$ = cb_ast_unit_word($1, @1); }
;

expr:
  number_value { $$ = cb_ast_expr(A, CB_EXPR_NUM, @$); $$->as.num = $1; }
| '+' number_value { $$ = cb_ast_expr(A, CB_EXPR_NUM, @$); $$->as.num = $2; $$->as.num.loc = @$; }
| IDENT { $$ = cb_ast_expr(A, CB_EXPR_REF, @$); $$->as.ref = $1; }
| IDENT '(' args ')' {
    $$ = cb_ast_expr(A, CB_EXPR_CALL, @$); $$->as.call.fn = $1; $$->as.call.args = $3;
    int n = 0, d = 0;
    for (struct cb_expr **e = $3; *e; e++) { n++; if ((*e)->depth > d) d = (*e)->depth; }
    $$->as.call.nargs = n; $$->depth = d + 1;
  }
| '(' expr ')' { $$ = $2; }
| expr '+' expr { $$ = bin(ps, CB_EXPR_BIN, '+', CB_CMP_NONE, $1, $3, @$); }
| expr '-' expr { $$ = bin(ps, CB_EXPR_BIN, '-', CB_CMP_NONE, $1, $3, @$); }
| expr '*' expr { $$ = bin(ps, CB_EXPR_BIN, '*', CB_CMP_NONE, $1, $3, @$); }
| expr '/' expr { $$ = bin(ps, CB_EXPR_BIN, '/', CB_CMP_NONE, $1, $3, @$); }
| expr '<' expr { $$ = bin(ps, CB_EXPR_CMP, 0, CB_CMP_LT, $1, $3, @$); }
| expr '>' expr { $$ = bin(ps, CB_EXPR_CMP, 0, CB_CMP_GT, $1, $3, @$); }
| expr LE expr { $$ = bin(ps, CB_EXPR_CMP, 0, CB_CMP_LE, $1, $3, @$); }
| expr GE expr { $$ = bin(ps, CB_EXPR_CMP, 0, CB_CMP_GE, $1, $3, @$); }
| expr '=' expr { $$ = bin(ps, CB_EXPR_CMP, 0, CB_CMP_EQ, $1, $3, @$); }
| expr ET expr { $$ = bin(ps, CB_EXPR_AND, 0, CB_CMP_NONE, $1, $3, @$); }
| expr OU expr { $$ = bin(ps, CB_EXPR_OR, 0, CB_CMP_NONE, $1, $3, @$); }
| '-' expr %prec UMINUS {
    if ($2->kind == CB_EXPR_NUM) { /* a negative number stays one number */
      $$ = cb_ast_expr(A, CB_EXPR_NUM, @$); $$->as.num = negate(ps, $2->as.num, @$);
    } else {
      $$ = cb_ast_expr(A, CB_EXPR_NEG, @$); $$->as.un = $2; $$->depth = $2->depth + 1;
    }
  }
| SI expr ALORS expr SINON expr {
    $$ = cb_ast_expr(A, CB_EXPR_IF, @$); $$->as.cond.c = $2; $$->as.cond.t = $4; $$->as.cond.e = $6;
    int d = $2->depth; if ($4->depth > d) d = $4->depth; if ($6->depth > d) d = $6->depth;
    $$->depth = d + 1;
  }
;

args:
  expr {
    $$ = cb_arena_array(A, 2, sizeof *$$); $$[0] = $1;
  }
| args ',' expr {
    size_t n = 0; while ($1[n]) n++;
    $$ = cb_arena_array(A, n + 2, sizeof *$$);
    memcpy($$, $1, n * sizeof *$$); $$[n] = $3;
  }
;

%%

static struct cb_value bare_value(struct cb_parse *p, mpq_ptr q, struct cb_loc loc) {
  (void)p;
  struct cb_value v;
  memset(&v, 0, sizeof v);
  v.q = q;
  v.loc = loc;
  v.unit.kind = CB_UNIT_NONE;
  return v;
}

static struct cb_value with_unit(struct cb_value v, struct cb_unit u) {
  v.unit = u;
  return v;
}

static struct cb_value negate(struct cb_parse *p, struct cb_value v, struct cb_loc loc) {
  mpq_ptr q = cb_arena_mpq(p->arena);
  mpq_neg(q, v.q);
  v.q = q;
  v.loc = loc;
  return v;
}

static struct cb_value infinity(struct cb_parse *p, int sign, struct cb_loc loc) {
  struct cb_value v;
  memset(&v, 0, sizeof v);
  v.q = cb_arena_mpq(p->arena);
  mpq_set_si(v.q, sign, 1);
  v.infinite = true;
  v.loc = loc;
  return v;
}

static struct cb_expr *bin(struct cb_parse *p, enum cb_expr_kind k, char op, enum cb_cmp cmp,
                           struct cb_expr *l, struct cb_expr *r, struct cb_loc loc) {
  struct cb_expr *e = cb_ast_expr(p->arena, k, loc);
  e->as.bin.op = op;
  e->as.bin.cmp = cmp;
  e->as.bin.l = l;
  e->as.bin.r = r;
  e->depth = (l->depth > r->depth ? l->depth : r->depth) + 1;
  return e;
}

static struct cb_period_ref period(long n, enum cb_period_kind k, struct cb_loc loc) {
  struct cb_period_ref r = {k, n, loc};
  return r;
}

/* A period number: a whole number small enough for a year or a contract year. */
static long small_int(struct cb_parse *p, mpq_srcptr q, struct cb_loc loc) {
  if (mpz_cmp_ui(mpq_denref(q), 1) != 0 || mpz_sgn(mpq_numref(q)) <= 0 ||
      mpz_cmp_ui(mpq_numref(q), 9999) > 0) {
    cb_diag_error(p->diags, loc, "E0105",
                  "période invalide : un numéro d'année entier entre 1 et 9999 est attendu");
    return 0;
  }
  return mpz_get_si(mpq_numref(q));
}

/* Whether error recovery, having skipped the rest of a statement it could not
   read, may report errors again from the lookahead on. Bison keeps quiet
   until three tokens are read after an error, which would hide a mistake on
   the next line; a token that begins its line starts the next statement, so
   errors are reported again from it. Only once per token: if that token
   cannot start a statement either, it is reported, then dropped. */
static bool resync(struct cb_parse *p, int lookahead) {
  if (lookahead == CB_TOK_STMT_END && p->held && p->held->full)
    lookahead = p->held->tok; /* what next_token() holds behind STMT_END */
  if (lookahead == CB_TOK_YYEMPTY || lookahead == CB_TOK_YYEOF || !p->tok_bol ||
      p->resync_at == p->tok_start + 1)
    return false;
  p->resync_at = p->tok_start + 1;
  return true;
}

/* Only called by bison itself when its stack is exhausted. */
static void yyerror(const YYLTYPE *loc, yyscan_t scanner, struct cb_parse *p, const char *msg) {
  (void)scanner;
  (void)msg;
  cb_diag_error(p->diags, *loc, "E0103",
                "fichier trop complexe pour être analysé (pile de l'analyseur épuisée)");
  p->fatal = true;
}

/* Whether sym is a keyword token (named by its spelling in the grammar). */
static bool is_keyword_symbol(yysymbol_kind_t sym) {
  const char *name = yysymbol_name(sym);
  return sym != YYSYMBOL_YYEOF && sym != YYSYMBOL_NUMBER && sym != YYSYMBOL_STRING &&
         sym != YYSYMBOL_IDENT && sym != YYSYMBOL_UNIT && sym != YYSYMBOL_GROUPKW &&
         sym != YYSYMBOL_DATE && name[0] >= 'a' && name[0] <= 'z';
}

/* Names of tokens in messages: keywords and punctuation between « », the
   other token kinds as they are described. */
static void symbol_text(struct cb_buf *b, yysymbol_kind_t sym) {
  const char *name = yysymbol_name(sym);
  switch (sym) {
  case YYSYMBOL_YYEOF:
    cb_buf_puts(b, "fin de fichier");
    return;
  case YYSYMBOL_NUMBER:
  case YYSYMBOL_STRING:
  case YYSYMBOL_IDENT:
  case YYSYMBOL_UNIT:
  case YYSYMBOL_GROUPKW:
  case YYSYMBOL_DATE:
    cb_buf_puts(b, name);
    return;
  default:
    break;
  }
  /* bison quotes single-character tokens: "'{'" */
  if (name[0] == '\'' && name[1] && name[2] == '\'' && !name[3])
    cb_buf_printf(b, "« %c »", name[1]);
  else
    cb_buf_printf(b, "« %s »", name);
}

/* The keyword among the expected tokens closest to word (a misspelt
   keyword is scanned as an identifier), or NULL when none is a likely typo.
   Words of one or two letters are names, not attempts at a keyword. */
static const char *keyword_suggestion(struct cb_parse *p, const char *word,
                                      const yysymbol_kind_t *expected, int n) {
  static const char *const groupkw[] = {"mission", "axe", "volet", "part", "fiche"};
  const char *folded = cb_fold(p->arena, word);
  if (strlen(folded) < 3)
    return NULL;
  const char *best = NULL;
  for (int i = 0; i < n; i++) {
    if (expected[i] == YYSYMBOL_GROUPKW) {
      for (size_t k = 0; k < sizeof groupkw / sizeof groupkw[0]; k++)
        best = cb_suggest_better(folded, groupkw[k], best);
      continue;
    }
    const char *name = yysymbol_name(expected[i]);
    if (is_keyword_symbol(expected[i]))
      best = cb_suggest_better(folded, name, best);
  }
  return best;
}

/* `arrondi au centime indicateur`: the rounding statement ends before
   `indicateur`, which starts a declaration, and the error comes a token
   later. When the token in error (recent[2], the last one read) follows
   `indicateur` written right after `centime` or `l'euro` on the same line,
   a note on that word says how the stage is written. */
static void stage_note(struct cb_parse *p) {
  const struct cb_loc *unit = &p->recent_loc[0], *word = &p->recent_loc[1];
  if (p->recent[1] != CB_TOK_INDICATEUR ||
      (p->recent[0] != CB_TOK_CENTIME && p->recent[0] != CB_TOK_L_EURO) ||
      unit->src != word->src || unit->end_line != word->line)
    return;
  const char *unit_words = p->recent[0] == CB_TOK_CENTIME ? "au centime" : "a l'euro";
  cb_diag_note(p->diags, *word,
               "« arrondi %s » s'arrête avant « indicateur », qui commence une déclaration : "
               "pour arrondir indicateur par indicateur, écrivez « arrondi %s par indicateur »",
               unit_words, unit_words);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner,
                                 struct cb_parse *p) {
  (void)scanner;
  if (p->held && p->held->quiet) { /* reported by next_token() already */
    p->held->quiet = false;
    return 0;
  }
  if (p->fatal)
    return 0;
  p->nerrors++;
  if (p->nerrors > 50) {
    p->fatal = true;
    return 0;
  }
  yysymbol_kind_t tok = yypcontext_token(ctx);
  const struct cb_loc *loc = yypcontext_location(ctx);
  p->resync_at = p->tok_start + 1; /* reported: recovery drops this token */
  /* ask for every expected token; list at most SHOWN of them */
  enum { MAX_EXPECTED = YYNTOKENS, SHOWN = 6 };
  yysymbol_kind_t expected[MAX_EXPECTED];
  int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
  int kept = 0; /* STMT_END is no token a user can write */
  for (int i = 0; i < n; i++)
    if (expected[i] != YYSYMBOL_STMT_END)
      expected[kept++] = expected[i];
  n = kept;
  int nall = n;
  bool more = n > SHOWN;
  if (more)
    n = SHOWN;
  struct cb_buf b = CB_BUF_INIT;
  const char *code = "E0100";
  if (tok == YYSYMBOL_YYEOF) {
    code = "E0101";
    cb_buf_puts(&b, "fin de fichier inattendue");
  } else if (tok == YYSYMBOL_IDENT && p->last_ident) {
    cb_buf_printf(&b, "identifiant « %s » inattendu", p->last_ident);
  } else {
    symbol_text(&b, tok);
    cb_buf_puts(&b, " inattendu");
  }
  if (n > 0) {
    cb_buf_puts(&b, n == 1 ? " ; attendu : " : " ; attendu l'un de : ");
    for (int i = 0; i < n; i++) {
      if (i > 0)
        cb_buf_puts(&b, i == n - 1 && !more ? " ou " : ", ");
      symbol_text(&b, expected[i]);
    }
    if (more)
      cb_buf_puts(&b, "…");
  }
  bool ident_expected = false;
  for (int i = 0; i < n; i++)
    ident_expected = ident_expected || expected[i] == YYSYMBOL_IDENT;
  const char *suggestion =
      tok == YYSYMBOL_IDENT && p->last_ident ? keyword_suggestion(p, p->last_ident, expected, nall)
                                             : NULL;
  const char *name = yysymbol_name(tok);
  if (ident_expected && is_keyword_symbol(tok))
    cb_buf_printf(&b, " (« %s » est un mot réservé du langage : il ne peut pas servir de nom)",
                  name);
  cb_diag_error(p->diags, *loc, code, "%s", cb_buf_str(&b));
  if (suggestion)
    cb_diag_note(p->diags, *loc, "voulez-vous dire « %s » ?", suggestion);
  stage_note(p);
  if (tok == YYSYMBOL_YYEOF && p->depth > 0)
    cb_diag_note(p->diags, p->open[p->depth - 1],
                 "le bloc ouvert ici n'est pas refermé par « %c »",
                 p->open_ch[p->depth - 1] == '{' ? '}' : ')');
  cb_buf_free(&b);
  return 0;
}

/* Whether the parser, with the stack of ctx, can shift sym after the
   reductions it calls for: 1 yes, 0 no, -1 out of memory (let the parser
   meet it). */
static int lac_accepts(const yypcontext_t *ctx, yysymbol_kind_t sym) {
  int r = yy_lac(ctx->yyesa, ctx->yyes, ctx->yyes_capacity, ctx->yyssp, sym);
  return r == 0 ? 1 : r == 1 ? 0 : -1;
}

/* Whether the innermost list on the stack of ctx, the one STMT_END ends an
   item of, is a list of tranches, whose error rule does not resync(). */
static bool in_tranches(const yypcontext_t *ctx) {
  for (const yy_state_t *s = ctx->yyssp; *s != 0; s--) {
    yysymbol_kind_t sym = YY_ACCESSING_SYMBOL(*s);
    if (sym == YYSYMBOL_tranches)
      return true;
    if (sym == YYSYMBOL_stmts || sym == YYSYMBOL_mlines || sym == YYSYMBOL_exitems)
      return false;
  }
  return false;
}

/* Tells p->expect_fn what the parser, with the stack of ctx, accepts next
   (cb_parse_expected): the expected tokens of a syntax error there. */
static void tell_expected(struct cb_parse *p, const yypcontext_t *ctx) {
  static const char *const groupkw[] = {"mission", "axe", "volet", "part", "fiche"};
  yysymbol_kind_t expected[YYNTOKENS];
  int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
  for (int i = 0; i < n; i++) {
    yysymbol_kind_t sym = expected[i];
    switch (sym) {
    case YYSYMBOL_GROUPKW:
      for (size_t k = 0; k < sizeof groupkw / sizeof groupkw[0]; k++)
        p->expect_fn(p->expect_ctx, CB_EXPECT_KEYWORD, groupkw[k]);
      break;
    case YYSYMBOL_IDENT:
      p->expect_fn(p->expect_ctx, CB_EXPECT_IDENT, NULL);
      break;
    case YYSYMBOL_UNIT:
      p->expect_fn(p->expect_ctx, CB_EXPECT_UNIT, NULL);
      break;
    case YYSYMBOL_EURO:
      p->expect_fn(p->expect_ctx, CB_EXPECT_UNIT, "€");
      break;
    case YYSYMBOL_NUMBER:
      p->expect_fn(p->expect_ctx, CB_EXPECT_NUMBER, NULL);
      break;
    case YYSYMBOL_STRING:
      p->expect_fn(p->expect_ctx, CB_EXPECT_STRING, NULL);
      break;
    case YYSYMBOL_DATE:
      p->expect_fn(p->expect_ctx, CB_EXPECT_DATE, NULL);
      break;
    case YYSYMBOL_STMT_END: /* no token a user can write */
    case YYSYMBOL_COMMENT:
      break;
    default:
      if (is_keyword_symbol(sym))
        p->expect_fn(p->expect_ctx, CB_EXPECT_KEYWORD, yysymbol_name(sym));
      else if (strcmp(yysymbol_name(sym), "'%'") == 0)
        p->expect_fn(p->expect_ctx, CB_EXPECT_UNIT, "%");
      break;
    }
  }
}

/* Holds back token t (read by yylex into lval and lloc) and gives STMT_END
   instead, an empty token where t starts. */
static int hold(struct cb_held_token *h, int t, YYSTYPE *lval, YYLTYPE *lloc, bool reported) {
  h->full = true;
  h->reported = reported;
  h->tok = t;
  h->val = *lval;
  h->loc = *lloc;
  lloc->end_line = lloc->line;
  lloc->end_col = lloc->col;
  return CB_TOK_STMT_END;
}

/* The tokens as yyparse reads them (through the yylex macro above): those of
   yylex(), with STMT_END put before a token t that LAC rejects. STMT_END is
   accepted where the stack ends with a complete statement or list item;
   LAC would otherwise catch t before that item is reduced, and error
   recovery would throw the item away with the bad line (`periode 2020`
   followed by a misspelt `indicatuer` would lose the period). With it, the
   item is reduced and kept, as the default reductions did without LAC, then
   t meets the list, whose error rule (stmt: error...) skips it as before.
   - Not recovering (errstatus 0), STMT_END accepted: the error is reported
     here, from the stack before the reductions, so the expected tokens are
     the exact ones (« a » after `periode 2020`); the parser's own report of
     t, from the list, is then dropped (held->quiet). A scanner error
     (YYerror, already reported) that begins its line gets STMT_END too,
     without a report; within a line it throws its statement away, as it
     always did.
   - Recovering, STMT_END must leave the recovery where the default
     reductions did, and let resync() see t (resync() reads the held token
     behind STMT_END). Its shift must not count as a token read since the
     error, so errstatus goes up by one first. When STMT_END is accepted:
     with errstatus 3 it reduces the error item on the stack (stmt: error),
     whose resync() decides; with errstatus 1 or 2 a complete statement is
     on the stack (1 or 2 tokens read since the error), and t would have
     reached the list's error item then resync(): that is decided here.
     When STMT_END is rejected with errstatus 1 or 2 (an incomplete
     statement), it is the error: recovery pops that statement, shifts
     `error`, and the error item reduced before STMT_END runs resync().
   The token after STMT_END is always the held one: STMT_END never hides a
   scanned token, and cannot report an error of its own. */
static int next_token(YYSTYPE *lval, YYLTYPE *lloc, yyscan_t scanner, struct cb_parse *p,
                      const void *vctx, int *errstatus) {
  if (!p->held)
    p->held = cb_arena_alloc(p->arena, sizeof *p->held);
  struct cb_held_token *h = p->held;
  h->quiet = false;
  if (h->full) {
    h->full = false;
    *lval = h->val;
    *lloc = h->loc;
    h->quiet = h->reported;
    return h->tok;
  }
  int t = (yylex)(lval, lloc, scanner); /* the function, not the macro */
  memmove(p->recent, p->recent + 1, 2 * sizeof *p->recent);
  memmove(p->recent_loc, p->recent_loc + 1, 2 * sizeof *p->recent_loc);
  p->recent[2] = t;
  p->recent_loc[2] = *lloc;
  yypcontext_t ctx = *(const yypcontext_t *)vctx;
  ctx.yylloc = lloc;
  if (t == CB_TOK_YYEOF && p->expect_fn)
    tell_expected(p, &ctx);
  if (t == CB_TOK_YYerror) {
    if (*errstatus != 0 || !p->tok_bol || lac_accepts(&ctx, YYSYMBOL_STMT_END) != 1)
      return t;
    return hold(h, t, lval, lloc, false);
  }
  ctx.yytoken = YYTRANSLATE(t);
  if (lac_accepts(&ctx, ctx.yytoken) != 0)
    return t;
  int end = lac_accepts(&ctx, YYSYMBOL_STMT_END);
  if (end < 0)
    return t;
  if (*errstatus == 0) {
    if (!end)
      return t;
    yyreport_syntax_error(&ctx, scanner, p);
    return hold(h, t, lval, lloc, true);
  }
  if (end) {
    if (*errstatus < 3 && !in_tranches(&ctx) && resync(p, t))
      *errstatus = 0;
    else
      ++*errstatus;
  } else if (*errstatus >= 3) {
    return t;
  }
  return hold(h, t, lval, lloc, false);
}
