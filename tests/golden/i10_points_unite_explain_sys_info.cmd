eval tests/golden/i10_points_unite.cible --explain sys_info --periode 2024
