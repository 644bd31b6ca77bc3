echeancier examples/cpts_echeancier.cible --periode "an 2"
