echeancier --format csv tests/golden/i10_ech_centimes.cible
