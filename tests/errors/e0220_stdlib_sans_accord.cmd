check tests/errors/e0220_module_absent.cible --stdlib tests/errors/stdlib_vide
