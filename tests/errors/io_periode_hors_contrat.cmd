eval tests/fixtures/csv_contrat.cible --periode 2030
