check --encodage UTF-8 tests/errors/enc_latin1.cible
