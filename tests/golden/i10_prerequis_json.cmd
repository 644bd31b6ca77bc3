eval tests/golden/i10_prerequis.cible --format json --periode 2025
