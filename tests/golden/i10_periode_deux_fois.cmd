eval examples/cafe_cpts.cible --periode "an 1" --periode "an 2"
