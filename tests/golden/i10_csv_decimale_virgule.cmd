eval tests/fixtures/csv_contrat.cible --mesures tests/golden/i10_csv_decimale_virgule.csv
