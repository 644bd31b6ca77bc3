eval tests/fixtures/csv_contrat.cible --mesures tests/errors/e0311_csv_virgule.csv
