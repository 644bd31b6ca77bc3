check --encodage latin1 tests/errors/e0001_melange.cible
