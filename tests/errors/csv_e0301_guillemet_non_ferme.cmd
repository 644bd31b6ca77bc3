eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0301_guillemet_non_ferme.csv
