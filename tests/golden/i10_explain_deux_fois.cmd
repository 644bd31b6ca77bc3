eval examples/cafe_cpts.cible --explain inclus_bareme --explain inclus_binaire
