check tests/golden/i11_kinds_passes.cible
