fmt --encodage latin1 --stdlib stdlib tests/errors/enc_latin1.cible
