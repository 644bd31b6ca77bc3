eval examples/cpts_echeancier.cible --format html
