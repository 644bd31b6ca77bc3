eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0306_valeur_vide.csv
