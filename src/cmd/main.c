/*
 * main.c: the `cible` command, a thin client of libcible.
 *
 * Holds the help text and the table of commands: each is a cmd_<name>.c
 * (cli.h) given the parsed options and, for those that read contracts, a
 * checked session. Diagnostics go to stderr, reports to stdout. Exit
 * status: 0 success, 1 the inputs have errors, 2 usage or I/O error.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "session.h"

static const char usage_text[] =
    "Usage : cible COMMANDE [OPTIONS] FICHIER…\n"
    "\n"
    "Vérifie et évalue des contrats de performance de l'Assurance maladie.\n"
    "\n"
    "Commandes :\n"
    "  check FICHIER… [--mesures FICHIER.csv]… [--signature] [--encodage latin1]\n"
    "                            vérifie les contrats et les mesures (diagnostics sur la\n"
    "                            sortie d'erreur)\n"
    "  eval FICHIER… [OPTIONS]   évalue les contrats sur les mesures\n"
    "  test FICHIER… [--bornes] [--format html]\n"
    "                            vérifie les chiffres attendus des blocs exemple ; avec\n"
    "                            --bornes, ce qui est versé à chaque borne d'objectif\n"
    "                            et de tranche, et un pas de part et d'autre\n"
    "  diff A.cible B.cible, diff A.cible… -- B.cible… [--mesures CSV]\n"
    "       [--format json|csv|html]\n"
    "                            les différences de termes entre deux versions (B : une\n"
    "                            autre version, ou le contrat suivi de ses avenants) ;\n"
    "                            avec des mesures, l'incidence sur les montants versés\n"
    "  consolide CONTRAT AVENANT…\n"
    "                            le contrat consolidé avec ses avenants, chaque ligne\n"
    "                            changée suivie du numéro de l'avenant\n"
    "  fmt [-w | --check] FICHIER… [--encodage latin1]\n"
    "                            la mise en page canonique (sur la sortie ; -w réécrit\n"
    "                            les fichiers, --check liste ceux qui ne le sont pas)\n"
    "  echeancier FICHIER… [OPTIONS]\n"
    "                            l'échéancier daté des versements (avances, soldes,\n"
    "                            parts variables, reprises) et leur cumul\n"
    "  mesures --modele FICHIER… [--periode P] [--csv-excel] [--format csv|xlsx]\n"
    "                            le modèle de mesures à remplir (CSV relu par\n"
    "                            --mesures) : chaque indicateur et donnée à mesurer\n"
    "                            par période, avec son libellé et son unité ; xlsx :\n"
    "                            un classeur dont seule la colonne valeur se remplit\n"
    "  verifie RELEVE            vérifie qu'un relevé archivé (texte, JSON, CSV, HTML, xlsx)\n"
    "                            correspond encore à ses fichiers : leurs SHA-256, puis\n"
    "                            la commande relancée à la même date, comparée octet\n"
    "                            pour octet\n"
    "  lsp [--stdlib DOSSIER]    le serveur de langage des éditeurs (protocole LSP sur\n"
    "                            l'entrée et la sortie standard : diagnostics, survol,\n"
    "                            définitions, complétion, mise en page ; docs/editeurs.md)\n"
    "  Les FICHIERs sont des contrats, des avenants (appliqués dans l'ordre de leur\n"
    "  numéro) et des blocs de mesures.\n"
    "\n"
    "Options :\n"
    "  --signature               (check) profil strict d'un contrat à signer : chaque\n"
    "                            objectif fixé, source et sens de chaque indicateur,\n"
    "                            barèmes complets, objectifs dans le sens de l'indicateur,\n"
    "                            dates dans le contrat\n"
    "  --mesures FICHIER.csv     lit des mesures (contrat;indicateur;periode;valeur) ;\n"
    "                            peut être répétée (check et eval) ; ou FICHIER.xlsx :\n"
    "                            la feuille « Mesures » (ou la première) d'un classeur\n"
    "  --liste FICHIER           (check, eval, echeancier) les contrats nommés par FICHIER,\n"
    "                            un chemin par ligne, relatif à son dossier (# : commentaire) ;\n"
    "                            un DOSSIER donné comme fichier vaut ses fichiers *.cible\n"
    "  --decimale virgule|point  la marque décimale des fichiers de mesures (« 1.000 »\n"
    "                            ou « 1,000 » sans elle : erreur E0311)\n"
    "  --pourcentages fraction|pourcent\n"
    "                            un nombre sans % pour un indicateur en % : une fraction\n"
    "                            (0,2 vaut 20 %) ou déjà des % (0,2 vaut 0,2 %) ; sans\n"
    "                            elle, 0 < |x| <= 1 est une erreur (E0312)\n"
    "Options de eval :\n"
    "  --periode P               évalue la seule période P (« an 2 », « 2020 »), ou\n"
    "                            les périodes qui se suivent de P1 à P2 (« an 1 a an 3 ») ;\n"
    "                            par défaut, toutes les périodes qui ont un objectif\n"
    "                            ou une mesure\n"
    "  --format texte|json|csv|html|pdf|xlsx\n"
    "                            format du rapport (texte par défaut) ; csv : une ligne\n"
    "                            par élément et période, avec les chiffres du tableau ;\n"
    "                            html : le relevé à lire et imprimer, barèmes dessinés,\n"
    "                            chaque calcul relié aux lignes du contrat ; pdf : ce\n"
    "                            relevé imprimé par Chromium (-o ou une redirection) ;\n"
    "                            xlsx : un classeur, une feuille par période, chiffres\n"
    "                            en nombres (-o ou une redirection)\n"
    "  --scenario FICHIER.csv    évalue aussi sur ce jeu de mesures, CSV ou xlsx\n"
    "                            (répétable : un rapport par scénario, nommé comme son\n"
    "                            fichier)\n"
    "  --explain ID              détaille le calcul de l'indicateur ou du groupe ID,\n"
    "                            étape par étape, avec les lignes du contrat et des mesures ;\n"
    "                            pour une donnée : sa valeur, sa source et ses étapes\n"
    "Options de echeancier :\n"
    "  --au AAAA-MM-JJ           les seuls versements dus à cette date (incluse)\n"
    "  --periode P               les seuls versements de l'année P (ou des années\n"
    "                            « an 1 a an 3 »)\n"
    "  --format texte|json|csv|html|pdf|xlsx\n"
    "                            format de l'échéancier (texte par défaut) ; html : avec\n"
    "                            le calendrier dessiné ; pdf : imprimé par Chromium ;\n"
    "                            xlsx : un classeur, versements datés en dates Excel\n"
    "Options des rapports (eval, echeancier, test, diff, consolide) :\n"
    "  -o FICHIER, --sortie FICHIER\n"
    "                            écrit le rapport dans FICHIER, en entier ou pas du\n"
    "                            tout (fichier temporaire renommé à la fin)\n"
    "  --csv-excel               (eval, echeancier, diff au format csv) le CSV d'un\n"
    "                            Excel français : virgule décimale, fins de ligne CRLF,\n"
    "                            BOM UTF-8 ; sans elle, point décimal\n"
    "Options de toutes les commandes :\n"
    "  --diagnostics texte|json|sarif\n"
    "                            la forme des diagnostics sur la sortie d'erreur :\n"
    "                            texte (défaut), un document JSON ou SARIF 2.1.0 écrit\n"
    "                            en fin d'exécution (docs/diagnostics-json.md)\n"
    "  --encodage utf8|latin1    encodage des contrats et des mesures qui ne sont pas\n"
    "                            en UTF-8 : utf8 (défaut, ils sont refusés) ou latin1\n"
    "                            (Windows-1252, aussi nommé cp1252 ou windows-1252),\n"
    "                            converti en UTF-8 à la lecture ; un fichier valide en\n"
    "                            UTF-8 est toujours lu en UTF-8\n"
    "  --stdlib DOSSIER          la bibliothèque standard (importe \"aci/cpts\") ; par\n"
    "                            défaut $CIBLE_STDLIB, sinon le dossier stdlib/ installé\n"
    "                            avec cible\n"
    "  Une option à valeur ne se donne qu'une fois (deux fois : statut 2), sauf --mesures.\n"
    "\n"
    "Autres :\n"
    "  --help, -h                cette aide\n"
    "  --version                 la version\n"
    "\n"
    "Statut de sortie : 0 réussite, 1 erreurs dans les fichiers, 2 usage, lecture ou écriture\n"
    "impossible.\n"
    "Documentation : docs/langage.md, docs/diagnostics.md, docs/json.md.\n";

/* The commands: run on a checked session of the files, on the options
   alone (diff opens two sessions), or on argv (fmt reads files one by
   one). */
struct command {
  const char *name;
  int (*on_session)(struct cli_options *o, struct cb_session *s);
  int (*on_options)(struct cli_options *o);
  int (*on_argv)(int argc, char **argv);
};

static const struct command commands[] = {
    {"check", cmd_check, NULL, NULL},
    {"eval", cmd_eval, NULL, NULL},
    {"echeancier", cmd_echeancier, NULL, NULL},
    {"test", cmd_test, NULL, NULL},
    {"diff", NULL, cmd_diff, NULL},
    {"consolide", cmd_consolide, NULL, NULL},
    {"verifie", NULL, cmd_verifie, NULL},
    {"mesures", cmd_mesures, NULL, NULL},
    {"fmt", NULL, NULL, cmd_fmt},
    {"lsp", NULL, NULL, cmd_lsp},
};

static int run(const struct command *cmd, struct cli_options *o) {
  if (cmd->on_options)
    return cmd->on_options(o);
  int status;
  struct cb_session *s = cli_open_session(o, o->files, o->nfiles, &status);
  if (!s)
    return status;
  int st = cmd->on_session(o, s);
  cb_session_free(s);
  return st;
}

static int run_command(int argc, char **argv) {
  if (argc < 2)
    return cli_usage_error("%s", "une commande est attendue (check, eval, echeancier, test, diff, consolide, fmt, verifie, mesures ou lsp)");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    cli_puts_out(usage_text);
    return EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    cli_puts_out("cible " CIBLE_VERSION "\n");
    return EXIT_OK;
  }
  const struct command *cmd = NULL;
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(argv[1], commands[i].name) == 0)
      cmd = &commands[i];
  if (!cmd)
    return cli_usage_error("commande inconnue : %s (check, eval, echeancier, test, diff, consolide, fmt, verifie, mesures ou lsp)", argv[1]);
  if (cmd->on_argv)
    return cmd->on_argv(argc, argv);
  struct cli_options o;
  int st = cli_parse_args(argc, argv, &o);
  if (st == EXIT_OK)
    st = run(cmd, &o);
  cli_options_free(&o);
  return st;
}

int main(int argc, char **argv) {
  cli_set_argv(argc, argv);
  int st = run_command(argc, argv);
  /* the last flush and the close of stdout (or -o's file) are checked as
     every write */
  return cli_finish(st);
}
