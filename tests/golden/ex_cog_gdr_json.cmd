eval examples/cog_gdr.cible --format json
