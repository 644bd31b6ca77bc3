eval tests/golden/i10_prerequis.cible
