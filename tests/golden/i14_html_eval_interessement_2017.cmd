eval examples/interessement_2017.cible --format html
