check tests/errors/csv_contrat.cible --decimale virgul
