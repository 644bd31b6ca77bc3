eval tests/golden/i10_points_unite.cible --periode 2026 --format json
