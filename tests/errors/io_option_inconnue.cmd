eval --bavard tests/errors/csv_contrat.cible
