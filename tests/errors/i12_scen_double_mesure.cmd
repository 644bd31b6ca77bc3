eval tests/fixtures/i12_scen/contrat.cible --mesures tests/fixtures/i12_scen/bas.csv --scenario tests/fixtures/i12_scen/haut.csv
