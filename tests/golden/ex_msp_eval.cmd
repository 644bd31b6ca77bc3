eval examples/msp_exemple.cible
