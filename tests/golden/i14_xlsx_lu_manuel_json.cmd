eval tests/fixtures/xlsx/contrat.cible --mesures tests/fixtures/xlsx/manuel.xlsx --format json
