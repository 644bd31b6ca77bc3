diff examples/cafe_cpts.cible -- examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible --mesures examples/cafe_cpts_mesures_an2.csv --format html
