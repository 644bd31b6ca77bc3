eval tests/golden/arrondi_reprise.cible --explain i1 --format json
