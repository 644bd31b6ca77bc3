eval tests/errors/arith_tout_redistribue.cible
