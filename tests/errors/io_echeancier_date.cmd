echeancier examples/cpts_echeancier.cible --au 2024-13-01
