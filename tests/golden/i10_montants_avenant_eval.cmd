eval tests/golden/i10_montants.cible tests/golden/i10_montants_avenant.cible --periode "2026 a 2027"
