check tests/errors/absent.cible
