eval tests/golden/arrondi_total.cible --explain m
