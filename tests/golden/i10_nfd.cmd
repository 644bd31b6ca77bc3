eval tests/golden/i10_nfd.cible
