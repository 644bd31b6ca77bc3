check --encodage ebcdic tests/errors/enc_latin1.cible
