eval tests/fixtures/csv_contrat.cible --format xml
