eval examples/msp_exemple.cible --explain msp_exemple --periode 2026
