echeancier --format json tests/golden/i10_ech_centimes.cible
