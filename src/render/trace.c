/*
 * trace.c: the French sentence of one evaluation step (see trace.h).
 *
 * One function per family of step kinds (inputs, objectives, ratio and
 * attainment, barèmes and pay lines, groups, money), each a dispatch on the
 * kind that writes the sentence with put(), a small printf whose directives
 * format the step's figures: %P a percentage, %E euros, %V a value in the
 * unit of the node given, %A the same without its sign (an offset of a
 * percentage is in points), %N a plain number, %X the exact fraction, %T
 * points ("1 point", "2 points"), %M an amount (an int, true for points,
 * then the figure), %s a string, %d an int, %l a long, %% a percent sign.
 * The sentences are the explanation's text: a change here changes every
 * --explain and JSON `etapes`.
 */
#include "trace.h"

#include <stdarg.h>
#include <string.h>

#include "buf.h"
#include "format.h"
#include "num.h"

static void fmt_absval(struct cb_buf *b, const struct cb_node *u, mpq_srcptr q) {
  mpq_t ab;
  mpq_init(ab);
  mpq_abs(ab, q);
  if (u && u->unit.kind == CB_UNIT_PERCENT) {
    cb_num_to_percent(ab);
    cb_num_fmt(b, ab, 2, CB_WRITE_GROUP | CB_WRITE_NATURAL);
    cb_buf_puts(b, mpq_cmp_ui(ab, 2, 1) >= 0 ? " points" : " point"); /* French: plural from 2 */
  } else {
    cb_fmt_value(b, ab, u ? &u->unit : NULL, true);
  }
  mpq_clear(ab);
}

static void fmt_points(struct cb_buf *b, mpq_srcptr q) {
  cb_fmt_points(b, q);
  cb_buf_puts(b, mpq_cmp_ui(q, 2, 1) >= 0 ? " points" : " point");
}

static void fmt_amount(struct cb_buf *b, bool points, mpq_srcptr q) {
  if (points) {
    cb_fmt_points(b, q);
    cb_buf_puts(b, " points");
  } else {
    cb_fmt_eur(b, q);
  }
}

/* A printf for steps: see the header comment. u gives the unit of %V and %A. */
static void put(struct cb_buf *b, const struct cb_node *u, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (const char *p = fmt; *p; p++) {
    const char *pc = strchr(p, '%');
    if (!pc) {
      cb_buf_puts(b, p);
      break;
    }
    cb_buf_add(b, p, (size_t)(pc - p));
    p = pc + 1;
    switch (*p) {
    case 's':
      cb_buf_puts(b, va_arg(ap, const char *));
      break;
    case 'd':
      cb_buf_printf(b, "%d", va_arg(ap, int));
      break;
    case 'l':
      cb_buf_printf(b, "%ld", va_arg(ap, long));
      break;
    case 'P':
      cb_fmt_pct(b, va_arg(ap, mpq_srcptr));
      break;
    case 'E':
      cb_fmt_eur(b, va_arg(ap, mpq_srcptr));
      break;
    case 'V':
      cb_fmt_value(b, va_arg(ap, mpq_srcptr), &u->unit, true);
      break;
    case 'A':
      fmt_absval(b, u, va_arg(ap, mpq_srcptr));
      break;
    case 'N':
      cb_fmt_value(b, va_arg(ap, mpq_srcptr), NULL, false);
      break;
    case 'X':
      cb_fmt_exact(b, va_arg(ap, mpq_srcptr));
      break;
    case 'T':
      fmt_points(b, va_arg(ap, mpq_srcptr));
      break;
    case 'M': {
      int points = va_arg(ap, int);
      fmt_amount(b, points, va_arg(ap, mpq_srcptr));
      break;
    }
    default: /* %% */
      cb_buf_putc(b, *p);
    }
  }
  va_end(ap);
}

static const char *met_text(const struct cb_step *s) {
  return s->flags & CB_STEP_F_MET ? "atteint" : "non atteint";
}

static const char *sign(mpq_srcptr q) { return mpq_sgn(q) < 0 ? "-" : "+"; }

static const char *bareme_name(const struct cb_bareme *br) { return br->id ? br->id : "en ligne"; }

/* The comparison that failed, when the objective is not met. */
static const char *cmp_failed(enum cb_cmp c) {
  return c == CB_CMP_GE   ? "<"
         : c == CB_CMP_GT ? "≤"
         : c == CB_CMP_LE ? ">"
         : c == CB_CMP_LT ? "≥"
                          : "≠";
}

/* Inputs: a formula's inputs, the measure, neutralisation. */
static bool input_text(struct cb_buf *b, const struct cb_step *s) {
  const struct cb_node *o = s->other;
  const char *pn = s->period->name;
  bool donnee = s->kind >= CB_STEP_REF_MEASURE && s->kind <= CB_STEP_REF_UNCOMPUTABLE &&
                o->kind == CB_NODE_DONNEE;
  switch (s->kind) {
  case CB_STEP_REF_MEASURE:
    put(b, o, "%s « %s » en %s : %V", donnee ? "donnée" : "mesure de", o->id, pn, s->q[0]);
    break;
  case CB_STEP_REF_NO_MEASURE:
    put(b, o, "%s « %s » : pas de mesure chiffrée en %s", donnee ? "donnée" : "indicateur",
        o->id, pn);
    break;
  case CB_STEP_REF_COMPUTED:
    put(b, o, "%s « %s » en %s : %V (calculée : cible eval --explain %s)",
        donnee ? "donnée" : "valeur de", o->id, pn, s->q[0], o->id);
    break;
  case CB_STEP_REF_UNCOMPUTABLE:
    put(b, o, "%s « %s » en %s : non calculable (%s)", donnee ? "donnée" : "valeur de", o->id,
        pn, s->str);
    break;
  case CB_STEP_VALUE:
    put(b, s->node, "valeur calculée par la formule : %V (exactement %X)", s->q[0], s->q[0]);
    break;
  case CB_STEP_VALUE_NONE:
    put(b, s->node, "valeur non calculable : %s", s->str);
    break;
  case CB_STEP_MEASURE:
    put(b, s->node, "mesure %s : %V (%s)", pn, s->q[0], s->str);
    break;
  case CB_STEP_MEASURE_YESNO:
    put(b, s->node, "mesure %s : %s", pn, s->flags & CB_STEP_F_YES ? "oui" : "non");
    break;
  case CB_STEP_MEASURE_ETAPES:
    put(b, s->node, "mesure %s : %d étape(s) franchie(s)", pn, s->n);
    break;
  case CB_STEP_MEASURE_ND:
    put(b, s->node, "mesure %s : nd (non disponible)", pn);
    break;
  case CB_STEP_MEASURE_NONE:
    put(b, s->node, "aucune mesure %s (ni bloc de mesures, ni fichier de mesures)", pn);
    break;
  case CB_STEP_NEUTRALISED:
    put(b, s->node, "neutralisé en %s : %s", pn, s->str);
    break;
  default:
    return false;
  }
  return true;
}

/* Objectives, and a missing measure. */
static bool objective_text(struct cb_buf *b, const struct cb_step *s) {
  const struct cb_node *n = s->node;
  const struct cb_mobjective *o = s->objective;
  const char *pn = s->period->name;
  switch (s->kind) {
  case CB_STEP_STEPPED_RULE:
    put(b, n,
        "aucun objectif n'est fixé pour %s : le barème « %s » lit la mesure et fixe le "
        "versement (indicateur par paliers)",
        pn, bareme_name(s->bareme));
    break;
  case CB_STEP_NO_OBJECTIVE:
    put(b, n, "aucun objectif n'est fixé pour %s : non évalué", pn);
    break;
  case CB_STEP_TO_DEFINE:
    put(b, n, "objectif %s « à définir » : non évalué", pn);
    break;
  case CB_STEP_OBJ_INITIAL:
    put(b, n, "objectif %s : initial %V %s %A = %V", pn, n->initial, sign(o->offset), o->offset,
        o->value);
    break;
  case CB_STEP_OBJ_VALUE:
    put(b, n, "objectif %s : %s%s%V", pn, o->cmp_written ? cb_cmp_text(o->cmp) : "",
        o->cmp_written ? " " : "", o->value);
    break;
  case CB_STEP_OBJ_PROGRESSION:
    put(b, n, "objectif %s engendré par la progression : %l pas de %s%A = %V", pn, o->steps,
        sign(o->offset), o->offset, o->value);
    break;
  case CB_STEP_OBJ_PREV_MISSING:
    put(b, n, "objectif %s = résultat de %s + écart, mais %s n'a pas de mesure", pn,
        s->prev->name, s->prev->name);
    break;
  case CB_STEP_OBJ_PREV:
    put(b, n, "objectif %s : résultat %s %V %s %A = %V", pn, s->prev->name, s->q[0], sign(s->q[1]),
        s->q[1], s->q[2]);
    break;
  case CB_STEP_MISSING: {
    const char *what = s->flags & CB_STEP_F_ND ? "mesure non disponible (nd)" : "mesure manquante";
    put(b, n,
        s->n == CB_MISSING_ERREUR ? "%s en %s : pas de chiffre (règle mesure_manquante erreur)"
        : s->n == CB_MISSING_EXCLURE
            ? "%s en %s : exclu, son poids est redistribué (règle mesure_manquante exclure)"
            : "%s en %s : atteinte comptée 0 %% (règle mesure_manquante zero)",
        what, pn);
    break;
  }
  default:
    return false;
  }
  return true;
}

/* The ratio, whether the objective is met, the attainment by the method. */
static bool ratio_text(struct cb_buf *b, const struct cb_step *s) {
  const struct cb_node *n = s->node;
  mpq_srcptr const *q = s->q;
  bool dec = s->flags & CB_STEP_F_DEC;
  switch (s->kind) {
  case CB_STEP_RATIO_NEG_INC:
    put(b, n,
        "ratio = 1 + (mesure - objectif) / |objectif| (objectif négatif, sens croissant) "
        "= 1 + (%V - (%V)) / %A = %P (exactement %X)",
        q[0], q[1], q[1], q[2], q[2]);
    break;
  case CB_STEP_RATIO_NEG_DEC:
    put(b, n,
        "ratio = mesure / objectif (objectif négatif, sens décroissant) = %V / %V = %P "
        "(exactement %X)",
        q[0], q[1], q[2], q[2]);
    break;
  case CB_STEP_RATIO_UNBOUNDED:
    put(b, n, "ratio objectif / mesure non défini : mesure négative, meilleure que toute mesure "
              "positive (sens décroissant)");
    break;
  case CB_STEP_RATIO_ZERO_OBJ:
    put(b, n, "ratio objectif / mesure non défini : objectif nul, mesure négative (sens "
              "décroissant)");
    break;
  case CB_STEP_RATIO_DIV_ZERO:
    put(b, n, "ratio %s non défini : division par zéro",
        dec ? "objectif / mesure" : "mesure / objectif");
    break;
  case CB_STEP_RATIO:
    put(b, n, "ratio = %s = %V / %V = %P (exactement %X)",
        dec ? "objectif / mesure (sens décroissant)" : "mesure / objectif", q[0], q[1], q[2],
        q[2]);
    break;
  case CB_STEP_MET:
    put(b, n, "objectif %s : %V %s %V", met_text(s), q[0],
        s->flags & CB_STEP_F_MET ? cb_cmp_text((enum cb_cmp)s->n) : cmp_failed((enum cb_cmp)s->n),
        q[1]);
    break;
  default:
    return false;
  }
  return true;
}

static bool attainment_text(struct cb_buf *b, const struct cb_step *s) {
  const struct cb_node *n = s->node;
  mpq_srcptr const *q = s->q;
  switch (s->kind) {
  case CB_STEP_ATT_PROP:
    put(b, n, "atteinte proportionnelle = ratio = %P", q[0]);
    break;
  case CB_STEP_ATT_PROP_UNBOUNDED:
    put(b, n, "atteinte proportionnelle sans borne : une mesure positive proche de 0 aurait un "
              "ratio aussi grand que l'on veut, et l'indicateur est sans plafond");
    break;
  case CB_STEP_ATT_PROP_PLAFOND:
    put(b, n,
        "atteinte proportionnelle : ratio non défini, la mesure %V vaut mieux que toute "
        "mesure positive : atteinte au plafond, %P",
        q[0], q[1]);
    break;
  case CB_STEP_ATT_PROP_MET:
    put(b, n, "atteinte proportionnelle : ratio non défini, l'objectif %s donne %P", met_text(s),
        q[0]);
    break;
  case CB_STEP_ATT_LIN_UNDEF:
    put(b, n, "atteinte linéaire non définie (socle %s objectif) : l'objectif %s donne %P",
        s->n ? "égal à l'" : "absent,", met_text(s), q[0]);
    break;
  case CB_STEP_ATT_LIN_SIDE:
    put(b, n,
        "atteinte linéaire non définie : le socle %V est %s de l'objectif %V en sens %s, "
        "l'atteinte baisserait quand la mesure s'améliore",
        q[0], mpq_cmp(q[0], q[1]) > 0 ? "au-dessus" : "au-dessous", q[1],
        s->flags & CB_STEP_F_DEC ? "décroissant" : "croissant");
    break;
  case CB_STEP_ATT_LIN:
    put(b, n,
        "atteinte linéaire = (mesure - socle) / (objectif - socle) = (%V - %V) / (%V - %V) = %P",
        q[0], q[1], q[2], q[1], q[3]);
    break;
  case CB_STEP_ATT_ALL_OR_NOTHING:
    put(b, n, "atteinte tout ou rien : objectif %s, %P", met_text(s), q[0]);
    break;
  case CB_STEP_ATT_MEASURED:
    put(b, n, "atteinte mesurée : la mesure est l'atteinte, %P", q[0]);
    break;
  case CB_STEP_ATT_YESNO:
    put(b, n, "atteinte oui/non : %P", q[0]);
    break;
  case CB_STEP_ATT_ETAPE:
    put(b, n, "étape « %s » franchie : %P", s->etape->label, q[0]);
    break;
  case CB_STEP_ATT_NO_ETAPE:
    put(b, n, "aucune étape franchie : 0 %%");
    break;
  case CB_STEP_PLAFOND:
    put(b, n, "plafond %P : atteinte retenue %P", q[0], q[1]);
    break;
  case CB_STEP_PLANCHER:
    put(b, n, "plancher %P : atteinte retenue %P", q[0], q[1]);
    break;
  default:
    return false;
  }
  return true;
}

/* Barèmes, payment by unit, pay lines written as formulas, the period's amount. */
static bool bareme_text(struct cb_buf *b, const struct cb_step *s) {
  const struct cb_node *n = s->node;
  mpq_srcptr const *q = s->q;
  const struct cb_points *pl = s->line;
  switch (s->kind) {
  case CB_STEP_BAREME_OUTSIDE: {
    bool sv = s->bareme->sur_valeur;
    put(b, n, sv ? "barème « %s » : %s %V hors de toutes les tranches"
                 : "barème « %s » : %s %P hors de toutes les tranches",
        bareme_name(s->bareme), sv ? "la mesure" : "l'atteinte", q[0]);
    break;
  }
  case CB_STEP_BAREME_TRANCHE: {
    const struct cb_mtranche *t = s->tranche;
    const struct cb_bareme *br = n->bareme;
    bool sv = br->sur_valeur;
    put(b, n, sv ? "barème « %s » : %s %V est dans la tranche %s, qui verse %s"
                 : "barème « %s » : %s %P est dans la tranche %s, qui verse %s",
        bareme_name(br), sv ? "la mesure" : "l'atteinte", q[0], t->text,
        t->pay == CB_PAY_LINEAR ? "linéairement " : "");
    put(b, n, t->pays_amount ? "%E" : "%P", q[1]);
    break;
  }
  case CB_STEP_STEPPED_AMOUNT:
    put(b, n,
        "atteinte = versé par le barème / montant = %E / %E = %P ; %s (la tranche la plus "
        "haute verse %E)",
        q[0], q[1], q[2], met_text(s), q[3]);
    break;
  case CB_STEP_STEPPED_RATE:
    put(b, n,
        "atteinte = taux versé par le barème = %P ; %s (la tranche la plus haute verse %P)",
        q[0], met_text(s), q[1]);
    break;
  case CB_STEP_PER_UNIT:
    put(b, n, "payé par unité : %V retenus (", q[0]);
    put(b, n, s->n == 0 ? "%V au plus" : s->n == 1 ? "mesure %V négative comptée 0"
                                                   : "mesure %V, %V au plus",
        s->n == 0 ? pl->cap : q[2], pl->cap);
    if (pl->euros) {
      mpq_t t;
      mpq_init(t);
      mpq_mul(t, pl->q, q[0]);
      put(b, n, ") = %P du montant possible, soit %V × %E = %E", q[1], q[0], pl->q, t);
      mpq_clear(t);
    } else {
      put(b, n, ") = %P des points possibles", q[1]);
    }
    break;
  case CB_STEP_LINE_NONE:
    put(b, n, "%s non calculable%s : %s", s->label, s->flags & CB_STEP_F_PLURAL ? "s" : "",
        s->str);
    break;
  case CB_STEP_FORMULA:
    put(b, n, pl->euros ? "%s : la formule donne %E (exactement %X)"
                        : "%s : la formule donne %N (exactement %X)",
        s->label, q[0], q[0]);
    break;
  case CB_STEP_FORMULA_CAP:
    put(b, n, pl->euros ? "%s : %E au plus, %E retenus" : "%s : %N au plus, %N retenus",
        s->label, pl->cap, q[0]);
    break;
  case CB_STEP_AMOUNT_PAR:
    put(b, n, "montant de la période : %E × %N « %s »", pl->q, q[1], pl->par->id);
    if (q[1] != q[0])
      put(b, n, " (%N, %N au plus)", q[0], pl->cap);
    put(b, n, " = %E", q[2]);
    break;
  case CB_STEP_AMOUNT_SCALE:
    put(b, n,
        "taux versé = %P × montant de la période %E / montant maximal %E = %P (exactement %X)",
        q[0], q[1], n->weight, q[2], q[2]);
    break;
  default:
    return false;
  }
  return true;
}

/* Groups: neutralisation rules, aggregation. */
static bool group_text(struct cb_buf *b, const struct cb_step *s) {
  const struct cb_node *n = s->node;
  switch (s->kind) {
  case CB_STEP_ACQUIS:
    if (s->q[0])
      put(b, n,
          "règle de neutralisation « acquis » : compté atteint à 100 %% du montant de la "
          "période, soit un taux versé de %P",
          s->q[0]);
    else
      put(b, n, "règle de neutralisation « acquis » : compté atteint à 100 %%");
    break;
  case CB_STEP_EXCLU:
    put(b, n, "règle de neutralisation « exclu » : sa part n'est pas versée");
    break;
  case CB_STEP_REDISTRIBUTED:
    put(b, n, "son poids est redistribué sur les autres éléments de « %s »", s->other->id);
    break;
  case CB_STEP_BLOCKED:
    put(b, n, "pas de chiffre : « %s » n'en a pas (%s)", s->other->id, s->str);
    break;
  case CB_STEP_GROUP_NO_OBJECTIVE:
    put(b, n, "aucun de ses éléments n'a d'objectif pour %s : non évalué", s->period->name);
    break;
  case CB_STEP_ALL_NEUTRALISED:
    put(b, n, "tous ses éléments sont neutralisés ou exclus");
    break;
  case CB_STEP_TOUTES:
    put(b, n, "agrégation « toutes » : %s",
        s->n == 0   ? "chaque élément atteint son objectif, 100 %"
        : s->n == 1 ? "un élément n'a pas d'objectif, 0 %"
                    : "un élément au moins n'atteint pas son objectif, 0 %");
    break;
  case CB_STEP_MEAN:
    put(b, n, "%s des %d élément(s) évalué(s)",
        s->flags & CB_STEP_F_SUM ? "somme pondérée" : "moyenne pondérée", s->n);
    if (s->n2)
      put(b, n, ", dont %d sans objectif comptés 0 %%", s->n2);
    put(b, n, " = %P (exactement %X)", s->q[0], s->q[0]);
    break;
  default:
    return false;
  }
  return true;
}

/* ACI points: what an indicator's points can earn, what is paid. */
static bool points_text(struct cb_buf *b, const struct cb_step *s) {
  const struct cb_node *n = s->node;
  mpq_srcptr const *q = s->q;
  const struct cb_points *pl = s->line;
  switch (s->kind) {
  case CB_STEP_PTS_FORMULA:
    put(b, n, "%s par la formule : %T × %E = %E", s->label, q[0], q[1], q[2]);
    break;
  case CB_STEP_PTS_PER_UNIT:
    put(b, n, "%s : %N par unité, %N au plus = %T possibles × %E = %E", s->label, pl->q, pl->cap,
        q[0], q[1], q[2]);
    break;
  case CB_STEP_PTS_FIXED:
    put(b, n, "points fixes : %N × %E = %E", pl->q, q[0], q[1]);
    break;
  case CB_STEP_PTS_PAR:
    put(b, n, "%s : %N × %E × %N « %s »", s->label, pl->q, q[0],
        pl->cap && mpq_cmp(q[1], pl->cap) > 0 ? pl->cap : q[1], pl->par->id);
    if (pl->cap && mpq_cmp(q[1], pl->cap) > 0)
      put(b, n, " (%N, %N au plus)", q[1], pl->cap);
    put(b, n, " = %E", q[2]);
    break;
  case CB_STEP_PTS_PATIENTELE:
    put(b, n, "points variables : %N × %E × patientèle %N / %N = %E (exactement %X)", pl->q,
        q[2], q[0], q[3], q[1], q[1]);
    break;
  case CB_STEP_PTS_POSSIBLE:
    put(b, n, "points possibles : %T, soit %E", q[0], q[1]);
    break;
  case CB_STEP_PTS_UNDETERMINED:
    put(b, n, "rémunération possible de %E : montant non déterminé", q[0]);
    break;
  case CB_STEP_PTS_PAID:
    put(b, n, "versé = %T × %P = %T × %E = %E", q[0], q[1], q[2], s->contract->valeur_point, q[3]);
    break;
  case CB_STEP_PTS_NOT_PAID:
    put(b, n, "rémunération possible de %E non versée (%s)", q[0], s->str);
    break;
  case CB_STEP_PTS_AT_LEAST:
    put(b, n, "points possibles : au moins %T, soit au moins %E (%s)", q[0], q[1], s->str);
    break;
  case CB_STEP_PTS_SUM:
    put(b, n, "versé = somme de ses éléments = %E sur %E possibles (%T sur %T)", q[0], q[1], q[2],
        q[3]);
    break;
  default:
    return false;
  }
  return true;
}

static void take_total(struct cb_buf *b, const struct cb_step *s) {
  put(b, s->node, "les montants arrondis (%E) dépassent l'enveloppe de %E : %E repris sur %s",
      s->q[0], s->q[1], s->q[2], s->n > 1 ? "chacun de " : "");
  for (int i = 0; i < s->n; i++)
    put(b, s->node, "%s« %s »", i ? ", " : "", s->nodes[i]->id);
  put(b, s->node, " (les plus relevés par l'arrondi) ; versé %E", s->q[3]);
}

static bool whole_cents(mpq_srcptr q) {
  mpq_t cents;
  mpq_init(cents);
  mpq_set_ui(cents, 100, 1);
  mpq_mul(cents, cents, q);
  bool whole = mpz_cmp_ui(mpq_denref(cents), 1) == 0;
  mpq_clear(cents);
  return whole;
}

/* Money: envelopes, shares, what is paid, rounding, prérequis. */
static bool money_text(struct cb_buf *b, const struct cb_step *s) {
  const struct cb_node *n = s->node;
  mpq_srcptr const *q = s->q;
  int pts = (s->flags & CB_STEP_F_POINTS) != 0;
  switch (s->kind) {
  case CB_STEP_ROUNDING: {
    const struct cb_contract *c = s->contract;
    put(b, n, "arrondi %s %s (%s) : %E (exactement %X)",
        c->rounding == CB_ROUNDING_CENTIME ? "au centime" : "à l'euro",
        cb_round_stage_text(c->round_stage), cb_round_mode_text(c->round_mode), q[0], q[1]);
    break;
  }
  case CB_STEP_GATE_ZERO:
    put(b, n, "versé 0 : %s", s->str);
    break;
  case CB_STEP_GATE_UNKNOWN:
    put(b, n, "versé à déterminer : %s", s->str);
    break;
  case CB_STEP_PREREQ_MISSED:
    put(b, n, "%s n'est due", s->str);
    break;
  case CB_STEP_PREREQ_UNKNOWN:
    put(b, n, "pas de total : %s", s->str);
    break;
  case CB_STEP_RESUM:
    put(b, n, "après la reprise d'arrondi dans l'enveloppe : %E", q[0]);
    break;
  case CB_STEP_TAKE_UNIT:
    put(b, n,
        "reprise d'arrondi : les montants arrondis dépassent l'enveloppe de « %s » ; "
        "%E ramené à %E (exactement %X)",
        s->other->id, q[0], q[1], q[2]);
    break;
  case CB_STEP_TAKE_TOTAL:
    take_total(b, s);
    break;
  case CB_STEP_AMOUNT_CAP:
    put(b, n, "plafond de montant : %E ramené à %E", q[0], q[1]);
    if (!whole_cents(q[1]))
      put(b, n, " (exactement %X)", q[1]);
    break;
  case CB_STEP_ENVELOPE:
    put(b, n, "enveloppe variable %s : %E", s->period->name, q[0]);
    break;
  case CB_STEP_POINTS_TOTAL:
    put(b, n, "total de %N points à répartir", q[0]);
    break;
  case CB_STEP_SHARE_UNKNOWN:
    put(b, n, "part de %M : montant non déterminé", pts, q[0]);
    break;
  case CB_STEP_SHARE_NOT_PAID:
    put(b, n, "part de %M non versée (%s)", pts, q[0], s->str);
    break;
  case CB_STEP_PAID_TRANCHE:
    put(b, n, "versé : montant de la tranche, %E", q[0]);
    break;
  case CB_STEP_PAID:
    if (q[1])
      put(b, n, "versé = %M × %P = %M", pts, q[0], q[1], pts, q[2]);
    else
      put(b, n, "versé = %M × 0 %% = %M", pts, q[0], pts, q[2]);
    break;
  case CB_STEP_PART:
    put(b, n, "part = %M × poids effectif %P = %M", pts, q[0], q[1], pts, q[2]);
    break;
  case CB_STEP_PAID_SUM:
    put(b, n, "versé = somme des parts de ses éléments = %M", pts, q[0]);
    break;
  default:
    return false;
  }
  return true;
}

void cb_step_text(struct cb_buf *out, const struct cb_step *s) {
  if (!input_text(out, s) && !objective_text(out, s) && !ratio_text(out, s) &&
      !attainment_text(out, s) && !bareme_text(out, s) && !group_text(out, s) &&
      !points_text(out, s))
    money_text(out, s);
}
