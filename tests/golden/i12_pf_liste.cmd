eval --liste tests/fixtures/i12_pf/liste.txt --mesures tests/fixtures/i12_pf/mesures.csv --periode "an 1"
