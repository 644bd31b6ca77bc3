eval examples/cpg_2020.cible --format html
