eval tests/fixtures/csv_contrat.cible --mesures tests/errors/csv_ok_bom_crlf.csv
