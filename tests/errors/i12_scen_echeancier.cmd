echeancier tests/fixtures/i12_scen/contrat.cible --scenario tests/fixtures/i12_scen/haut.csv
