echeancier examples/msp_exemple.cible --format html --au 2025-06-30
