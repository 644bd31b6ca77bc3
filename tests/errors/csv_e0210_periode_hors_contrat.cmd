eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0210_periode_hors_contrat.csv
