eval tests/golden/i11_plafond_montant.cible --explain acces
