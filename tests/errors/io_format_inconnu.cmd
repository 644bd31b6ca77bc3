eval tests/errors/csv_contrat.cible --format csv
