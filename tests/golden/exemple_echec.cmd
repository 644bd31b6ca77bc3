test tests/golden/exemple_echec.cible
