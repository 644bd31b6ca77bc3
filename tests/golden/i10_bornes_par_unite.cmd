test --bornes tests/golden/i10_montants.cible
