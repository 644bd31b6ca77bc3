eval tests/fixtures/csv_contrat.cible --mesures tests/errors/absent.csv
