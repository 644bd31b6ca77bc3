echeancier examples/cpts_echeancier.cible --format json --format csv
