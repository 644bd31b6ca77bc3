eval tests/golden/etapes_nombre.cible
