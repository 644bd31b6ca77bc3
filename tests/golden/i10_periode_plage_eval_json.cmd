eval examples/cafe_cpts.cible --mesures examples/cafe_cpts_mesures_an2.csv --periode "an 1 à an 2" --format json
