eval examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible examples/cog_gdr.cible examples/cog_prado.cible examples/cog_prado_avenant1.cible
