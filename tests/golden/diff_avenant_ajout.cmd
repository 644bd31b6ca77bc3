diff tests/golden/diff_base.cible tests/golden/avenant_ajout.cible --mesures tests/golden/diff_vide.csv
