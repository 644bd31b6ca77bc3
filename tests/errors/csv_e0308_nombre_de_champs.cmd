eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0308_nombre_de_champs.csv
