eval tests/golden/i10_encodage_csv_latin1.cible --mesures tests/golden/i10_nfd_mesures.csv
