eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0302_texte_apres_guillemet.csv
