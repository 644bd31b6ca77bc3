eval --bavard tests/fixtures/csv_contrat.cible
