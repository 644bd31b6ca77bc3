eval tests/golden/i10_point_decimal.cible
