eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_e0304_indicateur_inconnu.csv
