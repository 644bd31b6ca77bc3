eval examples/cafe_cpts.cible --format csv --csv-excel
