eval examples/msp_exemple.cible --format csv
