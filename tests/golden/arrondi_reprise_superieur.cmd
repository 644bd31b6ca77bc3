eval tests/golden/arrondi_reprise_superieur.cible --explain m
