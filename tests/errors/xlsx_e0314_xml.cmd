eval tests/fixtures/xlsx/contrat.cible --mesures tests/fixtures/xlsx/xml_casse.xlsx
