eval examples/msp_exemple.cible --format html
