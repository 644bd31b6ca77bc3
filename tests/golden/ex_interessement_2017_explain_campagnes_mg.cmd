eval examples/interessement_2017.cible --explain campagnes_mg
