eval examples/interessement_2017.cible --explain locale
