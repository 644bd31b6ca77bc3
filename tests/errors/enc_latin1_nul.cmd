check --encodage latin1 tests/errors/enc_latin1_nul.cible
