eval tests/golden/arrondi_modes.cible
