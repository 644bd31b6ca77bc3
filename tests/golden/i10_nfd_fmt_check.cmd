fmt --check tests/golden/i10_nfd.cible
