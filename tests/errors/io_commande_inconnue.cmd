frobnique tests/errors/csv_contrat.cible
