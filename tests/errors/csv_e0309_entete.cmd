eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0309_entete.csv
