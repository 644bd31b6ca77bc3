test examples/cog_prado.cible examples/cog_prado_avenant1.cible --format html
