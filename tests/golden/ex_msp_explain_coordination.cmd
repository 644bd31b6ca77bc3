eval examples/msp_exemple.cible --explain coordination --periode 2024
