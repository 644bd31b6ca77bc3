echeancier tests/golden/ech_prorata_mois.cible
