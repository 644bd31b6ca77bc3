eval examples/cafe_cpts.cible
