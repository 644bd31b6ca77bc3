eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0303_contrat_inconnu.csv
