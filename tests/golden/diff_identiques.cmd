diff examples/cafe_cpts.cible examples/cafe_cpts.cible
