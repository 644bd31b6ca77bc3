check examples/cafe_cpts.cible
