test --bornes tests/golden/i10_points_unite.cible
