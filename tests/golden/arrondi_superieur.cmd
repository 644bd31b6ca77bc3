eval tests/golden/arrondi_superieur.cible
