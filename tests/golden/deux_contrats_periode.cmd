eval examples/cafe_cpts.cible examples/cog_gdr.cible --periode 2016
