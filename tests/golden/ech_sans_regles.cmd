echeancier tests/golden/ech_sans_regles.cible
