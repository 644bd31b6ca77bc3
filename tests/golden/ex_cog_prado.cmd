eval examples/cog_prado.cible
