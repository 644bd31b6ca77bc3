test tests/golden/exemple_echec.cible --format html
