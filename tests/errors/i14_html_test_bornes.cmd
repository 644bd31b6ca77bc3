test --bornes examples/cafe_cpts.cible --format html
