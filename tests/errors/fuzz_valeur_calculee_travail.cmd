eval tests/errors/fuzz_valeur_calculee.cible --explain ib
