eval tests/fixtures/xlsx/contrat.cible --mesures tests/fixtures/xlsx/zip_casse.xlsx
