eval tests/golden/i10_paliers.cible --explain vac
