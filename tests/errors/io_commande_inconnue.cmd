frobnique tests/fixtures/csv_contrat.cible
