eval tests/errors/arith_objectif_zero.cible
