eval tests/golden/i10_montants.cible --format json --periode 2026
