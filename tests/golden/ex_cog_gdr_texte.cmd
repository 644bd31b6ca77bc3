eval examples/cog_gdr.cible
