check --encodage windows-1252 tests/errors/enc_e0005.cible
