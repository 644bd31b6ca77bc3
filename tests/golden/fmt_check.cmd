fmt --check examples/cog_prado.cible tests/golden/fmt_desordre.cible examples/cafe_cpts.cible
