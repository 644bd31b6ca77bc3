eval tests/errors/csv_contrat.cible --periode 2030
