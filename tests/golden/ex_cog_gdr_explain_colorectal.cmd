eval examples/cog_gdr.cible --explain colorectal
