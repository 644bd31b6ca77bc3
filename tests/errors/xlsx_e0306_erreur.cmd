eval tests/fixtures/xlsx/contrat.cible --mesures tests/fixtures/xlsx/erreur.xlsx
