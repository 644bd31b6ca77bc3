eval tests/fixtures/i12_pf/ --mesures tests/fixtures/i12_pf/mesures.csv --periode "an 2"
