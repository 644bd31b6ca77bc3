diff tests/golden/i11_plafond_montant.cible tests/golden/i11_plafond_montant_b.cible
