eval tests/errors/csv_contrat.cible --mesures tests/errors/absent.csv
