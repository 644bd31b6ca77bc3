eval tests/golden/arrondi_reprise.cible --explain m
