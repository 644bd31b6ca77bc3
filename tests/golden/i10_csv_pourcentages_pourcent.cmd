eval tests/fixtures/csv_contrat.cible --mesures tests/golden/i10_csv_pourcentages_pourcent.csv --pourcentages pourcent
