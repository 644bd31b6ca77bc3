eval tests/golden/arrondi_indicateur.cible --explain m
