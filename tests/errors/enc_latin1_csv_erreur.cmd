check tests/errors/enc_latin1.cible --mesures tests/errors/enc_latin1_csv_erreur.csv --encodage cp1252
