echeancier tests/golden/ech_bissextile.cible
