eval tests/golden/i10_points_unite.cible --format json --periode 2024
