eval tests/golden/arrondi_groupe.cible --explain m
