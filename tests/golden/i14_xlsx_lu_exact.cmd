eval tests/fixtures/xlsx/contrat.cible --mesures tests/fixtures/xlsx/ok.xlsx --explain base
