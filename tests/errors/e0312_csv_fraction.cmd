eval tests/fixtures/csv_contrat.cible --mesures tests/errors/e0312_csv_fraction.csv
