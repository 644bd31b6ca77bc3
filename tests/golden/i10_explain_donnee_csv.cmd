eval tests/golden/i10_explain_donnee.cible --mesures tests/golden/i10_explain_donnee.csv --explain csv
