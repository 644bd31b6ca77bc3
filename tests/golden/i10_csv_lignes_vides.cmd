eval tests/fixtures/csv_contrat.cible --mesures tests/golden/i10_csv_lignes_vides.csv --periode 2020
