eval examples/cafe_cpts.cible --periode "an 1 a 2024"
