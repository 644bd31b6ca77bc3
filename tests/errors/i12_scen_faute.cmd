eval tests/fixtures/i12_scen/contrat.cible --scenario tests/fixtures/i12_scen/faute.csv
