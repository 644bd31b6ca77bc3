test --bornes tests/golden/i10_sondes.cible
