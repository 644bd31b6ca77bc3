eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0307_periode_illisible.csv
