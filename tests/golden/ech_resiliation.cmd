echeancier tests/golden/ech_resiliation.cible
