eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0305_ligne_double.csv
