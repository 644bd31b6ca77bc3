eval tests/errors/ok_fichier_vide.cible
