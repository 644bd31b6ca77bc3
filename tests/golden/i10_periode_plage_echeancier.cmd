echeancier examples/cpts_echeancier.cible --periode "an 2 a an 3" --format csv
