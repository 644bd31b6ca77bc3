eval examples/cafe_cpts.cible --periode "an 4 a an 9"
