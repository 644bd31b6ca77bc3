eval examples/cafe_cpts_avenant1.cible examples/cafe_cpts.cible --mesures examples/cafe_cpts_mesures_an2.csv --format json --periode 'an 2'
