echeancier examples/cpts_echeancier.cible --format csv --csv-excel
