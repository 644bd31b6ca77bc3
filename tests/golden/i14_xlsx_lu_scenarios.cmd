eval tests/fixtures/xlsx/contrat.cible --scenario tests/fixtures/xlsx/ok.xlsx --scenario tests/fixtures/xlsx/manuel.xlsx
