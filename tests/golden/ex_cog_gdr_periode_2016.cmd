eval examples/cog_gdr.cible --periode 2016
