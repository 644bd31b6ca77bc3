eval tests/fixtures/csv_contrat.cible --mesures tests/errors/e0306_csv_marque_non_declaree.csv
