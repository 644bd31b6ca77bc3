fmt --encodage latin1 --encodage utf8 examples/cafe_cpts.cible
