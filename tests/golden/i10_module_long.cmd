eval tests/golden/i10_module_long.cible --stdlib tests/golden/i10_module_long_stdlib
