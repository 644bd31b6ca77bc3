eval examples/interessement_2017.cible --periode 2017
