mesures --modele examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible
