check tests/fixtures/csv_contrat.cible --decimale virgul
