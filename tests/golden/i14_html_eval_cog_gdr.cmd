eval examples/cog_gdr.cible --format html
