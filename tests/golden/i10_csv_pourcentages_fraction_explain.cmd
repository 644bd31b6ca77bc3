eval tests/fixtures/csv_contrat.cible --mesures tests/golden/i10_csv_pourcentages_fraction.csv --explain ib --periode 2020
