eval tests/golden/i10_cr_fins_de_ligne.cible
