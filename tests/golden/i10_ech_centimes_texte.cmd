echeancier --format texte tests/golden/i10_ech_centimes.cible
