echeancier examples/cpts_echeancier.cible --periode "an 3 a an 2"
