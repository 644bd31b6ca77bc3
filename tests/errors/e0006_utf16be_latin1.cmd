check --encodage latin1 tests/errors/e0006_utf16be_latin1.cible
