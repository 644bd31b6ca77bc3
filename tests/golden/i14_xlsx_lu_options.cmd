eval tests/fixtures/xlsx/contrat.cible --mesures tests/fixtures/xlsx/fraction.xlsx --pourcentages fraction --decimale virgule
