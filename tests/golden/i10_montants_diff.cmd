diff tests/golden/i10_montants.cible -- tests/golden/i10_montants.cible tests/golden/i10_montants_avenant.cible
