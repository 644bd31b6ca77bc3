consolide tests/golden/avenant_ajout.cible
