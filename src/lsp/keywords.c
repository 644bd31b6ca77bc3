/*
 * keywords.c: the one-line French definition of each reserved word of the
 * language and of the words statements take (methods of `atteinte`,
 * `sens`, `neutralisation`...), as docs/langage.md defines them: the one
 * table hover and completion read. Keys are folded spellings (no accents,
 * lower case), as the scanner compares them.
 */
#include "lsp_internal.h"

#include <string.h>

struct kwdoc {
  const char *word, *doc;
};

static const struct kwdoc table[] = {
    /* declarations */
    {"contrat", "Déclare un contrat : `contrat ID \"libellé\" { … }`."},
    {"avenant", "Modifie un contrat à partir d'une date : `avenant N au contrat ID { … }`."},
    {"accord", "Accord conventionnel du contrat (`accord aci_cpts`), ou bloc d'accord de la bibliothèque standard."},
    {"importe", "Importe les règles d'un module de la bibliothèque standard : `importe \"aci/cpts\"`."},
    {"mesures", "Bloc des mesures d'une période : `mesures ID_CONTRAT an 1 { indicateur : valeur }`."},
    {"mission", "Groupe d'indicateurs (mission), avec son poids et ses enveloppes."},
    {"axe", "Groupe d'indicateurs (axe), avec son poids et ses enveloppes."},
    {"volet", "Groupe d'indicateurs (volet), avec son poids et ses enveloppes."},
    {"part", "Groupe d'indicateurs (part), avec son poids et ses enveloppes."},
    {"fiche", "Groupe d'indicateurs (fiche), avec son poids et ses enveloppes."},
    {"indicateur", "Déclare un indicateur : `indicateur ID \"libellé\" { … }` (sans libellé dans un avenant : le modifie)."},
    {"donnee", "Déclare une donnée mesurée ou calculée (`valeur = …`), sans objectif ni poids."},
    {"constante", "Déclare une constante nommée, utilisable dans les valeurs calculées."},
    {"bareme", "Barème : tranches de la valeur lue et ce que chacune verse ; `bareme ID` applique un barème nommé."},
    {"exemple", "Exemple reproduit par `cible test` : des mesures et les montants attendus."},
    {"attendu", "Dans un exemple : le montant, les points ou le taux attendu d'un indicateur, groupe ou contrat."},
    /* the contract */
    {"parties", "Les parties signataires du contrat, entre guillemets."},
    {"signature", "Date de signature : les années `an N` sont datées à partir d'elle."},
    {"duree", "Durée du contrat en années : `duree 5 ans` donne les périodes `an 1` à `an 5`."},
    {"periode", "Années civiles du contrat : `periode 2014 a 2017`."},
    {"resiliation", "Date de résiliation : le contrat s'arrête avant son terme."},
    {"arrondi", "Arrondi des montants : `arrondi au centime` ou `arrondi a l'euro` [par indicateur|groupe|total]."},
    {"centime", "Arrondi au centime d'euro."},
    {"l'euro", "Arrondi à l'euro."},
    {"fonctionnement", "Enveloppe de fonctionnement de l'accord, éventuellement par période."},
    {"fixe", "Enveloppe fixe d'un groupe (éventuellement par période), ou versements de la part fixe."},
    {"variable", "Enveloppe variable d'un groupe (éventuellement par période), ou versements de la part variable."},
    {"versement", "Échéancier d'une enveloppe : avances, solde et prorata (`cible echeancier`)."},
    {"avance", "Avance d'un versement : un taux de l'enveloppe à un événement ou une date."},
    {"solde", "Solde d'un versement : le reste, à l'anniversaire ou à une date."},
    {"prorata", "Prorata d'une période incomplète : `jours`, `mois` ou `aucun`."},
    {"assiette", "Assiette d'une avance : `enveloppe` ou `socle`."},
    {"anniversaire", "Anniversaire de la signature : début de chaque année du contrat."},
    {"l'anniversaire", "Anniversaire de la signature : début de chaque année du contrat."},
    {"chaque", "`a chaque anniversaire` : au début de chaque année du contrat."},
    {"suivant", "L'année suivante (date d'un solde)."},
    {"demarrage", "Démarrage d'une mission (date), ou événement « au démarrage » d'un versement."},
    {"delai_demarrage", "Délai de démarrage d'une mission, en mois (accords ACI)."},
    {"valeur_point", "Valeur du point en euros (ACI MSP)."},
    {"patientele_reference", "Patientèle de référence des points variables (ACI MSP : 4 000)."},
    {"patientele", "La donnée qui tient la patientèle (ACI MSP)."},
    {"points", "Total de points à répartir, ou poids en points."},
    {"points_fixes", "Points fixes d'un indicateur (ACI MSP), éventuellement par unité d'une donnée."},
    {"points_variables", "Points variables (ACI MSP), proportionnels à la patientèle ou à une donnée."},
    {"neutralisation", "Que devient le poids d'un indicateur neutralisé : `redistribuer`, `acquis` ou `exclu`."},
    {"mesure_manquante", "Que faire d'une mesure absente : `erreur`, `zero` ou `exclure`."},
    {"agregation", "Comment un groupe agrège ses éléments : `moyenne`, `toutes` ou `somme`."},
    /* indicators */
    {"type", "Nature de l'indicateur : moyens, suivi, resultat, prerequis, socle, optionnel (informative)."},
    {"unite", "Unité des valeurs de l'indicateur : `%`, `€`, `points` ou un nom (`patients`)."},
    {"sens", "Sens de l'indicateur : `croissant` ou `decroissant` (obligatoire avec des objectifs)."},
    {"source", "Source de la mesure (informative)."},
    {"initial", "Valeur de référence de l'indicateur : `initial 40 % en 2019`."},
    {"objectif", "Objectif d'une période : `objectif an 1 : 15`, `: > 50 %`, `: initial + 700`, `: precedent + 5 points`."},
    {"progression", "Engendre les objectifs : `progression X par an depuis P0 : V0`."},
    {"socle", "Socle de l'atteinte linéaire (la valeur où elle vaut 0 %), par défaut ou par période."},
    {"poids", "Poids dans le parent : en %, en points, ou en euros avec `montant`."},
    {"montant", "Montant en euros de l'indicateur, fixe, par unité (`par`) ou calculé (`= …`)."},
    {"plafond_montant", "Le plus qu'un indicateur verse dans une période, en euros."},
    {"atteinte", "Méthode d'atteinte : proportionnelle, lineaire, tout_ou_rien, mesuree, oui_non ou etapes."},
    {"plafond", "Plafond de l'atteinte (défaut 100 %) ; `sans plafond` l'enlève."},
    {"plancher", "Plancher de l'atteinte (défaut 0 %)."},
    {"sans", "`sans plafond` : l'atteinte n'est pas plafonnée."},
    {"neutralise", "Neutralise l'indicateur pour une période : `neutralise 2020 \"raison\"`."},
    {"obligatoire", "Indicateur obligatoire (accepté, sans effet sur le calcul)."},
    {"valeur", "Valeur calculée : `valeur = expression` ; `sur valeur` : le barème lit la mesure."},
    {"a partir de", "Termes qui changent à partir d'une période : `a partir de 2022 { … }`."},
    {"remplace", "Dans un avenant : remplace la modification d'un avenant précédent."},
    {"retire", "Dans un avenant : retire un indicateur ou un groupe du contrat."},
    {"retroactif", "Dans un avenant : permet de modifier une période déjà close."},
    {"date", "Date d'effet d'un avenant."},
    /* words inside statements */
    {"an", "Période `an N` : la N-ième année depuis la signature."},
    {"a", "Liaison : `periode 2014 a 2017`, `arrondi a l'euro`, `a partir de`."},
    {"au", "Liaison : `arrondi au centime`, `avenant 1 au contrat c`, `8 au plus`."},
    {"de", "Liaison : `lineaire de 50 % a 100 %`, `a partir de`."},
    {"en", "Liaison : `initial 40 % en 2019`."},
    {"la", "Liaison : `a la signature`."},
    {"le", "Liaison : `le 30 avril`."},
    {"par", "Par unité d'une donnée (`montant 50 € par protocoles`), par an (`progression`), ou étape d'arrondi."},
    {"sur", "`bareme sur taux` (lit l'atteinte) ou `bareme sur valeur` (lit la mesure)."},
    {"depuis", "`progression … depuis P0 : V0` : la période de départ."},
    {"precedent", "Objectif chaîné : la mesure de la période précédente plus un écart."},
    {"definir", "`a definir` : objectif pas encore fixé, l'indicateur n'est pas évalué pour la période."},
    {"inf", "Infini : borne ouverte d'une tranche (`+inf`, `-inf`)."},
    {"nd", "Mesure non disponible : traitée comme manquante, et dite comme telle."},
    {"oui", "Mesure oui (atteinte 100 % en `oui_non`)."},
    {"non", "Mesure non (atteinte 0 % en `oui_non`)."},
    {"si", "Valeur conditionnelle : `si condition alors a sinon b`."},
    {"alors", "`si … alors … sinon …` : la valeur quand la condition est vraie."},
    {"sinon", "`si … alors … sinon …` : la valeur quand la condition est fausse."},
    {"et", "Vrai quand les deux conditions le sont."},
    {"ou", "Vrai quand l'une des conditions l'est."},
    /* methods and other enumeration words (identifiers compared without accents) */
    {"proportionnelle", "Atteinte = mesure / objectif (objectif / mesure en sens décroissant), puis plafond et plancher."},
    {"lineaire", "Atteinte = (mesure − socle) / (objectif − socle) : 0 % au socle, 100 % à l'objectif."},
    {"tout_ou_rien", "Atteinte 100 % si l'objectif est atteint, 0 % sinon."},
    {"mesuree", "La mesure est l'atteinte elle-même (indicateur en %)."},
    {"oui_non", "Mesure `oui` → 100 %, `non` → 0 %."},
    {"etapes", "Atteinte = valeur de la dernière étape franchie : `etapes { \"cadrage\" : 30 % … }`."},
    {"croissant", "Plus la mesure est haute, mieux c'est."},
    {"decroissant", "Plus la mesure est basse, mieux c'est."},
    {"redistribuer", "Neutralisation : le poids est réparti sur les autres éléments (défaut)."},
    {"acquis", "Neutralisation : l'indicateur compte comme atteint à 100 %."},
    {"exclu", "Neutralisation : l'indicateur et son poids sont retirés du calcul."},
    {"erreur", "Mesure manquante : pas de chiffre, dit comme tel (défaut)."},
    {"zero", "Mesure manquante : comptée 0."},
    {"exclure", "Mesure manquante : l'indicateur est retiré du calcul."},
    {"moyenne", "Agrégation : moyenne pondérée des atteintes (défaut)."},
    {"toutes", "Agrégation : 100 % si chaque élément atteint son objectif, sinon 0 %."},
    {"somme", "Agrégation : somme pondérée des atteintes."},
    {"taux", "`bareme sur taux` : le barème lit l'atteinte (défaut)."},
};

enum { NTABLE = sizeof table / sizeof table[0] };

const char *lsp_keyword_doc(const char *folded) {
  for (size_t i = 0; i < NTABLE; i++)
    if (strcmp(table[i].word, folded) == 0)
      return table[i].doc;
  return NULL;
}

const char *lsp_keyword_at(size_t i, const char **doc) {
  if (i >= NTABLE)
    return NULL;
  if (doc)
    *doc = table[i].doc;
  return table[i].word;
}
