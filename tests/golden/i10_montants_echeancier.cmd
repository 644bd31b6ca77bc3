echeancier tests/golden/i10_montants.cible
