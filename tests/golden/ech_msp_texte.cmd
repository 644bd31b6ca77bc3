echeancier examples/msp_exemple.cible
