mesures --modele examples/msp_exemple.cible --periode 2024
