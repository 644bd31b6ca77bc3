eval tests/golden/arrondi_inferieur.cible
