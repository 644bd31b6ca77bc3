test tests/golden/i10_points_attendu.cible
