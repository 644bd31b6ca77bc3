check tests/errors/e0220_i10_module_nom_trop_long.cible --stdlib tests/errors/stdlib_vide
