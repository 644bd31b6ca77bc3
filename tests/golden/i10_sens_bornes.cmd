test --bornes tests/golden/i10_sens_bornes.cible
