eval tests/golden/i10_montants.cible --explain protocoles --periode 2025
