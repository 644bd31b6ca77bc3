check examples/cog_gdr.cible
