eval tests/fixtures/xlsx/contrat.cible --mesures tests/fixtures/xlsx/deux_feuilles.xlsx
