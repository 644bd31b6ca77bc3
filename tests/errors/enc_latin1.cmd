eval tests/errors/enc_latin1.cible --mesures tests/errors/enc_latin1.csv --encodage latin1
