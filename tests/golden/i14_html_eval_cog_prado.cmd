eval examples/cog_prado.cible --format html
