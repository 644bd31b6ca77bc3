eval tests/golden/avenant_ajout.cible
