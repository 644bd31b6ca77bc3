test --bornes tests/golden/i10_bornes.cible
