eval examples/msp_exemple.cible examples/interessement_2017.cible examples/cpg_2020.cible --mesures examples/cpg_2020_mesures.csv --format csv
