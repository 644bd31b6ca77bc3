test --bornes tests/golden/i10_paliers.cible
