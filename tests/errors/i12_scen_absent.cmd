eval tests/fixtures/i12_scen/contrat.cible --scenario tests/fixtures/i12_scen/absent.csv
