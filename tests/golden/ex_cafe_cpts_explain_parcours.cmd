eval examples/cafe_cpts.cible --explain parcours
