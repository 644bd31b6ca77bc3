diff examples/cafe_cpts.cible
