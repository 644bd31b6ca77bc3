eval tests/fixtures/i12_scen/contrat.cible --periode "an 1" --format csv
