eval tests/golden/arrondi_reprise_groupe.cible --format json
