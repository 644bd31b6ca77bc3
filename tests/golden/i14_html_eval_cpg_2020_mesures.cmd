eval examples/cpg_2020.cible --mesures examples/cpg_2020_mesures.csv --format html
