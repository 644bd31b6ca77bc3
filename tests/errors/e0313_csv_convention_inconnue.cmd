eval tests/fixtures/csv_contrat.cible --mesures tests/errors/e0313_csv_convention_inconnue.csv
