eval tests/golden/a_partir_de_contrat.cible
