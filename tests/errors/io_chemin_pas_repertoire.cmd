check tests/errors/ok_fichier_vide.cible/contrat.cible
