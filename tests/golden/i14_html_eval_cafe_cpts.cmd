eval examples/cafe_cpts.cible --format html
