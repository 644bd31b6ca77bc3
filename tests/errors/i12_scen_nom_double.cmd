eval tests/fixtures/i12_scen/contrat.cible --scenario tests/fixtures/i12_scen/bas.csv --scenario tests/fixtures/i12_scen/autre/bas.csv
